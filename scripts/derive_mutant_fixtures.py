"""Propose fail fixtures for the mutations ``oit-check rules test --mutate`` reports uncaught.

For each uncaught mutation of a profile, the rule's own pass fixture is turned into the page an
agency publishes without that one requirement: the lines of its section left out (a phrase
group or page element), its map or photos not shown, an older or undated edition, or the file
kept on Google Drive and shared only from the agency's Facebook page. A proposal is written only
when it fails with the expected finding *and* passes once the requirement it is for is dropped (so
it fails for that one reason; for an off-site channel page, its off_site finding goes); everything
else is left for a rule author to write by hand. Review the files before committing them.

    python scripts/derive_mutant_fixtures.py ita-2565 [--dry-run]
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import yaml

from oit_checker import fixtures, mutate, profiles, thai
from oit_checker.checks.findings import text_of
from oit_checker.locate import match_term

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
FINDING = {"phrases": "missing_phrases", "elements": "missing_elements", "period": "wrong_period",
           "on_site": "off_site"}


def _evidence_docs(data: dict) -> list[dict]:
    start = data.get("start_url") or data["documents"][0]["url"]
    return [d for d in data["documents"] if d["url"] != start]


def _texts(doc: dict) -> list[tuple[dict, str]]:
    """(holder, key) of every text field of a fixture document."""
    out = [(doc, "text")] if "text" in doc else []
    out += [(p, "text") for p in doc.get("pages", [])]
    return out


def _drop_lines(data: dict, hit) -> bool:
    changed = False
    for doc in _evidence_docs(data):
        for holder, key in _texts(doc):
            lines = str(holder.get(key) or "").split("\n")
            kept = [ln for ln in lines if not hit(ln)]
            if len(kept) != len(lines):
                holder[key] = "\n".join(kept)
                changed = True
    return changed


def _term_hit(terms: list[str]):
    return lambda line: any(match_term(thai.normalize(line), None, t) for t in terms)


def _group_terms(g: object) -> list[str]:
    return list(g["any"]) if isinstance(g, dict) else list(g)


def _rewrite(data: dict, fn) -> bool:
    """Apply ``fn`` to every text of the evidence documents: title, texts, link texts, headings (True: some changed)."""
    changed = False
    for doc in _evidence_docs(data):
        fields = [(doc, "title"), *_texts(doc)]
        fields += [(doc["link_texts"], i) for i in range(len(doc.get("link_texts", [])))]
        fields += [(doc["headings"], i) for i in range(len(doc.get("headings", [])))]
        for holder, key in fields:
            try:
                old = holder[key]
            except (KeyError, IndexError):
                continue
            if isinstance(old, str) and (new := fn(old)) != old:
                holder[key] = new
                changed = True
    return changed


def _shift_years(data: dict, by: int = -2) -> bool:
    def be(m: re.Match) -> str:
        y = int(m.group(0).translate(THAI_DIGITS))
        return str(y + by) if 2540 <= y <= 2600 else m.group(0)

    def short(m: re.Match) -> str:
        return f"{m.group(1)}{int(m.group(2)) + by}"

    return _rewrite(data, lambda old: re.sub(r"((?:พ\.ศ\.|ปี|งบประมาณ|\.)\s?)([4-7][0-9])\b", short,
                                             re.sub(r"[2๒][5๕][0-9๐-๙]{2}", be, old)))


def _strip_years(data: dict) -> bool:
    """The same document with no year anywhere: no BE/CE year, no dated line (an undated edition)."""
    year = r"(?:พ\.ศ\.\s?|ค\.ศ\.\s?)?(?:[2๒][5๕][0-9๐-๙]{2}|20[0-9]{2})"
    short = r"((?:พ\.ศ\.|ปี|งบประมาณ|\.)\s?)[4-7][0-9]\b"

    def strip(old: str) -> str:
        new = re.sub(short, r"\1", re.sub(year, "", old))
        new = re.sub(r"(ประจำปีงบประมาณ|ปีงบประมาณ|ประจำปี)\s*", "", new)
        return re.sub(r"[ \t]{2,}", " ", new).strip()

    return _rewrite(data, strip)


def _off_site(data: dict) -> bool:
    """The evidence kept off the website: a post on the agency's Facebook page, or a file on Google
    Drive shared only from that page (the website never links to it)."""
    fb = "https://www.facebook.com/tambon.example/posts/"
    moved = {}
    for i, doc in enumerate(_evidence_docs(data)):
        if doc.get("kind") == "html":
            new = f"{fb}10{i}"
            doc["referrers"] = []
        else:
            new = f"https://drive.google.com/file/d/1Xa{i}bC/view"
            doc["referrers"] = [f"{fb}100"]
        moved[doc["url"]] = new
        doc["url"] = doc["final_url"] = new
        doc["external"] = True
    for lk in data.get("links", []):
        if lk.get("src") in moved:
            lk["src"] = moved[lk["src"]]
        if lk.get("url") in moved:
            lk["url"] = moved[lk["url"]]
            if not lk["src"].startswith(fb):
                lk["src"] = f"{fb}100"
            lk["external"] = True
    return bool(moved)


def derive(m: mutate.Mutation, rule, data: dict, retitle: bool = False) -> tuple[dict, str, str] | None:
    """(fixture data, file-name slug, description) of the page without ``m``'s requirement."""
    d = copy.deepcopy(data)
    cfg = rule.checks[m.check]
    if m.kind == "phrases":
        groups = [cfg["all"][m.index]] if m.part == "all" else list(cfg["any"])
        terms = [t for g in groups for t in _group_terms(g)]
        en = (text_of(groups[0].get("label"), "en") if isinstance(groups[0], dict) else "") or f"group{m.index}"
        hit = _term_hit(terms)
        if not retitle:
            return (d, "no-" + en, f"the same page without its part on {en}") if _drop_lines(d, hit) else None
        # the page names the item only in the menu link to it: its own title is the agency's name
        site = data["documents"][0].get("title") or ""
        changed = _drop_lines(d, hit)
        for doc in _evidence_docs(d):
            if hit(str(doc.get("title") or "")):
                doc["title"] = site if doc.get("kind") == "html" else ""
                changed = True
            if any(hit(h) for h in doc.get("headings", [])):
                doc["headings"] = [h for h in doc["headings"] if not hit(h)]
                changed = True
        return (d, "no-" + en, f"the item named only by the menu link, the page without its part on {en}") \
            if changed else None
    if m.kind == "elements" and m.part == "element":
        el = cfg["elements"][m.index]
        en = text_of(el.get("label"), "en") or el["name"]
        changed = False
        if el.get("patterns"):
            changed |= _drop_lines(d, _term_hit(el["patterns"]))
        for rx in el.get("regex", []):
            changed |= _drop_lines(d, lambda ln, rx=rx: re.search(rx, thai.normalize(ln)) is not None)
        for feat in el.get("features", []):
            for doc in _evidence_docs(d):
                if doc.get("kind") == "html":
                    doc.setdefault("features", {})[feat] = []
                    changed = True
        return (d, "no-" + en, f"the same page without its {en}") if changed else None
    if m.kind == "period" and m.part == "year_optional":
        return (d, "no-year", "the same document with no year stated anywhere (an undated edition)") \
            if _strip_years(d) else None
    if m.kind == "period":
        return (d, "old-year", "an older edition: the same document for an earlier fiscal year") \
            if _shift_years(d) else None
    if m.kind == "on_site":
        why = ("published only on the agency's Facebook page (a post, or a Google Drive file shared there), "
               "never linked from the website")
        return (d, "off-site", why) if _off_site(d) else None
    return None


