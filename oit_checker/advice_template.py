"""Fill a rule's advice and improvement measure from the shared template (``locale/advice.yaml``).

Nearly half of all rule-file lines used to be one advice/measure template with the item's
name pasted in; a rule now keeps only its own parts (criterion, ``measure.owner``) and may
still override ``advice`` or a measure field (``issue``, ``guideline``, ``steps``) in full.
"""

from __future__ import annotations

from oit_checker.i18n import LANGS, catalog

FIELDS = ("issue", "guideline", "steps")


def _entry(key: str, lang: str) -> str | None:
    return (catalog().get(key) or {}).get(lang)


def _subject(name: str, lang: str) -> str:
    """The item's name inside a sentence: lower-cased in English; in Thai a Latin word is spaced off."""
    if lang == "en":
        return name.lower()
    return " " + name if name[:1].isascii() else name


def placeholders(data: dict, lang: str) -> dict[str, str]:
    """The template's ``{code}``, ``{name}``, ``{subject}``, ``{criterion}`` and ``{period}`` of one rule."""
    name = str((data.get("name") or {}).get(lang) or data.get("code", ""))
    return {"code": str(data.get("code", "")), "name": name, "subject": _subject(name, lang),
            "criterion": str((data.get("criterion") or {}).get(lang) or ""),
            "period": _entry(f"advice.period.{data.get('period', 'none')}", lang) or ""}


def _steps(kw: dict[str, str], lang: str) -> list[str]:
    out, i = [], 1
    while (text := _entry(f"advice.step{i}", lang)) is not None:
        out.append(text.format(**kw))
        i += 1
    return out


def template(data: dict) -> tuple[dict, dict]:
    """The template's advice and measure (without owner) for one rule's data, in every language."""
    advice: dict = {}
    measure: dict = {f: {} for f in FIELDS}
    for lang in LANGS:
        kw = placeholders(data, lang)
        advice[lang] = _entry("advice.text", lang).format(**kw)
        measure["issue"][lang] = _entry("advice.issue", lang).format(**kw)
        measure["guideline"][lang] = _entry("advice.guideline", lang).format(**kw)
        measure["steps"][lang] = _steps(kw, lang)
    return advice, measure


def fill(data: dict) -> tuple[dict, dict]:
    """(advice, measure) of a rule: its own fields as written, the template for the rest."""
    advice, measure = template(data)
    own = data.get("measure") or {}
    if data.get("advice"):
        advice = data["advice"]
    measure = {f: own.get(f) or measure[f] for f in FIELDS}
    measure.update({k: v for k, v in own.items() if k not in FIELDS})
    return advice, measure
