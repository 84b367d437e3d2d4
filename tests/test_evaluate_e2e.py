"""scripts/evaluate.py end to end: serve, scan through the CLI, compare (needs the checker)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import cli_env
from fixtures.real_sites import needs_real_sites

ROOT = Path(__file__).resolve().parent.parent


def _run(tmp_path: Path, *args: str) -> list[dict]:
    out = tmp_path / "eval.json"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "evaluate.py"), *args, "--json", str(out),
                           "--keep", str(tmp_path / "work")], capture_output=True, text=True, env=cli_env(), cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "agreement" in proc.stdout
    return json.loads(out.read_text(encoding="utf-8"))


def test_generated_site_is_scanned_and_compared(tmp_path):
    [rep] = _run(tmp_path, "generated", "--seed", "7", "--structures", "hub", "--size", "4")
    assert rep["site"] == "ita-2565 hub (seed 7)" and rep["total"] == 43
    assert rep["agree"] + rep["disagree"] == 43
    assert Path(rep["result_path"]).exists()
    truth_codes = {row["code"] for row in rep["items"]}
    assert truth_codes == {f"O{n}" for n in range(1, 44)}


@needs_real_sites
def test_real_site_is_scanned_with_its_truth(tmp_path):
    [rep] = _run(tmp_path, "real", "--sites", "saiyoi")
    result = json.loads(Path(rep["result_path"]).read_text(encoding="utf-8"))
    assert result["profile"]["fiscal_year"] == 2559  # the truth file's content-era year is passed on
    assert rep["total"] == 43
