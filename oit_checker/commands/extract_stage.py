"""Re-run the extract stage alone from the command line: ``python -m oit_checker.commands.extract_stage CORPUS``.

Not an ``oit-check`` sub-command: a developer's tool for re-reading a saved corpus after a
reader changed, without crawling again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from oit_checker.corpus import DOCUMENTS_FILE, FETCHED_FILE
from oit_checker.errors import UserError
from oit_checker.i18n import t


def main(argv: list[str] | None = None) -> int:
    """``CORPUS_DIR [--quiet]``; exit 2 on a usage error, 130 on Ctrl-C."""
    from oit_checker.extract import stage

    args = list(sys.argv[1:] if argv is None else argv)
    quiet = "--quiet" in args or "-q" in args
    paths = [a for a in args if not a.startswith("-")]
    try:
        if len(paths) != 1:
            raise UserError("extract.usage")
        corpus_dir = Path(paths[0])
        if not (corpus_dir / FETCHED_FILE).is_file():
            raise UserError("cli.not_a_corpus", path=corpus_dir)
        stage.run(corpus_dir, quiet=quiet)
    except UserError as exc:
        print(f"{t('cli.error_prefix')}: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(t("cli.interrupted", path=paths[0] if paths else ""), file=sys.stderr)
        return 130
    if not quiet:
        print(t("extract.done", path=Path(paths[0]) / DOCUMENTS_FILE))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
