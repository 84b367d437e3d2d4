"""Errors the officer can act on: the CLI prints them as one translated line, exit 2."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the input or environment, described by a message key."""

    def __init__(self, key: str, exit_code: int = 2, **kw: object) -> None:
        super().__init__(key)
        self.key = key
        self.kw = kw
        self.exit_code = exit_code

    def message(self) -> str:
        from oit_checker.i18n import t

        return t(self.key, **self.kw)
