"""Bounded fuzzing of the document readers: random mutations of real PDF/DOCX/XLSX/ODS/HTML files.

Every mutated body goes through the real extract path (pebble workers, deadline, memory cap). A
reader may say "corrupt" or "too_large"; what counts as a finding is a worker that crashed, hung
past its deadline, or anything escaping as an exception. Usage::

    python scripts/fuzz_readers.py --seconds 300 --seed 1 [--out fuzz-findings/]

Prints one line per kind (cases, outcomes, worst seconds) and exits 1 when there is a finding.
``tests/test_hostile_documents.py`` runs a small fixed-seed round of the same on every CI run.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oit_checker.extract import pool  # noqa: E402
from tests.hostile_site import _pdf  # noqa: E402 - the same minimal text-layer PDF the hostile suite serves

BAD = ("crash", "timeout")


def seeds() -> dict[str, bytes]:
    """Small real documents of each kind, made by the libraries the agencies' own software writes with."""
    import docx
    import openpyxl

    out: dict[str, bytes] = {}
    d = docx.Document()
    d.add_heading("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2567", 1)
    d.add_paragraph("องค์การบริหารส่วนตำบลตัวอย่าง รายงานผลการดำเนินงาน")
    t = d.add_table(rows=3, cols=3)
    for i, row in enumerate(t.rows):
        for j, c in enumerate(row.cells):
            c.text = f"ช่อง {i}-{j}"
    buf = io.BytesIO()
    d.save(buf)
    out["docx"] = buf.getvalue()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ลำดับ", "งานที่จัดซื้อ", "วงเงิน"])
    for i in range(30):
        ws.append([i + 1, f"จัดซื้อวัสดุสำนักงาน {i}", 1000 * i])
    buf = io.BytesIO()
    wb.save(buf)
    out["xlsx"] = buf.getvalue()
    out["pdf"] = _pdf("Annual procurement plan 2567 - organisation structure")
    out["html"] = ("<html><head><meta charset='utf-8'><title>ประกาศ</title></head><body><nav><a href='/a'>เมนู</a>"
                   "</nav><main><h1>ข้อมูลพื้นฐาน</h1><p>ที่ตั้ง โทรศัพท์ 0-2123-4567</p><table><tr><td>1</td>"
                   "</tr></table></main></body></html>").encode()
    return out


def mutate(body: bytes, rng: random.Random) -> bytes:
    """One random mutation: flipped bytes, a cut, a repeated or removed chunk, or interesting values."""
    data = bytearray(body)
    op = rng.randrange(6)
    n = len(data)
    if op == 0:  # flip a few bytes
        for _ in range(rng.randint(1, 16)):
            data[rng.randrange(n)] = rng.randrange(256)
    elif op == 1:  # truncate
        data = data[:rng.randrange(1, n)]
    elif op == 2:  # duplicate a chunk
        a = rng.randrange(n)
        b = min(n, a + rng.randint(1, 512))
        data[a:a] = data[a:b] * rng.randint(1, 20)
    elif op == 3:  # remove a chunk
        a = rng.randrange(n)
        del data[a:a + rng.randint(1, 256)]
    elif op == 4:  # interesting numbers where digits are
        digits = [i for i, c in enumerate(data) if 48 <= c <= 57]
        for i in rng.sample(digits, min(len(digits), rng.randint(1, 6))):
            val = rng.choice([b"0", b"-1", b"4294967295", b"99999999999", b"65536"])
            data[i:i + 1] = val
    else:  # random bytes in the middle
        a = rng.randrange(n)
        data[a:a] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(data)


def mutate_package(body: bytes, rng: random.Random) -> bytes:
    """For zip packages (DOCX/XLSX): mutate the XML of one member and zip it again, so the readers' XML and
    package logic is reached (a flipped byte in the zip itself only ever fails the CRC)."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(body))
    names = src.namelist()
    target = rng.choice([n for n in names if n.endswith(".xml")] or names)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            data = src.read(name)
            dst.writestr(name, mutate(data, rng) if name == target and data else data)
    return buf.getvalue()


def run(cases_per_kind: int | None, seconds: float | None, seed: int, workers: int = 2, timeout: float = 20,
        out: Path | None = None) -> tuple[dict, list[tuple[str, int, str]]]:
    """Fuzz every kind; returns (stats per kind, findings [(kind, case, outcome)])."""
    rng = random.Random(seed)
    stats: dict[str, dict] = {}
    findings: list[tuple[str, int, str]] = []
    deadline = time.monotonic() + seconds if seconds else None
    with tempfile.TemporaryDirectory(prefix="oit-fuzz-") as td:
        base = seeds()
        round_no = 0
        while True:
            tasks, bodies = [], {}
            for kind, body in base.items():
                count = cases_per_kind or 20
                for i in range(count):
                    zipped = kind in ("docx", "xlsx") and rng.random() < 0.7
                    m = mutate_package(body, rng) if zipped else mutate(body, rng)
                    for _ in range(rng.randint(0, 2)):
                        m = (mutate_package(m, rng) if zipped else mutate(m, rng)) if m else m
                    if not m:
                        continue
                    key = (kind, f"{round_no}-{i}")
                    path = Path(td) / f"{kind}-{round_no}-{i}"
                    path.write_bytes(m)
                    bodies[key] = m
                    tasks.append(pool.Task(key=key, path=str(path), kind=kind))
            t0 = time.monotonic()
            results = pool.read_all(tasks, workers=workers, timeout=timeout, grace=5)
            elapsed = time.monotonic() - t0
            for (kind, case), res in results.items():
                s = stats.setdefault(kind, {"cases": 0, "outcomes": Counter(), "seconds": 0.0})
                s["cases"] += 1
                s["seconds"] += elapsed / max(1, len(results))
                outcome = res.get("extract_error") or "read"
                s["outcomes"][outcome.split(":")[0]] += 1
                if outcome in BAD or outcome.startswith("failed:"):
                    findings.append((kind, case, outcome))
                    if out:
                        out.mkdir(parents=True, exist_ok=True)
                        (out / f"{kind}-{case}.bin").write_bytes(bodies[(kind, case)])
            round_no += 1
            if cases_per_kind or not deadline or time.monotonic() > deadline:
                break
    return stats, findings


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None, help="keep the bodies of findings here")
    args = ap.parse_args()
    t0 = time.monotonic()
    stats, findings = run(None, args.seconds, args.seed, out=args.out)
    for kind, s in sorted(stats.items()):
        print(f"{kind}: {s['cases']} cases, outcomes {dict(s['outcomes'])}")
    print(f"total {sum(s['cases'] for s in stats.values())} cases in {time.monotonic() - t0:.0f} s; "
          f"findings: {len(findings)}")
    for f in findings:
        print("FINDING", *f)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
