from oit_checker.extract import main

raise SystemExit(main())
