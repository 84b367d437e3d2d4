"""YAML from people we do not control (``--divisions``, a profile folder given by path): safe and bounded.

``yaml.safe_load`` constructs no objects, but an alias bomb ("billion laughs": a list of nine
references to a list of nine references to …) is a few hundred bytes that expands into
billions of values as soon as anything walks it, and a huge file is memory all the same.
:func:`load` refuses files over ``max_bytes`` and documents with more than ``max_aliases``
aliases; both raise ``yaml.YAMLError`` subclasses, so callers'
existing "not valid YAML" messages cover them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 2_000_000
MAX_ALIASES = 20  # 20 aliases expand to a few thousand values at most; a bomb needs dozens


class YamlLimitError(yaml.YAMLError):
    """The YAML is larger, or uses more aliases, than a hand-written file would."""


def _loader(max_aliases: int) -> type:
    class BoundedLoader(yaml.SafeLoader):  # the pure-Python composer: its compose_node can be hooked
        aliases = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > max_aliases:
                    raise YamlLimitError(f"more than {max_aliases} YAML aliases (&/*)")
            return super().compose_node(parent, index)

    return BoundedLoader


def loads(text: str, *, max_bytes: int = MAX_BYTES, max_aliases: int = MAX_ALIASES) -> Any:
    """``yaml.safe_load`` of ``text`` with a size and an alias limit."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise YamlLimitError(f"larger than {max_bytes} bytes")
    return yaml.load(text, Loader=_loader(max_aliases))  # noqa: S506 - a SafeLoader subclass


def load(path: str | Path, *, max_bytes: int = MAX_BYTES, max_aliases: int = MAX_ALIASES) -> Any:
    """Read and parse a YAML file with the limits of :func:`loads` (the size is checked before reading)."""
    path = Path(path)
    if path.stat().st_size > max_bytes:
        raise YamlLimitError(f"larger than {max_bytes} bytes")
    return loads(path.read_text(encoding="utf-8"), max_bytes=max_bytes, max_aliases=max_aliases)


def key_lines(text: str, *, max_aliases: int = MAX_ALIASES) -> dict[tuple, int]:
    """1-based line of every mapping key and list entry, by its path (``("crawl", "max_pages")``, ``("overrides", 0)``).

    For messages that name the line of a bad value in a file the officer edits by hand.
    """
    node = yaml.compose(text, Loader=_loader(max_aliases))  # noqa: S506 - a SafeLoader subclass
    lines: dict[tuple, int] = {}

    def walk(n: Any, path: tuple) -> None:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = (*path, k.value if isinstance(k, yaml.ScalarNode) else str(k))
                lines[key] = k.start_mark.line + 1
                walk(v, key)
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                lines[(*path, i)] = v.start_mark.line + 1
                walk(v, (*path, i))

    if node is not None:
        walk(node, ())
    return lines


def bundled(text: str) -> Any:
    """YAML of the project's own data files (``rules/``): libyaml's parser when present, 5–8 times faster than
    the pure-Python one (the cross-year map and the measure library are parsed on every ``check``), with the
    same safe constructor, so the same values."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
