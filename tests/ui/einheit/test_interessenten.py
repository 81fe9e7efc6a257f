"""Aktionen → Suche nach Interessenten of the Einheit dialog (sqlite and postgresql)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QTableView,
)

from omclient.domain import Interessent
from tests.ui.einheit.helpers import open_dialog


def test_interessentensuche_lists_matching(qtbot, ctx, portfolio) -> None:
    with ctx.db.sessions.begin() as s:
        s.add(
            Interessent(
                nachname="Sucher",
                vorname="Sonja",
                email="sonja@example.at",
                erstellt_am=dt.datetime(2026, 11, 1, 10),
                zimmer_min=3,
                flaeche_min=Decimal("60"),
            )
        )
        s.add(
            Interessent(
                nachname="Groß",
                vorname="Gerd",
                erstellt_am=dt.datetime(2026, 11, 1, 10),
                zimmer_min=5,
            )
        )
    dialog = open_dialog(qtbot, ctx, portfolio)
    dialog.interessenten_action.trigger()
    found = dialog.findChild(QDialog, "interessentenDialog")
    assert found is not None
    table = found.findChild(QTableView, "interessentenListe")
    names = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert names == ["Sucher Sonja"]
