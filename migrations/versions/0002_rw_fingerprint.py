"""RW import: fingerprint of the delivered record on every table the import writes.

NULL on existing rows: the next import compares those records in full once.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:18:17.302654
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bestandsverhaeltnis", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("buchung", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("einheit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("funktion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("konfiguration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("mandant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("objekt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("sachbereich", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("stiegenhaus", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("verkettung", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("verrechnungseinheit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("vorschreibung", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rw_fingerprint", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vorschreibung", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("verrechnungseinheit", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("verkettung", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("stiegenhaus", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("sachbereich", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("objekt", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("mandant", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("konfiguration", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("funktion", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("einheit", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("buchung", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")

    with op.batch_alter_table("bestandsverhaeltnis", schema=None) as batch_op:
        batch_op.drop_column("rw_fingerprint")
