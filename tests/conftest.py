"""Test set-up shared by all tests.

* Qt runs on the offscreen platform (set here, never by the product).
* The OS keyring is replaced by an in-memory backend.
* ``db`` is a freshly migrated database, parametrized over ``sqlite`` and
  ``postgresql``. Each backend is migrated once into a template that every test
  copies (SQLite: file copy; PostgreSQL: CREATE DATABASE … TEMPLATE). The
  PostgreSQL server is started by the tests; with CI=true a missing server fails
  the run instead of skipping.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import keyring
import pytest
from keyring.backend import KeyringBackend
from pytest_postgresql.janitor import DatabaseJanitor

from omclient.db import Database, make_engine, open_database, upgrade
from tests.support import postgres

BACKENDS = ["sqlite", "postgresql"]
ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    ui_dir = ROOT / "tests" / "ui"
    for item in items:
        if ui_dir in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


class MemoryKeyring(KeyringBackend):
    """Keyring backend that keeps secrets in memory (tests only)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep QSettings, logs and default databases out of the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("OMCLIENT_DATABASE_URL", raising=False)
    # Neither the machine-wide nor the real user configuration file: only this one.
    monkeypatch.setenv("OMCLIENT_CONFIG", str(home / "config" / "omclient" / "omclient.toml"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_server() -> Iterator[postgres.PostgresServer]:
    try:
        server = postgres.start_server()
    except (FileNotFoundError, RuntimeError) as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"PostgreSQL wird in CI gebraucht, startet aber nicht: {exc}")
        pytest.skip(f"PostgreSQL nicht verfügbar: {exc}")
    yield server
    server.stop()


PG_TEMPLATE = "om_template"


@pytest.fixture(scope="session")
def pg_template(pg_server: postgres.PostgresServer) -> str:
    janitor = DatabaseJanitor(
        user=pg_server.user, host="127.0.0.1", port=pg_server.port, dbname=PG_TEMPLATE
    )
    janitor.init()
    engine = make_engine(pg_server.url(PG_TEMPLATE))
    upgrade(engine)
    engine.dispose()
    return PG_TEMPLATE


_counter = itertools.count()


def _fresh_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "om.db"
        shutil.copyfile(template, target)
        yield f"sqlite:///{target}"
        return
    server: postgres.PostgresServer = request.getfixturevalue("pg_server")
    template_name: str = request.getfixturevalue("pg_template")
    name = f"om_test_{os.getpid()}_{next(_counter)}"
    janitor = DatabaseJanitor(
        user=server.user,
        host="127.0.0.1",
        port=server.port,
        dbname=name,
        template_dbname=template_name,
    )
    janitor.init()
    try:
        yield server.url(name)
    finally:
        janitor.drop()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a freshly migrated, empty database (sqlite and postgresql)."""
    yield from _fresh_url(request, request.param, tmp_path)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """An open, migrated, empty database on each backend."""
    database = open_database(db_url)
    yield database
    background = sys.modules.get("omclient.ui.common.background")
    if background is not None:
        # Work a window started in the background ends before its database is dropped.
        background.BackgroundOp.cancel_all_and_wait()
    database.dispose()


@pytest.fixture
def sqlite_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """Only SQLite — for tests whose subject is not the database."""
    gen = _fresh_url(request, "sqlite", tmp_path)
    database = open_database(next(gen))
    yield database
    database.dispose()
    gen.close()


@pytest.fixture
def portfolio(db: Database):
    """The small fixed portfolio of tests/support/portfolio.py on each backend."""
    from tests.support import portfolio as pf

    with db.sessions.begin() as session:
        ids = pf.build(session)
    return ids
