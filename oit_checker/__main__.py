from oit_checker.cli import main

raise SystemExit(main())
