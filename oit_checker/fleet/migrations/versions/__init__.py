"""One module per schema version of the history store, applied in order by Alembic."""
