"""Engine and sessions, SQLite pragmas, migrate-on-start and the schema guard.

The schema changes only through Alembic (``migrations/``). :func:`open_database`
upgrades a database to head inside one transaction and refuses one whose
revision this code does not know (written by a newer omclient).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

import omclient.migrations
from omclient.errors import DatabaseUnavailableError, SchemaTooNewError, describe_os_error

log = logging.getLogger(__name__)

# Alembic reads env.py and the revisions as files: omclient is installed as a folder
# (wheel, editable checkout, PyInstaller bundle), never zipped.
MIGRATIONS_DIR = Path(str(files(omclient.migrations)))


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, decide where transactions begin, so DDL in
    # migrations is transactional and "with session.begin()" means what it says.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    if mode != "wal":
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except Exception:  # in-memory databases and read-only media keep their mode
            log.debug("WAL not available for this SQLite database")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def parse_database_url(url: str) -> URL:
    """``url`` parsed; a German message for a malformed or unsupported address."""
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - a malformed port only fails when read
    except (ArgumentError, ValueError):
        raise DatabaseUnavailableError(
            f"Die Datenbank-Adresse „{_without_password(url)}“ ist ungültig. Beispiele: "
            "sqlite:///C:/Daten/omclient.db oder postgresql://benutzer@server/om"
        ) from None
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise DatabaseUnavailableError(
            f"omclient arbeitet mit SQLite oder PostgreSQL, nicht mit "
            f"„{parsed.get_backend_name()}“ ({parsed.render_as_string(hide_password=True)})."
        )
    return parsed


def _without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout.

    Statement parameters are kept out of error messages and logs
    (``hide_parameters``): they carry tenants' names, addresses and amounts.
    """
    parsed = parse_database_url(url)
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailableError(
                    f"Die Datenbank kann nicht angelegt werden: {describe_os_error(exc)}"
                ) from None
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return cfg


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def check_schema_not_newer(engine: Engine) -> None:
    """Refuse a database migrated by a newer omclient than this one."""
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = current_revisions(engine) - known
    if unknown:
        raise SchemaTooNewError(
            "Die Datenbank wurde von einer neueren omclient-Version angelegt "
            f"(Schema-Stand {', '.join(sorted(unknown))}). Bitte aktualisieren Sie omclient, "
            "bevor Sie mit dieser Datenbank arbeiten."
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` in one transaction."""
    check_schema_not_newer(engine)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def connect_error_message(url: URL, exc: DBAPIError) -> str:
    """A German sentence for a database that cannot be opened (no driver text for clerks
    beyond the server's own reason)."""
    where = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        if "not a database" in str(exc):
            return f"Die Datei „{url.database}“ ist keine SQLite-Datenbank."
        return f"Die SQLite-Datenbank „{url.database}“ kann nicht geöffnet werden."
    if url.get_backend_name() == "postgresql" and exc.orig is not None:
        from omclient.services.verbindung import fehlermeldung

        return fehlermeldung(str(exc.orig), where)
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else ""
    return f"Der Datenbankserver ({where}) ist nicht erreichbar oder lehnt ab: {reason}"


@dataclass
class Database:
    """An open, migrated database: its engine and a session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def display_name(self) -> str:
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return f"SQLite: {url.database}"
        return f"PostgreSQL: {url.host or 'localhost'}/{url.database}"

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open ``url``, upgrade it to head (unless ``migrate`` is False) and return it."""
    engine = make_engine(url)
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseUnavailableError(connect_error_message(engine.url, exc)) from None
    if migrate:
        upgrade(engine)
    else:
        check_schema_not_newer(engine)
    return Database(engine, sessionmaker(engine, expire_on_commit=False))
