"""``python -m oit_checker``: the same as the ``oit-check`` command."""

from oit_checker.cli import main

raise SystemExit(main())
