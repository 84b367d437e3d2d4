"""Run a rule's pass/fail fixtures: a small corpus in YAML, judged like a crawled site.

Kept apart from the profile loader so that loading rules never needs the judge.
"""

from __future__ import annotations

from pathlib import Path

from oit_checker import checker, thai
from oit_checker.corpus import Corpus, Document, Link, Page
from oit_checker.profiles import Profile, load_profile, read_yaml


def fixture_corpus(data: dict):
    """A small in-memory corpus from a fixture mapping (documents, links)."""
    docs = []
    for raw in data.get("documents", []):
        d = dict(raw)
        text = d.pop("text", None)
        pages = d.pop("pages", None)
        if pages is None:
            pages = [{"n": 1, "text": text}] if text is not None else []
        d["pages"] = [Page(n=int(p.get("n", i + 1)), text=p.get("text", ""), norm=thai.normalize(p.get("text", "")),
                           needs_ocr=bool(p.get("needs_ocr", False)), label=p.get("label", ""),
                           ocr=bool(p.get("ocr", False)), ocr_conf=p.get("ocr_conf"),
                           ocr_skipped=p.get("ocr_skipped", ""))
                      for i, p in enumerate(pages)]
        d.setdefault("status", 200)
        d.setdefault("final_url", d["url"])
        doc = Document(**{k: v for k, v in d.items() if k in Document.__dataclass_fields__})
        docs.append(doc)
    links = [Link(**{k: v for k, v in lk.items() if k in Link.__dataclass_fields__}) for lk in data.get("links", [])]
    start = data.get("start_url") or (docs[0].url if docs else "")
    return Corpus(root=Path("."), crawl={"start_url": start}, documents=docs, links=links)


def run_fixture(path: Path, profile: Profile | None = None, lang: str = "th") -> dict:
    """Judge a rule fixture; returns got/expected verdicts and finding kinds, and ``ok``."""
    path = Path(path)
    data = read_yaml(path)
    code = path.name.split(".")[0]
    if profile is None:
        profile = load_profile(path.parent, validate=False)
    if data.get("fiscal_year") and int(data["fiscal_year"]) != profile.fiscal_year:
        profile = load_profile(profile.path, fiscal_year=int(data["fiscal_year"]), validate=False)
    item = checker.judge(profile.rule(code), fixture_corpus(data), profile, lang)
    want = data["expect"]
    got_kinds = sorted({f["kind"] for f in item["findings"]})
    want_kinds = sorted(set(want.get("findings", [])))
    ok = item["verdict"] == want["verdict"] and (not want_kinds or set(want_kinds) <= set(got_kinds))
    if "found" in want:  # the year a wrong_period finding names: which of several failing documents speaks
        ok = ok and any(f.get("found") == want["found"] for f in item["findings"])
    return {"path": str(path), "code": code, "ok": ok, "got": item["verdict"], "want": want["verdict"],
            "got_kinds": got_kinds, "want_kinds": want_kinds, "item": item}
