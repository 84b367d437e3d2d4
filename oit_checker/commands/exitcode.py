"""Exit codes for automation: 0 = threshold met, 1 = gaps or threshold not met, 2 = error.

Without --fail-under or --baseline a scan that ran exits 0, so an officer's one-off
run is not reported as a failure; CI jobs opt in with those flags.
"""

from __future__ import annotations

import argparse


def exit_code(result: dict, args: argparse.Namespace) -> int:
    fail_under = getattr(args, "fail_under", None)
    if fail_under is not None and result.get("scores", {}).get("oit", 0) < fail_under:
        return 1
    if getattr(args, "baseline", None):
        from oit_checker.fleet.baseline import new_gaps

        if new_gaps(result, args.baseline):
            return 1
    return 0
