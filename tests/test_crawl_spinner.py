"""The crawl's progress display on a terminal: the spinner turns while counts are updated."""

from __future__ import annotations

import io
import json
import re
import sys
import time

from oit_checker.corpus import FETCHED_FILE
from oit_checker.crawl.progress import Progress


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_spinner_turns(tmp_path, monkeypatch):
    screen = Tty()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = Progress(tmp_path, "http://x.go.th/", fancy=True)
    try:
        for n in range(8):
            with open(tmp_path / FETCHED_FILE, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"url": f"http://x.go.th/p{n}", "kind": "html"}) + "\n")
            progress.poll()
            time.sleep(0.3)
    finally:
        progress.stop()
    frames = set(re.findall("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]", screen.getvalue()))
    assert len(frames) >= 3, screen.getvalue()[-500:]
    assert "8" in screen.getvalue()  # the counts were drawn too
