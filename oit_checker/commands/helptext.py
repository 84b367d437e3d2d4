"""Thai-first ``--help`` and argparse errors: the parser's texts come from ``locale/help.yaml``.

Command modules keep a short English help string beside each option (read by developers); this
module replaces it with the catalogue's text in the chosen language — ``help.<command>.<dest>``
for one command, ``help.<dest>`` for an option every command shares — and makes argparse's own
words ("usage:", "error:", "the following arguments are required") come from ``argparse.*``
entries, so ``--lang en`` switches all of it and Thai is the default. An option without an entry
keeps its English text.
"""

from __future__ import annotations

import argparse
import functools
import gettext

from oit_checker.i18n import catalog, get_lang


@functools.cache
def _msgids() -> dict[str, dict]:
    return {e["msgid"]: e for k, e in catalog().items() if k.startswith("argparse.") and isinstance(e, dict)
            and "msgid" in e}


def _gettext(msgid: str) -> str:
    entry = _msgids().get(msgid)
    return (entry.get(get_lang()) or msgid) if entry else gettext.gettext(msgid)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def _text(*keys: str) -> str | None:
    cat = catalog()
    for key in keys:
        entry = cat.get(key)
        if isinstance(entry, dict) and entry.get(get_lang()):
            return entry[get_lang()]
    return None


def _group_key(title: str) -> str:
    return "help.group." + "_".join(title.lower().split())


def localize(parser: argparse.ArgumentParser, command: str = "") -> None:
    """Put the chosen language's help texts on ``parser`` and its sub-commands (in place)."""
    argparse._ = _gettext  # argparse looks its own messages up through this module-level name
    argparse.ngettext = _ngettext
    if not command:
        parser.description = _text("help.description") or parser.description
    for group in parser._action_groups:
        if group.title:
            group.title = _text(_group_key(group.title)) or group.title
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = _text(f"help.cmd.{choice.dest}") or choice.help
            for name, sub in action.choices.items():
                localize(sub, name)
            continue
        if action.help and action.help != argparse.SUPPRESS:
            action.help = _text(f"help.{command}.{action.dest}", f"help.{action.dest}") or action.help
