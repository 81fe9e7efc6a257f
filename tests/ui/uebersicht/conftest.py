"""Fixtures of the Einheitenübersicht tests: the window on either Register, recorded navigation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from omclient.ui.uebersicht.window import EinheitenUebersicht


@pytest.fixture(autouse=True)
def _forget_overview_settings(qapp):
    QSettings().remove("einheitenuebersicht")
    yield
    QSettings().remove("einheitenuebersicht")


@pytest.fixture
def opened(ctx, monkeypatch):
    """Navigation calls are recorded instead of opening the other engineers' dialogs."""
    calls: list[tuple[str, int]] = []
    for name in ("open_einheit", "open_person", "open_bestandsverhaeltnis", "open_objekt"):
        monkeypatch.setattr(
            ctx.navigator, name, lambda ident, parent=None, _n=name: calls.append((_n, ident))
        )
    return calls


@pytest.fixture
def window(ctx, portfolio, qtbot):
    w = EinheitenUebersicht(ctx, portfolio.objekt["1010"])
    qtbot.addWidget(w)
    w.resize(1300, 600)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def bv_window(ctx, portfolio, qtbot):
    w = EinheitenUebersicht(ctx, portfolio.objekt["1010"], register="bestandnehmer")
    qtbot.addWidget(w)
    w.resize(1300, 600)
    w.show()
    qtbot.waitExposed(w)
    return w
