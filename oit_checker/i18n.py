"""Officer-facing messages in Thai (default) and English (``--lang en``).

Messages live in ``oit_checker/locale/*.yaml`` (one file per area, keys namespaced by
area, each key holding ``th`` and ``en``), so wording can change without touching code.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the catalogue loads at every start

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGS = ("th", "en")
_lang = "th"


def set_lang(lang: str) -> None:
    global _lang
    _lang = lang if lang in LANGS else "th"


def get_lang() -> str:
    return _lang


@functools.cache
def catalog() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALE_DIR.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}
        out.update(data)
    return out


def t(key: str, lang: str | None = None, **kw: object) -> str:
    """Translate ``key``; missing keys fall back to English, then to the key itself."""
    entry = catalog().get(key)
    if entry is None:
        return key
    text = entry.get(lang or _lang) or entry.get("en") or key
    try:
        return text.format(**kw)
    except (KeyError, IndexError):
        return text
