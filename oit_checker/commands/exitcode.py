"""Exit codes for automation: 0 = threshold met, 1 = gaps or threshold not met, 2 = error.

Without --fail-under or --baseline a scan that ran exits 0, so an officer's one-off run is
not reported as a failure; CI jobs opt in with those flags. Usage or program errors
(bad option, unreadable file, internal error) exit 2 through ``cli.main``; with a CI flag,
a site that could not be reached or was blocked also exits 2, since nothing was judged
(could not reach is never "not disclosed").
"""

from __future__ import annotations

import argparse
import sys

from oit_checker.i18n import t

OK, GAPS, ERROR, NOT_CHECKED = 0, 1, 2, 3  # NOT_CHECKED: a batch where some site could not be checked
INTERRUPTED = 130  # Ctrl-C or SIGTERM


def exit_code(result: dict, args: argparse.Namespace) -> int:
    fail_under = getattr(args, "fail_under", None)
    baseline = getattr(args, "baseline", None)
    if fail_under is None and not baseline:
        return OK
    status = (result.get("site") or {}).get("status")
    if status in ("unreachable", "blocked"):
        print(t("fleet.exit_not_judged", status=status), file=sys.stderr)
        return ERROR
    code = OK
    score = (result.get("scores") or {}).get("oit")
    if fail_under is not None and (not isinstance(score, int | float) or score < fail_under):
        print(t("fleet.exit_below", score=score, threshold=fail_under), file=sys.stderr)
        code = GAPS
    if baseline:
        from oit_checker.fleet.baseline import load_baseline
        from oit_checker.fleet.diff import diff_results

        base = load_baseline(result, baseline, getattr(args, "db", None))
        if base is None:  # --baseline last on a site never scanned before: nothing is "new"
            print(t("fleet.baseline_none", url=(result.get("site") or {}).get("url", "")), file=sys.stderr)
            return code
        gaps = diff_results(base, result)["new_gaps"]
        if gaps:
            print(t("fleet.exit_new_gaps", n=len(gaps), codes=", ".join(g["code"] for g in gaps)), file=sys.stderr)
            code = GAPS
    return code
