"""Alembic environment: runs on a connection handed in by omclient.db, or on
OMCLIENT_DATABASE_URL / the default database when called from the alembic CLI."""

from __future__ import annotations

from alembic import context

import omclient.domain
from omclient.config import Settings
from omclient.db import make_engine

config = context.config
target_metadata = omclient.domain.Base.metadata


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=False,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    engine = make_engine(url)
    with engine.begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("omclient-Migrationen laufen nur online (mit Datenbankverbindung).")
run_migrations_online()
