"""The extract stage package; its entry is :func:`run` (fetched.jsonl + files/ → documents.jsonl).

``stage`` runs it, ``pool`` isolates the readers in worker processes, ``dispatch`` picks the
reader for a body's sniffed kind (``sniff``), and ``html``, ``pdf``, ``office`` are the readers;
:func:`read_scans` (``ocr_stage``) then reads scanned pages with ``ocr``.
Run it alone with ``python -m oit_checker.commands.extract_stage CORPUS_DIR``.

Bounds against hostile files: each reader process has a deadline and an address-space cap
(``pool.READER_MEMORY_MB``, env ``OIT_READER_MEMORY_MB``); zip packages (DOCX/XLSX/ODS/ODT/PPTX)
are refused as ``too_large`` from their declared sizes before anything is inflated
(``office.check_zip``); only the first ``html.MAX_HTML_ELEMENTS`` elements of a page are parsed
(``features["truncated"]``); XML is parsed without entity expansion. ``scripts/fuzz_readers.py``
fuzzes every reader through the same pool.
"""

from oit_checker.extract.ahead import ReadAhead
from oit_checker.extract.ocr_stage import run as read_scans
from oit_checker.extract.stage import run

__all__ = ["ReadAhead", "read_scans", "run"]
