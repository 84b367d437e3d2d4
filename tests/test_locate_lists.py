"""A list page (news list, document centre) points to documents; its entries are never the document.

Why: generated sites with planted partial coverage passed when the news list, whose entries name the
report and are dated in March, was taken for the report itself (its entries' post dates read as covered
months). The fixture ``rules/ita-2565/O15.news-list.fail.yaml`` pins the verdict."""

from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import candidates, index_for
from oit_checker.profiles import load_profile

HOST = "https://www.tambon-list.go.th"
ENTRIES = ["9 มี.ค. 2566 รายงานผลการดำเนินงาน",
           "12 มี.ค. 2566 รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต ประจำปี รอบ 6 เดือน",
           "15 มี.ค. 2566 ข้อมูลเชิงสถิติการให้บริการ", "18 มี.ค. 2566 ข่าวจัดซื้อจัดจ้าง", "21 มี.ค. 2566 แผนอัตรากำลัง"]


def _corpus(entries: list[str]):
    docs = [{"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
            {"url": f"{HOST}/announce/index.html", "kind": "html", "title": "ประกาศ", "text": "\n".join(entries)}]
    links = []
    for i, e in enumerate(entries):
        url = f"{HOST}/announce/view-{i}.html"
        docs.append({"url": url, "kind": "html", "title": e.split(" ", 3)[-1], "text": e.split(" ", 3)[-1]})
        links.append({"src": f"{HOST}/announce/index.html", "url": url, "text": e})
    return fixture_corpus({"start_url": f"{HOST}/", "documents": docs, "links": links})


def test_a_list_page_knows_its_entries_and_a_post_does_not():
    idx = index_for(_corpus(ENTRIES))
    assert idx.by_url[f"{HOST}/announce/index.html"].entries == tuple(ENTRIES)
    assert idx.by_url[f"{HOST}/announce/view-1.html"].entries == ()
    # three links are a post's attachments, not a list
    assert index_for(_corpus(ENTRIES[:3])).by_url[f"{HOST}/announce/index.html"].entries == ()


def test_an_entry_naming_the_item_does_not_make_the_list_its_evidence():
    prof = load_profile("ita-2566", fiscal_year=2566, validate=False)
    idx = index_for(_corpus(ENTRIES))
    lists = [c for c in candidates(prof.rule("O37"), idx) if c.view.url.endswith("/announce/index.html")]
    assert lists, "the list still mentions the item (content), it only may not present itself as it"
    assert not lists[0].eligible, lists[0].matched  # neither "opening" nor an "about" pattern read from entries
    post = next(c for c in candidates(prof.rule("O37"), idx) if c.view.url.endswith("/view-1.html"))
    assert post.eligible


def test_an_ita_index_table_row_names_the_item_of_its_link():
    """``O19 | ข้อมูลสถิติ… | <EB10 …แนวปฏิบัติ…>``: the row's item cell, not the link's words, says which
    item the link is; the post it opens holds only a Drive link, so the finding is off-site evidence."""
    from oit_checker.fixtures import run_fixture
    from oit_checker.paths import RULES_DIR

    item = run_fixture(RULES_DIR / "ita-2568" / "O19.hub-row-drive.fail.yaml", lang="en")["item"]
    assert item["verdict"] == "fail"
    (f,) = item["findings"]
    assert f["kind"] == "off_site" and f["reason"] == "file_host_only", f
    assert f["evidence"]["url"].endswith("/ita/x52.html") and f["link"].startswith("https://drive.google.com/")


def test_the_last_page_of_a_paged_list_is_a_list_with_few_entries():
    """A document centre's page 2 holding three posts and the pager "1" back to page 1 is a list (session 17,
    generator seed 1109: it was read as a village-forum document lacking its results); three links without a pager
    stay a post's attachments."""
    corpus = _corpus(ENTRIES[:3])
    corpus_paged = fixture_corpus({"start_url": f"{HOST}/", "documents": [
        *[{"url": d.url, "kind": d.kind, "title": d.title, "text": d.pages[0].text} for d in corpus.documents],
        {"url": f"{HOST}/announce/page-1.html", "kind": "html", "title": "ประกาศ", "text": "หน้าแรกของรายการ"}],
        "links": [*[{"src": lk.src, "url": lk.url, "text": lk.text} for lk in corpus.links],
                  {"src": f"{HOST}/announce/index.html", "url": f"{HOST}/announce/page-1.html", "text": "1"}]})
    assert index_for(corpus_paged).by_url[f"{HOST}/announce/index.html"].entries == tuple(ENTRIES[:3])
    assert index_for(corpus).by_url[f"{HOST}/announce/index.html"].entries == ()
