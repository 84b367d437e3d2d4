"""Sub-commands of ``oit-check``; each module has ``add_parser(sub)`` and ``run(args)``."""
