from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from omclient.db import (
    check_schema_not_newer,
    current_revisions,
    downgrade,
    head_revisions,
    upgrade,
)
from omclient.domain import Base
from omclient.errors import SchemaTooNewError


def test_migrated_database_has_every_table(db):
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revisions(db.engine) == head_revisions()


def test_downgrade_to_base_and_up_again(db):
    downgrade(db.engine, "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade(db.engine)
    assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())


def test_models_and_migrations_do_not_drift(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_database_newer_than_the_code_is_refused(db):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_future'"))
    with pytest.raises(SchemaTooNewError, match="neueren omclient-Version"):
        check_schema_not_newer(db.engine)
    with pytest.raises(SchemaTooNewError):
        upgrade(db.engine)


def test_sqlite_pragmas(sqlite_db):
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
