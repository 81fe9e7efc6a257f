"""Fixtures for GUI tests: an AppContext on the portfolio, clock pinned, clerk or admin."""

from __future__ import annotations

import pytest

from omclient.clock import Clock
from omclient.config import Settings
from omclient.services.benutzer import current_user
from omclient.ui.context import AppContext
from tests.support.portfolio import TODAY


def _context(db, login: str, tmp_path) -> AppContext:
    with db.sessions.begin() as session:
        user = current_user(session, login)
    settings = Settings(database_url=db.url, data_dir=tmp_path / "data", log_dir=tmp_path / "log",
                        dms_root=tmp_path / "dms")
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
