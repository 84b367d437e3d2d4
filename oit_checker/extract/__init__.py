"""The extract stage package; its entry is :func:`run` (fetched.jsonl + files/ → documents.jsonl).

``stage`` runs it, ``pool`` isolates the readers in worker processes, ``dispatch`` picks the
reader for a body's sniffed kind (``sniff``), and ``html``, ``pdf``, ``office`` are the readers.
Run it alone with ``python -m oit_checker.commands.extract_stage CORPUS_DIR``.
"""

from oit_checker.extract.ahead import ReadAhead
from oit_checker.extract.stage import run

__all__ = ["ReadAhead", "run"]
