"""The progress display of a running crawl: counts read from fetched.jsonl as the child appends to it."""

from __future__ import annotations

import json
import sys
import time
import urllib.parse
from pathlib import Path

from oit_checker.corpus import FETCHED_FILE
from oit_checker.i18n import t


class Progress:
    """Counts read from fetched.jsonl as the child appends to it; drawn with rich when on a terminal."""

    def __init__(self, corpus_dir: Path, url: str, fancy: bool) -> None:
        self.path = corpus_dir / FETCHED_FILE
        self.offset = 0
        self.buf = b""
        self.pages = self.documents = self.errors = 0
        self.last = ""
        self.t0 = time.monotonic()
        self.live = None
        if fancy:
            from rich.console import Console
            from rich.live import Live
            from rich.spinner import Spinner

            self.spinner = Spinner("dots")  # one spinner, re-labelled: it turns with Live's refreshes
            self.live = Live(self.spinner, console=Console(stderr=True), refresh_per_second=8, transient=True)
            self.live.start()

    def poll(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                data = fh.read()
        except FileNotFoundError:
            data = b""
        self.offset += len(data)
        self.buf += data
        *lines, self.buf = self.buf.split(b"\n")
        for line in lines:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if row.get("error"):
                self.errors += 1
            elif row.get("kind") == "html":
                self.pages += 1
            else:
                self.documents += 1
            self.last = urllib.parse.unquote(row.get("url", ""))
        if self.live is not None:
            from rich.text import Text

            line = t("crawl.progress", pages=self.pages, documents=self.documents, errors=self.errors,
                     elapsed=fmt_elapsed(time.monotonic() - self.t0))
            last = self.last if len(self.last) < 90 else self.last[:87] + "…"
            self.spinner.update(text=Text(f"{line}\n  {last}", overflow="ellipsis", no_wrap=True))

    def note(self, message: str) -> None:
        if self.live is not None:
            self.live.console.print(message)
        else:
            print(message, file=sys.stderr)

    def stop(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None


def fmt_elapsed(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
