"""Grundeinstellungen: administrators edit the lists, clerks only look."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from omclient.errors import PermissionDeniedError, ValidationError
from omclient.services import grundeinstellungen as svc
from omclient.ui.grundeinstellungen.dialog import EintragDialog, GrundeinstellungenDialog


def _fill_and_save(qtbot, values: dict[str, str]) -> None:
    """Answer the next EintragDialog: type ``values`` and click Speichern."""

    def answer() -> None:
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, EintragDialog) and w.isVisible()
        )
        for name, text in values.items():
            editor = dialog.form.editor(name)
            editor.clear()
            qtbot.keyClicks(editor, text)
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, answer)


def test_admin_adds_a_vergabestelle(qtbot, admin_ctx):
    dialog = GrundeinstellungenDialog(admin_ctx)
    qtbot.addWidget(dialog)
    editor = dialog.editors["vergabestellen"]
    assert editor.model.rowCount() == 3
    _fill_and_save(qtbot, {"name": "Marktgemeinde Wolkersdorf", "gemeindekennziffer": "31655"})
    qtbot.mouseClick(editor.neu_button, Qt.MouseButton.LeftButton)
    names = [r["name"] for r in editor.model.visible_rows()]
    assert "Marktgemeinde Wolkersdorf" in names
    assert editor.model.rowCount() == 4


def test_clerk_sees_lists_read_only(qtbot, ctx):
    dialog = GrundeinstellungenDialog(ctx)
    qtbot.addWidget(dialog)
    editor = dialog.editors["status_aller_art"]
    assert [r["wert"] for r in editor.model.visible_rows()][:3] == ["UG", "EG", "1. OG"]
    editor.table.selectRow(0)
    assert not editor.neu_button.isEnabled()
    assert not editor.bearbeiten_button.isEnabled()
    assert "Administratoren" in editor.neu_button.toolTip()


def test_status_filter_switches_group(qtbot, admin_ctx):
    dialog = GrundeinstellungenDialog(admin_ctx)
    qtbot.addWidget(dialog)
    editor = dialog.editors["status_aller_art"]
    editor.filter_combo.setCurrentIndex(2)
    assert [r["wert"] for r in editor.model.visible_rows()] == [
        "Sanierung",
        "Renovierung",
        "Eigenbedarf",
        "Kündigung",
    ]


def test_konfiguration_new_row_goes_to_the_chosen_table(qtbot, admin_ctx):
    dialog = GrundeinstellungenDialog(admin_ctx)
    qtbot.addWidget(dialog)
    editor = dialog.editors["konfiguration"]
    editor.filter_combo.setCurrentIndex(1)  # 1306
    _fill_and_save(qtbot, {"schluessel": "Garage", "wert": "Motorradstellplatz"})
    qtbot.mouseClick(editor.neu_button, Qt.MouseButton.LeftButton)
    assert ("Garage", "Motorradstellplatz") in [
        (r["schluessel"], r["wert"]) for r in editor.model.visible_rows()
    ]
    assert all(r["tabelle"] == 1306 for r in editor.model.visible_rows())


def test_service_refuses_clerk_duplicate_and_used_vergabestelle(db, portfolio):
    from omclient.services.benutzer import current_user

    with db.sessions.begin() as s:
        clerk = current_user(s, "sb")
        admin = current_user(s, "admin")
    with db.sessions.begin() as s, pytest.raises(PermissionDeniedError):
        svc.save_row(s, clerk, "vergabestellen", {"name": "X"})
    with db.sessions.begin() as s, pytest.raises(ValidationError, match="bereits vorhanden"):
        svc.save_row(s, admin, "vergabestellen", {"name": "Stadt Graz – Wohnungsamt"})
    with db.sessions.begin() as s, pytest.raises(ValidationError, match="noch von 1 Einheit"):
        svc.delete_row(s, admin, "vergabestellen", portfolio.vergabestelle["wien"])
    with db.sessions.begin() as s:
        svc.delete_row(s, admin, "vergabestellen", portfolio.vergabestelle["land"])
    with db.sessions() as s:
        assert len(svc.list_rows(s, "vergabestellen")) == 2


def test_last_administrator_cannot_be_demoted(db, portfolio):
    from omclient.services.benutzer import current_user

    with db.sessions.begin() as s:
        admin = current_user(s, "admin")
    with (
        db.sessions.begin() as s,
        pytest.raises(ValidationError, match="mindestens ein Administrator"),
    ):
        svc.save_row(s, admin, "benutzer", {"rolle": "Sachbearbeiter"}, admin.id)
