"""The re-scan fast path (``oit_checker/crawl/revalidate.py``): an unchanged site is revalidated without
Scrapy, with conditional GETs; a changed page falls back to the full crawl; a changed document is the
only one read again; a document gone is a broken link; a server down is never "not disclosed"."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fixtures.extract_docs import make_pdf

from oit_checker import crawl, judged, serve
from oit_checker.crawl import revalidate
from oit_checker.crawl.target import check_url
from oit_checker.errors import UserError
from oit_checker.options import CRAWL_DEFAULTS, Options
from oit_checker.serve import SiteServer

PAGE = ("<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        "<nav><a href='/index.html'>หน้าแรก</a> <a href='/plan.html'>แผนการจัดซื้อจัดจ้าง</a></nav>"
        "<main><h1>{title}</h1><p>{body}</p></main></body></html>")
PLAN_LINKS = "<a href='/docs/plan.pdf'>แผนการจัดซื้อจัดจ้าง ประจำปี ๒๕๖๕</a>"
PLAN_FULL = [["แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2565", "รายการจัดซื้อจัดจ้าง วัสดุสำนักงาน",
              "งบประมาณที่ใช้ 150,000 บาท"]]
PLAN_BARE = [["แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2565"]]


def _site(root: Path, plan_pdf: list) -> Path:
    root.mkdir(parents=True)
    (root / "index.html").write_text(PAGE.format(title="เทศบาลตำบลทดสอบ", body="ยินดีต้อนรับ"), encoding="utf-8")
    (root / "plan.html").write_text(PAGE.format(title="แผนการจัดซื้อจัดจ้าง", body=PLAN_LINKS), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "plan.pdf").write_bytes(make_pdf(plan_pdf))
    return root


@pytest.fixture
def statuses(monkeypatch) -> list:
    """(path, status) of every answer the local site server sends."""
    seen: list = []
    real = serve._Handler.send_response

    def send_response(self, code, message=None):
        seen.append((self.path, int(code)))
        return real(self, code, message)

    monkeypatch.setattr(serve._Handler, "send_response", send_response)
    return seen


def _rows(out: Path) -> dict:
    lines = (out / "corpus" / "fetched.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["url"]: r for r in map(json.loads, lines)}


def _crawl_record(out: Path) -> dict:
    return json.loads((out / "corpus" / "crawl.json").read_text(encoding="utf-8"))


def _verdicts(out: Path) -> dict:
    res = json.loads((out / "result.json").read_text(encoding="utf-8"))
    return {i["code"]: i["verdict"] for i in res["items"]}


def _scan(run_cli, url: str, out: Path, cache: Path, env: dict, *extra: str):
    done = run_cli("scan", "--profile", "ita-2565", url, "--out", out, "--no-history", "--delay", "0",
                   "--format", "json", "--no-progress", "--cache-dir", cache, *extra, env=env)
    assert done.returncode in (0, 1), done.stderr


def test_unchanged_site_then_a_changed_and_a_missing_document(tmp_path, run_cli, statuses):
    root = _site(tmp_path / "site", PLAN_BARE)
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    with SiteServer(root) as server:
        pdf = server.url + "docs/plan.pdf"
        _scan(run_cli, server.url, tmp_path / "one", cache, env)
        assert "revalidated" not in _crawl_record(tmp_path / "one")
        assert _verdicts(tmp_path / "one")["O21"] == "fail"  # no budget amounts in the plan

        # (a) unchanged: the fast path answers, every page and document revalidated by a 304, no body downloaded
        # tamper with the stored judgement: the unchanged re-scan must show it (reused, not judged again)
        [stored] = (cache / "judged").glob("*.json")
        kept = json.loads(stored.read_text(encoding="utf-8"))
        o1 = next(i for i in kept["items"] if i["code"] == "O1")
        o1["verdict"] = "pass"
        stored.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        mark = len(statuses)
        _scan(run_cli, server.url, tmp_path / "two", cache, env)
        again = dict(statuses[mark:])
        assert {"/index.html", "/plan.html", "/docs/plan.pdf"} <= set(again)
        assert again["/index.html"] == again["/plan.html"] == again["/docs/plan.pdf"] == 304
        crawl_two = _crawl_record(tmp_path / "two")
        assert crawl_two["status"] == "ok" and crawl_two["revalidated"]["changed"] == 0
        one, two = _rows(tmp_path / "one"), _rows(tmp_path / "two")
        assert set(one) == set(two) and two[pdf]["sha256"] == one[pdf]["sha256"]
        assert two[pdf]["fetched_at"] >= one[pdf]["fetched_at"]
        assert _verdicts(tmp_path / "two") == {**_verdicts(tmp_path / "one"), "O1": "pass"}  # the stored judgement
        assert len(list((cache / "documents").iterdir())) == 1  # the same fetch: the same text, reused
        docs_two = [json.loads(x) for x in (tmp_path / "two" / "corpus" / "documents.jsonl").read_text(
            encoding="utf-8").splitlines()]
        assert {d["url"]: d["fetched_at"] for d in docs_two} == {u: r["fetched_at"] for u, r in two.items()}

        # (c) one document changed: fast path, only it is downloaded and read again; the verdict follows it
        (root / "docs" / "plan.pdf").write_bytes(make_pdf(PLAN_FULL))
        mark = len(statuses)
        _scan(run_cli, server.url, tmp_path / "three", cache, env)
        assert _crawl_record(tmp_path / "three")["revalidated"]["changed"] == 1
        again = dict(statuses[mark:])
        assert again["/docs/plan.pdf"] == 200 and again["/plan.html"] == 304
        assert _rows(tmp_path / "three")[pdf]["sha256"] != one[pdf]["sha256"]
        assert _verdicts(tmp_path / "three")["O21"] == "pass"

        # (d) the evidence is gone (404): a broken link, the 304-proof is gone, the item fails again
        (root / "docs" / "plan.pdf").unlink()
        _scan(run_cli, server.url, tmp_path / "four", cache, env)
        assert _crawl_record(tmp_path / "four")["revalidated"]["broken"] == 1
        gone = _rows(tmp_path / "four")[pdf]
        assert gone["status"] == 404 and gone["error"] == "http_404" and not gone["file"]
        assert _verdicts(tmp_path / "four")["O21"] == "fail"


def _crawl(url: str, out: Path, cache: Path) -> dict:
    return crawl.run(url, out / "corpus", Options(quiet=True, crawl={"delay": 0}, cache_dir=str(cache)))


def test_a_changed_page_falls_back_to_the_full_crawl(tmp_path):
    root = _site(tmp_path / "site", PLAN_BARE)
    cache = tmp_path / "cache"
    with SiteServer(root) as server:
        _crawl(server.url, tmp_path / "one", cache)
        assert _crawl(server.url, tmp_path / "two", cache).get("revalidated")  # the fast path
        (root / "docs" / "report.pdf").write_bytes(make_pdf(PLAN_FULL))
        (root / "plan.html").write_text(PAGE.format(
            title="แผนการจัดซื้อจัดจ้าง", body=PLAN_LINKS + " <a href='/docs/report.pdf'>รายงานผล</a>"),
            encoding="utf-8")
        data = _crawl(server.url, tmp_path / "three", cache)
        assert "revalidated" not in data and data["status"] == "ok"
        assert server.url + "docs/report.pdf" in _rows(tmp_path / "three")  # the new link was followed
        log = (tmp_path / "three" / "corpus" / "crawl.log").read_text(encoding="utf-8")
        assert "re-scan fast path not taken: page_changed" in log
        # the full crawl is the new snapshot: the next re-scan is fast again, and knows the new document
        data = _crawl(server.url, tmp_path / "four", cache)
        assert data.get("revalidated") and server.url + "docs/report.pdf" in _rows(tmp_path / "four")


def test_server_down_during_the_fast_path_is_never_not_disclosed(tmp_path):
    root = _site(tmp_path / "site", PLAN_BARE)
    cache = tmp_path / "cache"
    with SiteServer(root) as server:
        url = server.url
        _crawl(url, tmp_path / "one", cache)
    # the server is gone: the fast path cannot vouch for anything and says so ...
    with pytest.raises(revalidate.Fallback) as why:
        revalidate.run(check_url(url), tmp_path / "two" / "corpus", {**CRAWL_DEFAULTS, "delay": 0,
                                                                    "cache_dir": str(cache)})
    assert why.value.code == "fetch_failed"
    assert not (tmp_path / "two" / "corpus" / "fetched.jsonl").exists()  # nothing written for the crawl
    # ... and the scan falls back to the full crawl, which reports the site unreachable (not "not disclosed")
    with pytest.raises(UserError) as err:
        _crawl(url, tmp_path / "three", cache)
    assert err.value.key == "crawl.unreachable"


def test_the_judgement_is_reused_only_for_the_same_inputs(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "crawl.json").write_text(json.dumps({"start_url": "http://t.go.th/", "status": "ok",
                                                   "started_at": "2026-01-01T00:00:00+00:00"}), encoding="utf-8")
    row = {"url": "http://t.go.th/", "fetched_at": "2026-01-01T00:00:01+00:00", "pages": [{"n": 1, "text": "ก"}]}
    (corpus / "documents.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (corpus / "links.jsonl").write_text("", encoding="utf-8")
    opts = Options(profile="ita-2565", cache_dir=str(tmp_path / "cache"))
    key = judged.fingerprint(corpus, opts)
    assert key and judged.get(opts.cache_dir, key) is None
    judged.put(opts.cache_dir, key, {"items": [{"code": "O1", "verdict": "fail"}], "generated_at": "old"})
    assert judged.get(opts.cache_dir, key)["items"] == [{"code": "O1", "verdict": "fail"}]
    assert judged.get(opts.cache_dir, key)["generated_at"] != "old"  # the scan date is today's

    # the fetch and crawl dates change on every re-scan: the same judgement
    (corpus / "documents.jsonl").write_text(json.dumps({**row, "fetched_at": "2026-02-02T00:00:00+00:00"}) + "\n",
                                            encoding="utf-8")
    crawl = json.loads((corpus / "crawl.json").read_text(encoding="utf-8"))
    (corpus / "crawl.json").write_text(json.dumps({**crawl, "started_at": "2026-02-02T00:00:00+00:00",
                                                   "revalidated": {"unchanged": 1}}), encoding="utf-8")
    assert judged.fingerprint(corpus, opts) == key
    # any other input is another judgement
    assert judged.fingerprint(corpus, Options(profile="ita-2565", cache_dir=opts.cache_dir, fiscal_year=2566)) != key
    assert judged.fingerprint(corpus, Options(profile="ita-2566", cache_dir=opts.cache_dir)) != key
    assert judged.fingerprint(corpus, Options(profile="ita-2565", cache_dir=opts.cache_dir, lang="en")) != key
    assert judged.fingerprint(corpus, Options(profile="ita-2565", cache_dir=opts.cache_dir,
                                              overrides=[{"item": "O1"}])) is None  # hand checks keep state
    (corpus / "links.jsonl").write_text(json.dumps({"src": "a", "url": "b", "text": "c"}) + "\n", encoding="utf-8")
    assert judged.fingerprint(corpus, opts) != key
    (corpus / "links.jsonl").write_text("", encoding="utf-8")
    (corpus / "documents.jsonl").write_text(json.dumps({**row, "pages": [{"n": 1, "text": "ข"}]}) + "\n",
                                            encoding="utf-8")
    assert judged.fingerprint(corpus, opts) != key


def test_the_text_of_the_same_fetch_is_reused_with_todays_dates(tmp_path):
    from oit_checker.extract import previous

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [{"url": "http://t.go.th/", "fetched_at": "2026-01-01T00:00:00+00:00", "sha256": "a"},
            {"url": "http://t.go.th/a.pdf", "fetched_at": "2026-01-01T00:00:01+00:00", "sha256": "b"}]

    def write(name: str, items: list) -> None:
        (corpus / name).write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")

    write("fetched.jsonl", rows)
    write("documents.jsonl", [{**r, "pages": [{"n": 1, "text": "ก"}]} for r in rows])
    cache = tmp_path / "cache"
    key = previous.key(corpus, True, 100)
    assert not previous.restore(corpus, cache, key)  # nothing kept yet
    previous.keep(corpus, cache, key)

    later = [{**r, "fetched_at": "2026-02-02T00:00:00+00:00"} for r in rows]  # a re-scan: only the dates differ
    write("fetched.jsonl", later)
    (corpus / "documents.jsonl").unlink()
    assert previous.key(corpus, True, 100) == key and previous.key(corpus, False, 100) != key
    assert previous.key(corpus, True, 5) != key  # another OCR budget: read again
    assert previous.restore(corpus, cache, key)
    docs = [json.loads(x) for x in (corpus / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["fetched_at"] for d in docs] == ["2026-02-02T00:00:00+00:00"] * 2
    assert docs[1]["pages"][0]["text"] == "ก"

    write("fetched.jsonl", [rows[0], {**rows[1], "sha256": "c"}])  # a document changed: another key
    assert previous.key(corpus, True, 100) != key

    # a document that could not be read is read again next time: such a reading is not kept
    write("documents.jsonl", [{**rows[0], "pages": []}, {**rows[1], "extract_error": "timeout", "pages": []}])
    other = previous.key(corpus, True, 100)
    previous.keep(corpus, cache, other)
    assert not previous.restore(corpus, cache, other)


def test_the_fast_path_keeps_the_scans_pace(tmp_path):
    """The polite default stays polite: the spider's delay, AutoThrottle and concurrency per host, its user agent."""
    from spiders import settings as project

    polite = revalidate._settings({**CRAWL_DEFAULTS, "cache_dir": None}, tmp_path)
    client = revalidate.Client(session=None, settings=polite)
    slot = client.slot("www.t.go.th")
    assert slot.min_delay == slot.delay == CRAWL_DEFAULTS["delay"] > 0
    assert slot.sem._value == CRAWL_DEFAULTS["concurrency"] and client.throttle is not None
    assert polite["USER_AGENT"] == project.USER_AGENT
    slot.observe(latency=4.0, status=200)  # a slow server: AutoThrottle's rule slows down, as Scrapy's does
    assert slot.delay > CRAWL_DEFAULTS["delay"]
    fast = revalidate._settings({**CRAWL_DEFAULTS, "delay": 0, "concurrency": 8, "cache_dir": None}, tmp_path)
    slot = revalidate.Client(session=None, settings=fast).slot("www.t.go.th")
    assert slot.delay == 0 and slot.sem._value == 8  # --delay 0 (a local site, the benchmark): no pause
