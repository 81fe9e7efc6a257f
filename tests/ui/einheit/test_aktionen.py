"""Main window: Objekt → Aktionen → Gemeinde zuweisen, and the Infogrid-Einstellungen action."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import select

from omclient.domain import Einheit
from omclient.ui.objekt.main_window import MainWindow


@pytest.fixture
def script(monkeypatch):
    asked: list[str] = []
    state = {"overwrite": QMessageBox.StandardButton.No}

    def get_item(parent, title, label, items, current=0, editable=False, *a, **k):
        asked.append(title)
        return next(i for i in items if "Graz" in i), True

    def question(parent, title, text, *a, **k):
        asked.append(title)
        return state["overwrite"]

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda p, t, text, *a, **k: asked.append(text))
    )
    return asked, state


def _action(window: MainWindow, name: str) -> QAction:
    for action in window.findChildren(QAction):
        if action.objectName() == name:
            return action
    raise AssertionError(name)


def _vergabe(ctx, objekt_id: int) -> dict[str, int | None]:
    with ctx.db.sessions() as s:
        return {
            e.einheit_nr: e.vergabestelle_id
            for e in s.scalars(select(Einheit).where(Einheit.objekt_id == objekt_id))
        }


def test_gemeinde_zuweisen_without_overwrite_fills_empty_only(
    qtbot, ctx, portfolio, script
) -> None:
    asked, state = script
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.table.selectRow(0)  # 1010
    action = _action(window, "gemeindeZuweisen")
    assert action in window.menu_objekt_aktionen.actions()
    action.trigger()
    assert asked[:2] == [
        "Zuweisungsberechtigte Gemeinde zuweisen",
        "Vorhandene Gemeinden überschreiben?",
    ]
    assert "7 Einheiten" in asked[-1]
    vergabe = _vergabe(ctx, portfolio.objekt["1010"])
    assert vergabe["0001"] == portfolio.vergabestelle["wien"]
    assert {v for k, v in vergabe.items() if k != "0001"} == {portfolio.vergabestelle["graz"]}
    state["overwrite"] = QMessageBox.StandardButton.Yes
    action.trigger()
    assert set(_vergabe(ctx, portfolio.objekt["1010"]).values()) == {
        portfolio.vergabestelle["graz"]
    }
    # the other Objekte are untouched
    assert _vergabe(ctx, portfolio.objekt["3030"]) == {"0001": None}


def test_infogrid_einstellungen_admin_only(qtbot, ctx, admin_ctx) -> None:
    clerk = MainWindow(ctx)
    qtbot.addWidget(clerk)
    action = _action(clerk, "infogridEinstellungen")
    assert not action.isEnabled() and "Administratoren" in action.toolTip()
    admin = MainWindow(admin_ctx)
    qtbot.addWidget(admin)
    assert _action(admin, "infogridEinstellungen").isEnabled()
