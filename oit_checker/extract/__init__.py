"""The extract stage package; its entry is :func:`run` (fetched.jsonl + files/ → documents.jsonl).

``stage`` runs it, ``pool`` isolates the readers in worker processes, ``dispatch`` picks the
reader for a body's sniffed kind (``sniff``), and ``html``, ``pdf``, ``office`` are the readers;
:func:`read_scans` (``ocr_stage``) then reads scanned pages with ``ocr``.
Run it alone with ``python -m oit_checker.commands.extract_stage CORPUS_DIR``.
"""

from oit_checker.extract.ocr_stage import run as read_scans
from oit_checker.extract.stage import run

__all__ = ["read_scans", "run"]
