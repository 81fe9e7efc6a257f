"""Register Flächen / Aufteilung of the Einheit dialog (sqlite and postgresql)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QTableView,
)

from tests.ui.einheit.helpers import open_dialog


def test_flaechen_register_grouped_by_sachbereich(qtbot, ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    boxes = [b.title() for b in dialog.flaechen.page.findChildren(QGroupBox)]
    assert boxes == ["BK – Betriebskosten", "HK – Heizkosten", "IK – Instandhaltung"]
    bk = dialog.findChild(QTableView, "flaechen_BK")
    assert bk.model().index(0, 1).data() == "BK Wohnungen"
    assert bk.model().index(0, 2).data() == "68,40 m²"
    assert "68,40 m²" in dialog.findChild(QLabel, "flaechenKopf").text()