def _slug(s: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", s.lower())).strip("-")[:32].strip("-")


def _write(path: Path, data: dict, code: str, desc: str) -> None:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(f"# Fixture for {code}: {desc}\n{body}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("profile")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    folder = profiles.profile_dir(args.profile)
    prof = profiles.load_profile(folder)
    report = mutate.run(folder, "en")
    made, left = 0, []
    written: dict[str, list] = {}
    for row in report["uncaught"]:
        code = row["code"]
        rule = prof.rule(code)
        m = next(x for x in mutate.mutations(rule, "en") if x.key() == row["key"])
        if any(mutate.fixture_catches(p, prof, m) for p in written.get(code, [])):
            continue  # a fixture written for another requirement of this rule catches it too
        want = FINDING.get(m.kind)
        ok = False
        tries = [(src, retitle) for retitle in (False, True) for src in sorted(folder.glob(f"{code}.*pass.yaml"))]
        for src, retitle in tries:
            if not src.name.startswith(code + ".") or (retitle and m.kind != "phrases"):
                continue
            got = derive(m, rule, profiles.read_yaml(src), retitle) if want else None
            if not got:
                continue
            data, slug, desc = got
            data.pop("expect", None)
            data["description"] = f"{desc} (from {src.name}); fails for that alone"
            data = {"description": data.pop("description"), **data, "expect": {"verdict": "fail", "findings": [want]}}
            path = folder / f"{code}.{_slug(slug)}.fail.yaml"
            if path.exists():
                continue
            _write(path, data, code, data["description"])
            res = fixtures.run_fixture(path, prof)
            # the one reason it fails: without the requirement it passes (an off-site channel page also fails
            # the channel check, so there the off_site finding itself must go)
            one = mutate.fixture_catches(path, prof, m, to_pass=m.kind != "on_site")
            if res["ok"] and one and not args.dry_run:
                made += 1
                written.setdefault(code, []).append(path)
                ok = True
                print(f"wrote {path.name}")
                break
            path.unlink()
        if not ok:
            left.append(f"{row['key']} {row['what']}")
    print(f"{made} fixtures written; {len(left)} left to write by hand:")
    for x in left:
        print("  " + x)
    return 0


if __name__ == "__main__":
    sys.exit(main())
