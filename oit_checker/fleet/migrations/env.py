"""Alembic environment: always run with a connection handed over by ``fleet.store``."""

from __future__ import annotations

from alembic import context

from oit_checker.fleet.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the store always passes its connection
    raise RuntimeError("run migrations through oit_checker.fleet.store.upgrade()")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
