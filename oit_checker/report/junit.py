"""JUnit XML for CI dashboards: one testcase per OIT item, a failure carrying the findings.

A failing item is a ``<failure>``; an item that could not be read is an ``<error>`` (the
check could not be completed, which is not the same as "not disclosed").
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from oit_checker.i18n import t
from oit_checker.result import finding_text, items_by_code, oit


def build(result: dict, lang: str | None = None) -> ET.ElementTree:
    items = list(items_by_code(result).values())
    site = result.get("site") or {}
    name = (result.get("agency") or {}).get("name") or site.get("url") or "oit"
    failures = sum(1 for i in items if i.get("verdict") == "fail")
    errors = sum(1 for i in items if i.get("verdict") not in ("pass", "fail"))
    suites = ET.Element("testsuites", name="oit-checker", tests=str(len(items)), failures=str(failures),
                        errors=str(errors))
    suite = ET.SubElement(suites, "testsuite", name=str(name), tests=str(len(items)), failures=str(failures),
                          errors=str(errors), skipped="0", timestamp=str(result.get("generated_at") or ""))
    props = ET.SubElement(suite, "properties")
    profile = result.get("profile") or {}
    for key, value in (("site", site.get("url")), ("status", site.get("status")), ("profile", profile.get("id")),
                       ("fiscal_year", profile.get("fiscal_year")), ("oit", oit(result)),
                       ("level", (result.get("scores") or {}).get("level"))):
        if value is not None:
            ET.SubElement(props, "property", name=key, value=str(value))
    for it in items:
        code = str(it.get("code"))
        case = ET.SubElement(suite, "testcase", classname=f"oit.{it.get('group') or 'item'}",
                             name=f"{code} {it.get('name') or ''}".strip(), time="0")
        verdict = it.get("verdict")
        findings = finding_text(it)
        if it.get("advice") and verdict == "fail":
            findings = (findings + "\n" + t("fleet.junit_advice", lang, advice=it["advice"])).strip()
        if verdict == "fail":
            el = ET.SubElement(case, "failure", type="not_disclosed",
                               message=t("fleet.junit_fail", lang, code=code))
            el.text = findings
        elif verdict != "pass":
            el = ET.SubElement(case, "error", type=str(verdict), message=t("fleet.junit_unreadable", lang, code=code))
            el.text = findings
        evidence = [str(e.get("url")) for e in it.get("evidence") or [] if isinstance(e, dict) and e.get("url")]
        if evidence:
            ET.SubElement(case, "system-out").text = "\n".join(evidence)
    ET.indent(suites)
    return ET.ElementTree(suites)


def write(result: dict, out_dir: str | Path, lang: str | None = None) -> Path:
    """Write ``OUT/junit.xml`` and return its path."""
    path = Path(out_dir) / "junit.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    build(result, lang).write(path, encoding="utf-8", xml_declaration=True)
    return path
