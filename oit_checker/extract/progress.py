"""Show the extract stage's progress: a rich bar on stderr, or nothing when quiet."""

from __future__ import annotations


class Progress:
    """A transient bar counting documents read; every method is a no-op when quiet."""

    def __init__(self, total: int, quiet: bool, key: str = "extract.progress"):
        self.bar = None
        if quiet or not total:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        from oit_checker.i18n import t

        self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=Console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task(t(key), total=total)

    def advance(self) -> None:
        if self.bar:
            self.bar.advance(self.task)

    def close(self) -> None:
        if self.bar:
            self.bar.stop()
