"""Fixtures for GUI tests: an AppContext on the portfolio, clock pinned, clerk or admin."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from omclient.clock import Clock
from omclient.config import Settings
from omclient.services.benutzer import current_user
from omclient.ui.context import AppContext
from tests.support.portfolio import TODAY


@pytest.fixture(scope="session", autouse=True)
def _german_qt_texts(qapp):
    """Qt's own buttons and dialogs in German, as in the product."""
    from omclient.ui.app import install_german_qt_texts

    assert install_german_qt_texts(qapp)


@pytest.fixture(autouse=True)
def _fresh_qsettings(tmp_path_factory: pytest.TempPathFactory):
    """Each GUI test starts with empty QSettings (remembered columns, Register, paths).

    Qt resolves the settings location once per process, so pointing XDG_CONFIG_HOME
    elsewhere is not enough; QSettings.setPath redirects it for objects created later.
    """
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
    yield
    QSettings().sync()


def _context(db, login: str, tmp_path) -> AppContext:
    with db.sessions.begin() as session:
        user = current_user(session, login)
    settings = Settings(
        database_url=db.url,
        data_dir=tmp_path / "data",
        log_dir=tmp_path / "log",
        dms_root=tmp_path / "dms",
    )
    return AppContext(db=db, settings=settings, user=user, clock=Clock.fixed(TODAY))


@pytest.fixture
def ctx(db, portfolio, tmp_path, qapp) -> AppContext:
    """Clerk "sb" (Sachbearbeiter) on the small portfolio, today = 23.11.2026."""
    context = _context(db, "sb", tmp_path)
    yield context
    for window in list(context.navigator.open_windows):
        window.close()


@pytest.fixture
def admin_ctx(db, portfolio, tmp_path, qapp) -> AppContext:
    """Administrator "admin" on the small portfolio, today = 23.11.2026."""
    context = _context(db, "admin", tmp_path)
    yield context
    for window in list(context.navigator.open_windows):
        window.close()


@pytest.fixture
def opened(ctx, monkeypatch):
    """Navigator calls (target, id) recorded instead of opening windows."""
    calls = []
    for name in ("open_einheit", "open_bestandsverhaeltnis"):
        monkeypatch.setattr(
            ctx.navigator, name, lambda ident, parent=None, _n=name: calls.append((_n, ident))
        )
    monkeypatch.setattr(
        ctx.navigator,
        "open_uebersicht",
        lambda ident, register="einheiten", parent=None: calls.append((register, ident)),
    )
    return calls
