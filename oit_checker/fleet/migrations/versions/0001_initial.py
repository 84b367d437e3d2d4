"""Initial history tables: sites, scans, item_results, evidence.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("code", sa.String(64)),
        sa.Column("name", sa.String(512)),
        sa.Column("type", sa.String(128)),
        sa.Column("province", sa.String(128)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_sites_key", "sites", ["key"], unique=True)
    op.create_index("ix_sites_code", "sites", ["code"])
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("site_id", sa.Integer, sa.ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
        sa.Column("profile", sa.String(64)),
        sa.Column("fiscal_year", sa.Integer),
        sa.Column("started_at", sa.DateTime),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("generated_at", sa.String(64)),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("tool_name", sa.String(64)),
        sa.Column("tool_version", sa.String(64)),
        sa.Column("oit", sa.Float),
        sa.Column("oit_min", sa.Float),
        sa.Column("oit_max", sa.Float),
        sa.Column("level", sa.String(16)),
        sa.Column("scores", sa.JSON),
        sa.Column("pages", sa.Integer),
        sa.Column("documents", sa.Integer),
        sa.Column("errors", sa.Integer),
        sa.Column("n_items", sa.Integer, nullable=False),
        sa.Column("n_pass", sa.Integer, nullable=False),
        sa.Column("n_fail", sa.Integer, nullable=False),
        sa.Column("n_unreadable", sa.Integer, nullable=False),
        sa.Column("n_found", sa.Integer, nullable=False),
        sa.Column("source", sa.String(32)),
        sa.Column("batch", sa.String(64)),
        sa.Column("error", sa.Text),
        sa.Column("result", sa.JSON),
    )
    op.create_index("ix_scans_site_finished", "scans", ["site_id", "finished_at"])
    op.create_index("ix_scans_batch", "scans", ["batch"])
    op.create_table(
        "item_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scan_id", sa.Integer, sa.ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("grp", sa.String(16)),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("findings", sa.JSON),
    )
    op.create_index("ix_item_results_scan_id", "item_results", ["scan_id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("item_results.id", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("page", sa.Integer),
        sa.Column("sha256", sa.String(64)),
    )
    op.create_index("ix_evidence_item_id", "evidence", ["item_id"])


def downgrade() -> None:
    op.drop_table("evidence")
    op.drop_table("item_results")
    op.drop_table("scans")
    op.drop_table("sites")
