"""Row heights for wrapped Thai text in XLSX.

openpyxl cannot measure text and LibreOffice (and often Excel) open a file with the stored
row height, so wrapped cells would overlap. We estimate: Thai marks above/below a letter take
no width, and a 16 pt Thai line needs about 24 pt of height.
"""

from __future__ import annotations

import math

from openpyxl.utils import get_column_letter

from oit_checker.thai import MARKS

CHARS_PER_WIDTH = 0.6  # visible characters per unit of column width, roomy enough for Laksaman on Linux
LINE_PT = 24.0  # per line at 16 pt


def visual_len(text: str) -> int:
    return sum(1 for ch in text if ch not in MARKS)


def lines_needed(text: str, width: float) -> int:
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(visual_len(part) / per_line)) for part in str(text).split("\n"))


def fit_rows(ws, first_row: int, last_row: int | None = None, font_pt: float = 16) -> None:
    """Give each row enough height for its longest wrapped cell (merged and unwrapped cells skipped)."""
    last_row = last_row or ws.max_row
    merged = {(r, c) for rng in ws.merged_cells.ranges for r in range(rng.min_row, rng.max_row + 1)
              for c in range(rng.min_col, rng.max_col + 1) if rng.max_col > rng.min_col}
    for r in range(first_row, last_row + 1):
        lines = 1
        for c in range(1, ws.max_column + 1):
            cell = ws.cell(row=r, column=c)
            value = cell.value
            if value is None or (r, c) in merged or not cell.alignment.wrap_text:
                continue
            width = ws.column_dimensions[get_column_letter(c)].width or 10
            lines = max(lines, lines_needed(str(value), width))
        ws.row_dimensions[r].height = round(lines * LINE_PT * font_pt / 16, 1)
