"""Items checked by hand (``overrides:`` in the agency file), applied between verdict and score.

An officer who opened a scanned order and confirmed it should not see it as a gap in every
report forever — but a hand check is only as good as the evidence it looked at. So the first
scan that uses an override keeps a fingerprint of its evidence URL (the extracted text of a
page, the bytes of a file) in a small state file beside the agency file; a later scan that finds
the evidence changed, gone (404/410) or not fetched does not apply the override and says why.
Changing the override's ``date`` (a new hand check) starts a new fingerprint.

The item keeps the tool's verdict in ``override.original``; ``override`` has the shape
``{"verdict", "original", "reason", "url", "by", "date"}`` (the documents read it).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from oit_checker.corpus import Corpus, Document, now_iso
from oit_checker.i18n import t

KIND = "checked_by_hand"  # the finding kind that carries the hand-check note (result schema)
GONE = ("http_404", "http_410")


def fingerprint(doc: Document) -> str:
    """What must stay the same for a hand check to hold: a page's text (not its markup, which carries
    counters and dates), a file's bytes."""
    if doc.kind == "html" and doc.norm.strip():
        return "text:" + hashlib.sha256(" ".join(doc.norm.split()).encode("utf-8")).hexdigest()
    return "sha256:" + (doc.sha256 or hashlib.sha256(doc.text.encode("utf-8")).hexdigest())


def _find(corpus: Corpus, url: str) -> Document | None:
    docs = corpus.by_url()
    for u in (url, url.rstrip("/"), url.rstrip("/") + "/"):
        if u in docs:
            return docs[u]
    return None


def _state(doc: Document | None) -> tuple[str, str]:
    """(``ok`` | ``missing`` | ``unreached``, error) of the evidence in this run."""
    if doc is None:
        return "unreached", "not_fetched"
    error = doc.error or ("" if doc.ok else f"http_{doc.status}" if doc.status else "no_response")
    if error in GONE or doc.status in (404, 410):
        return "missing", error or f"http_{doc.status}"
    if error:
        return "unreached", error
    return "ok", ""


def _read_state(path: Path | None) -> dict:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_state(path: Path | None, state: dict) -> None:
    if path is None:
        return
    try:
        path.write_text(json.dumps(state, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only folder: the override still holds this run, it just cannot be tracked yet


def apply(items: list[dict], overrides: list[dict], corpus: Corpus, state_path: Path | None, lang: str,
          profile_id: str = "") -> list[dict]:
    """Apply the overrides whose evidence still holds to ``items`` (in place); return one note per override."""
    if not overrides:
        return []
    by_code = {it["code"]: it for it in items}
    state = _read_state(state_path)
    notes: list[dict] = []
    for ov in overrides:
        item = by_code.get(ov["code"])
        base = {"code": ov["code"], **{k: ov[k] for k in ("verdict", "reason", "url", "by", "date")}}
        if item is None:
            notes.append({**base, "state": "expired", "why": "unknown_item",
                          "message": t("override.expired.unknown_item", lang, code=ov["code"], profile=profile_id)})
            continue
        doc = _find(corpus, ov["url"])
        seen, error = _state(doc)
        key = f"{ov['code']}|{ov['url']}|{ov['date']}"
        why = seen if seen != "ok" else ""
        if not why and doc is not None:
            fp = fingerprint(doc)
            kept = state.get(key)
            if kept is None:
                state[key] = {"fingerprint": fp, "first_used": now_iso()}
            elif kept.get("fingerprint") != fp:
                why = "changed"
        if why:
            error_text = t("override.not_fetched", lang) if error == "not_fetched" else error
            msg = t(f"override.expired.{why}", lang, url=ov["url"], date=ov["date"], error=error_text)
            item["override_expired"] = {**base, "why": why, "message": msg}
            item.setdefault("findings", []).append(
                {"kind": KIND, "message": msg, "evidence": {"url": ov["url"], "snippet": "", "page": None}})
            notes.append({**base, "state": "expired", "why": why, "message": msg})
            continue
        _override(item, ov, doc, lang)
        notes.append({**base, "state": "applied", "original": item["override"]["original"],
                      "message": item["answer"]["explanation"]})
    _write_state(state_path, state)
    return notes


def _override(item: dict, ov: dict, doc: Document | None, lang: str) -> None:
    """The item as the officer judged it, the tool's verdict and findings kept beside it."""
    text = t("override.applied", lang, by=ov["by"], date=ov["date"], reason=ov["reason"])
    item["override"] = {"verdict": ov["verdict"], "original": item["verdict"], "reason": ov["reason"],
                        "url": ov["url"], "by": ov["by"], "date": ov["date"]}
    item["findings_before_override"] = item.get("findings") or []
    item["verdict"] = ov["verdict"]
    item["score"] = 100 if ov["verdict"] == "pass" else 0
    item["findings"] = [{"kind": KIND, "message": text,
                         "evidence": {"url": ov["url"], "snippet": "", "page": None}}]
    if ov["verdict"] == "pass":
        title = (doc.title if doc is not None else "") or ov["url"]
        rest = [e for e in item.get("evidence") or [] if e.get("url") != ov["url"]]
        item["evidence"] = [{"url": ov["url"], "title": title, "snippet": "", "page": None}, *rest]
        item["answer"] = {"disclosed": True, "url": ov["url"], "explanation": text}
    else:
        item["answer"] = {"disclosed": False, "url": "", "explanation": text}
