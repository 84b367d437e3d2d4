"""Alembic migrations of the history store (see ``fleet/store.py``)."""
