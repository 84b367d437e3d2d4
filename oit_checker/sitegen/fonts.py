"""Find a Thai TrueType font for generated PDFs and images.

Debian's fonts-thai-tlwg (Laksaman, a Sarabun derivative) is preferred; the PyPI
package fontpkg-sarabun is the fallback, so the demo builds on machines without the
Debian fonts.
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

TLWG = Path("/usr/share/fonts/truetype/tlwg")


@functools.cache
def thai_fonts() -> tuple[Path, Path]:
    """(regular, bold) TTF paths; raises FileNotFoundError when no Thai font exists."""
    if (TLWG / "Laksaman.ttf").exists():
        bold = TLWG / "Laksaman-Bold.ttf"
        return TLWG / "Laksaman.ttf", bold if bold.exists() else TLWG / "Laksaman.ttf"
    try:
        root = importlib.resources.files("fontpkg_sarabun") / "files"
        reg, bold = Path(str(root / "Sarabun-Regular.ttf")), Path(str(root / "Sarabun-Bold.ttf"))
        if reg.exists():
            return reg, bold if bold.exists() else reg
    except ModuleNotFoundError:
        pass
    raise FileNotFoundError("no Thai font: install fonts-thai-tlwg or the fontpkg-sarabun package")


@functools.cache
def register_reportlab() -> tuple[str, str]:
    """Register the Thai fonts with reportlab once; returns (regular, bold) font names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    reg, bold = thai_fonts()
    pdfmetrics.registerFont(TTFont("SitegenThai", str(reg)))
    pdfmetrics.registerFont(TTFont("SitegenThaiBold", str(bold)))
    return "SitegenThai", "SitegenThaiBold"
