"""The crawl's record: inbound link texts gathered into fetched.jsonl, and crawl.json (counts and status).

fetched.jsonl and links.jsonl are the source of truth; this module only reads them back once
the spider has stopped, so the record is right however the crawl ended.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path

from oit_checker.corpus import CRAWL_FILE, FETCHED_FILE, LINKS_FILE, SCHEMA_VERSION, now_iso, read_jsonl
from oit_checker.states import SiteStatus, is_blocked_error, is_http_error, is_network_error
from spiders.urls import url_key


def aggregate_inbound(corpus_dir: Path, cap: int = 20) -> None:
    """Fill every Document's link_texts/referrers from links.jsonl (links found after the fetch too)."""
    fetched = corpus_dir / FETCHED_FILE
    if not fetched.exists():
        return
    index: dict[str, tuple[list[str], list[str]]] = {}
    for link in read_jsonl(corpus_dir / LINKS_FILE):
        try:
            key = url_key(link["url"])
        except (ValueError, KeyError):
            continue
        texts, refs = index.setdefault(key, ([], []))
        if link.get("text") and link["text"] not in texts and len(texts) < cap:
            texts.append(link["text"])
        if link.get("src") and link["src"] not in refs and len(refs) < cap:
            refs.append(link["src"])
    rows = list(read_jsonl(fetched))
    for row in rows:
        try:
            texts, refs = index.get(url_key(row["url"]), ([], []))
        except ValueError:
            continue
        row["link_texts"] = list(dict.fromkeys((row.get("link_texts") or []) + texts))[:cap]
        row["referrers"] = list(dict.fromkeys((row.get("referrers") or []) + refs))[:cap]
    tmp = fetched.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, fetched)


def summarize(corpus_dir: Path, start_url: str, close_reason: str, limits_hit: list[str],
              interrupted: bool) -> dict:
    """Counts and status of a crawl from fetched.jsonl / links.jsonl (the source of truth)."""
    docs = list(read_jsonl(corpus_dir / FETCHED_FILE))
    external = {row.get("url") for row in read_jsonl(corpus_dir / LINKS_FILE) if row.get("external")}
    ok = [d for d in docs if not d.get("error")]
    errors = [d for d in docs if d.get("error")]
    network = sum(1 for d in errors if is_network_error(d.get("error")))
    stats = {
        "pages": sum(1 for d in ok if d.get("kind") == "html"),
        "documents": sum(1 for d in ok if d.get("kind") != "html"),
        "errors": len(errors),
        "external": len(external),
        "bytes": sum(int(d.get("size") or 0) for d in ok),
        "tried": len(docs),
        "http_errors": sum(1 for d in errors if is_http_error(d.get("error"))),
        "network_errors": network,
    }
    home = url_key(start_url)
    start = next((d for d in docs if d.get("depth") == 0 and url_key(d.get("url", "")) == home), None)
    start = start or next((d for d in docs if d.get("depth") == 0), None)
    limits_hit = list(limits_hit)
    if close_reason == "closespider_timeout" and "max_time" not in limits_hit:
        limits_hit.append("max_time")
    start_error = (start or {}).get("error") if start else "no_response"
    if start is None or start_error:
        status = SiteStatus.BLOCKED if is_blocked_error(start_error) else SiteStatus.UNREACHABLE
    elif interrupted or limits_hit or close_reason not in ("finished", "", None):
        status = SiteStatus.PARTIAL
    elif network >= 5 and network >= 0.2 * len(docs):
        status = SiteStatus.PARTIAL
    else:
        status = SiteStatus.OK
    return {
        "status": str(status),
        "start_error": start_error,
        "stats": stats,
        "limits_hit": sorted(limits_hit),
        "errors": [{"url": d.get("url"), "error": d.get("error")} for d in errors][:1000],
    }


def finalize(corpus_dir: Path, start_url: str, started_at: str, close_reason: str, limits_hit: list[str] | None = None,
             skipped_traps: int = 0, settings: dict | None = None, interrupted: bool = False,
             host: str = "", aggregate: bool = True) -> dict:
    """Complete fetched.jsonl (inbound link texts; ``aggregate=False``: they are complete already) and
    write crawl.json; returns it."""
    corpus_dir = Path(corpus_dir)
    if aggregate:
        aggregate_inbound(corpus_dir)
    summary = summarize(corpus_dir, start_url, close_reason, limits_hit or [], interrupted)
    data = {
        "schema_version": SCHEMA_VERSION,
        "start_url": start_url,
        "host": host or (urllib.parse.urlsplit(start_url).hostname or ""),
        "started_at": started_at,
        "finished_at": now_iso(),
        "status": summary["status"],
        "interrupted": bool(interrupted or close_reason == "shutdown"),
        "close_reason": close_reason,
        "start_error": summary["start_error"],
        "limits_hit": summary["limits_hit"],
        "skipped_traps": skipped_traps,
        "stats": summary["stats"],
        "errors": summary["errors"],
        "settings": settings or {},
    }
    if data["interrupted"] and data["status"] == SiteStatus.OK:
        data["status"] = str(SiteStatus.PARTIAL)
    write(corpus_dir, data)
    return data


def write(corpus_dir: Path, data: dict) -> None:
    """Replace crawl.json atomically (a reader never sees half a file)."""
    tmp = corpus_dir / (CRAWL_FILE + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, corpus_dir / CRAWL_FILE)
