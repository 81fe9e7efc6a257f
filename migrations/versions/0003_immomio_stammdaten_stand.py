"""Immomio Stammdaten sync: what Immomio last confirmed per record.

One row per Wirtschaftseinheit, Verwaltungseinheit, Mieter or Mietvertrag sent
(kind + composite id, content hash), so the next sync sends only changes and
a broken one resumes with what is left. New table, no data to move.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 16:40:03.173320
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "immomio_stammdaten_stand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entitaet", sa.String(length=30), nullable=False),
        sa.Column("externe_id", sa.String(length=120), nullable=False),
        sa.Column("inhalt_hash", sa.String(length=64), nullable=True),
        sa.Column("gesendet_am", sa.DateTime(), nullable=False),
        sa.Column("geloescht_am", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_immomio_stammdaten_stand")),
        sa.UniqueConstraint(
            "entitaet", "externe_id", name=op.f("uq_immomio_stammdaten_stand_entitaet_externe_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("immomio_stammdaten_stand")
