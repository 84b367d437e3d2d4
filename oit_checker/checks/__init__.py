"""The typed check kinds every rule is built from: one module per kind, listed in ``registry``.

``phrases``, ``period``, ``elements`` and ``on_site`` judge one document; ``months`` and
``channel`` judge the item as a whole (month coverage may span one PDF per month; a
channel may be a link to Facebook or a Google Form rather than a document). Shared parts
are in ``base`` (context, outcome, evidence, finding builder) and ``findings`` (the finding
vocabulary); ``gen`` writes the schema fragment and the docs table from the registry.
"""
