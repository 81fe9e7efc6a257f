"""Datei → RW-Import… as an administrator and a clerk use it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from omclient import domain as d
from omclient.rw.exporter import write_export
from omclient.ui.context import AppContext
from omclient.ui.rw_import.dialog import RwImportDialog
from tests.support.rw_sample import EXPORTED_AT, sample_records


def _export(tmp_path: Path, name: str = "export", **changes: object) -> Path:
    records = sample_records("07")
    records["einheiten.csv"][0].update(changes)
    return write_export(tmp_path / name, records, mandanten=["07"], exported_at=EXPORTED_AT)


def _einheiten(ctx: AppContext) -> int:
    with ctx.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(d.Einheit)) or 0


def _run(qtbot, dialog: RwImportDialog) -> None:
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)


def test_admin_imports_and_sees_counts_and_history(qtbot, admin_ctx, tmp_path) -> None:
    dialog = RwImportDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = _einheiten(admin_ctx)
    assert dialog.verlauf_model.rowCount() == 0
    dialog.pfad_edit.clear()
    qtbot.keyClicks(dialog.pfad_edit, str(_export(tmp_path)))

    _run(qtbot, dialog)

    assert _einheiten(admin_ctx) == before + 3
    model = dialog.ergebnis_model
    row = model.find_row(lambda r: r.datei == "einheiten.csv")
    assert model.text(row, 0) == "Einheiten"
    assert model.text(row, model.column_index("neu")) == "3"
    assert "3 neu" not in dialog.status_label.text()  # totals, not one file
    assert "Mandanten 07" in dialog.status_label.text()
    assert dialog.verlauf_model.rowCount() == 1
    assert dialog.verlauf_model.text(0, dialog.verlauf_model.column_index("ergebnis")) == (
        "erfolgreich"
    )
    assert dialog.start_button.isEnabled()

    _run(qtbot, dialog)

    assert dialog.status_label.text().startswith("Keine Änderungen.")
    assert dialog.verlauf_model.rowCount() == 2


def test_errors_are_listed_and_nothing_changes(qtbot, admin_ctx, tmp_path) -> None:
    dialog = RwImportDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = _einheiten(admin_ctx)
    dialog.pfad_edit.setText(str(_export(tmp_path, erstbezug="31.02.2020")))

    _run(qtbot, dialog)

    assert _einheiten(admin_ctx) == before
    assert dialog.ergebnis_stack.currentWidget() is dialog.fehler_text
    assert "einheiten.csv:2:12: „31.02.2020“ ist kein gültiges Datum" in (
        dialog.fehler_text.toPlainText()
    )
    assert "nichts geändert" in dialog.status_label.text()
    dialog.verlauf_table.selectRow(0)
    assert "31.02.2020" in dialog.verlauf_detail.toPlainText()


def test_dry_run_saves_nothing(qtbot, admin_ctx, tmp_path) -> None:
    dialog = RwImportDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = _einheiten(admin_ctx)
    dialog.pfad_edit.setText(str(_export(tmp_path)))
    qtbot.mouseClick(dialog.probelauf_check, Qt.MouseButton.LeftButton)

    _run(qtbot, dialog)

    assert dialog.status_label.text().startswith("Probelauf")
    assert _einheiten(admin_ctx) == before
    assert dialog.verlauf_model.text(0, dialog.verlauf_model.column_index("ergebnis")) == (
        "Probelauf"
    )


def test_cancel_rolls_back(qtbot, admin_ctx, tmp_path) -> None:
    records = sample_records("07")
    template = records["buchungen.csv"][0]
    records["buchungen.csv"] = [
        {**template, "buchungs_nr": f"07-{n:07d}", "datum": dt.date(2026, 1, 1)}
        for n in range(40_000)
    ]
    path = write_export(tmp_path / "big", records, mandanten=["07"], exported_at=EXPORTED_AT)
    dialog = RwImportDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = _einheiten(admin_ctx)
    dialog.pfad_edit.setText(str(path))

    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isEnabled() and not dialog.start_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)

    assert "abgebrochen" in dialog.status_label.text()
    assert _einheiten(admin_ctx) == before
    assert dialog.verlauf_model.text(0, dialog.verlauf_model.column_index("ergebnis")) == (
        "abgebrochen"
    )


def test_clerks_see_the_history_but_cannot_import(qtbot, ctx, tmp_path) -> None:
    dialog = RwImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.pfad_edit.setText(str(_export(tmp_path)))

    assert not dialog.start_button.isEnabled()
    assert not dialog.pfad_edit.isEnabled()
    assert "Administratoren vorbehalten" in dialog.status_label.text()


def test_datei_menu_offers_rw_import(qtbot, admin_ctx) -> None:
    from omclient.ui.objekt.main_window import MainWindow

    window = MainWindow(admin_ctx)
    qtbot.addWidget(window)

    texts = [a.text() for a in window.menu_datei.actions()]
    assert "&RW-Import…" in texts
    assert texts.index("&RW-Import…") < texts.index("&Beenden")
