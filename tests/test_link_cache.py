"""The link cache of re-scans (spiders/linkcache.py): an unchanged page is not parsed again, yet its
links are still followed; a changed page is parsed again and its new links are followed."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

from fixtures.extract_docs import PHRASE_1, make_pdf

from oit_checker.serve import SiteServer
from spiders.linkcache import LinkCache, PageLinks

PAGE = ("<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        "<nav><a href='/index.html'>หน้าแรก</a> <a href='/plan.html'>แผนการจัดซื้อจัดจ้าง</a></nav>"
        "<main><h1>{title}</h1><p>{body}</p></main></body></html>")


def _plan(doc: str) -> str:
    return PAGE.format(title="แผนการจัดซื้อจัดจ้าง", body=f"<a href='/docs/{doc}'>แผนการจัดซื้อจัดจ้าง ประจำปี ๒๕๖๕</a>")


def _site(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "index.html").write_text(PAGE.format(title="เทศบาลตำบลทดสอบ", body="ยินดีต้อนรับ"), encoding="utf-8")
    (root / "plan.html").write_text(_plan("plan.pdf"), encoding="utf-8")
    for name in ("plan.pdf", "extra.pdf", "new.pdf"):
        (root / "docs" / name).write_bytes(make_pdf([[PHRASE_1], [name]]))
    return root


def _entry_linking(cache: Path, target: str) -> tuple[Path, PageLinks]:
    """The cached summary whose links include ``target`` (the plan page's entry)."""
    for path in (cache / "links").rglob("*.pickle"):
        summary = pickle.loads(path.read_bytes())
        if any(lk["url"].endswith(target) for lk in summary.links):
            return path, summary
    raise AssertionError(f"no cached page links to {target}")


def test_unchanged_pages_reuse_their_links_and_changed_pages_are_read_again(tmp_path, run_cli):
    root = _site(tmp_path / "site")
    cache = tmp_path / "cache"
    log: list = []
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    args = ["--no-history", "--delay", "0", "--quiet", "--format", "json", "--cache-dir", str(cache)]
    with SiteServer(root, request_log=log) as server:
        first = run_cli("scan", "--profile", "ita-2565", server.url, "--out", tmp_path / "one", *args, env=env)
        assert first.returncode in (0, 1), first.stderr
        asked = {p for p, _ in log}
        assert "/docs/plan.pdf" in asked and "/docs/extra.pdf" not in asked
        path, summary = _entry_linking(cache, "/docs/plan.pdf")
        assert summary.encoding == "utf-8" and summary.title == "แผนการจัดซื้อจัดจ้าง"

        # Prove the second scan uses the stored links instead of parsing the unchanged page: add a link
        # to the stored entry only. The page itself answers 304 and still links to plan.pdf alone.
        summary.links.append({"kind": "a", "url": server.url + "docs/extra.pdf", "text": "เพิ่มเติม", "nav": False})
        path.write_bytes(pickle.dumps(summary))
        shutil.rmtree(cache / "sites")  # no snapshot: the Scrapy crawl, not the fast path (test_rescan_fast.py)
        start = len(log)
        second = run_cli("scan", "--profile", "ita-2565", server.url, "--out", tmp_path / "two", *args, env=env)
        assert second.returncode == first.returncode, second.stderr
        again = log[start:]
        conditional = {p for p, h in again if "If-None-Match" in h}
        assert "/plan.html" in conditional  # revalidated (304), not downloaded ...
        asked = {p for p, _ in again}
        assert {"/docs/plan.pdf", "/docs/extra.pdf"} <= asked  # ... and its (stored) links still followed

        (root / "plan.html").write_text(_plan("new.pdf"), encoding="utf-8")  # the officer fixes the page
        start = len(log)
        third = run_cli("scan", "--profile", "ita-2565", server.url, "--out", tmp_path / "three", *args, env=env)
        assert third.returncode in (0, 1), third.stderr
        asked = {p for p, _ in log[start:]}
        assert "/docs/new.pdf" in asked  # the changed page was parsed again: its new link is followed
        assert "/docs/extra.pdf" not in asked and "/docs/plan.pdf" not in asked  # the old links are gone
        _entry_linking(cache, "/docs/new.pdf")


def test_link_cache_keys_on_url_bytes_and_charset(tmp_path):
    cache = LinkCache(tmp_path)
    body = "<html><body><a href='/a'>ก</a></body></html>".encode()
    key = cache.key("http://t.go.th/p", body, None)
    assert cache.get(key) is None
    cache.put(key, PageLinks(encoding="utf-8", title="", links=[{"kind": "a", "url": "http://t.go.th/a",
                                                                  "text": "ก", "nav": False}], shown=set()))
    assert cache.get(key).links[0]["url"] == "http://t.go.th/a"
    assert cache.key("http://t.go.th/p", body, None) == key
    assert cache.key("http://t.go.th/q", body, None) != key  # another page (relative links differ)
    assert cache.key("http://t.go.th/p", body + b" ", None) != key  # changed bytes
    assert cache.key("http://t.go.th/p", body, "tis-620") != key  # another declared charset
    (tmp_path / key[:2] / f"{key}.pickle").write_bytes(b"not a pickle")
    assert cache.get(key) is None  # unreadable: a miss, never an error
    assert LinkCache(None).get(key) is None
