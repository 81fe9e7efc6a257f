"""Dialog Bestandsverhältnis: every Register there, Speichern in one go, the conflict of two
dialogs on the same record, the unsaved-changes prompt, Befristung from a new Vertrag,
the footer (Drucken, Dokumente, Berichte, admin actions).

Driven as a clerk would, on sqlite and postgresql.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QMessageBox, QWidget
from sqlalchemy import select

from omclient.domain import (
    Vertrag,
)
from omclient.ui.bestandsverhaeltnis.dialog import BestandsverhaeltnisDialog
from tests.ui.bestandsverhaeltnis.helpers import (
    db_bv,
    line,
    open_dialog,
    type_into,
)

D = dt.date


def test_every_register_is_there_and_shows_the_tenancy(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0001/1"])
    titles = [dialog.tabs.tabText(i).replace("&", "") for i in range(dialog.tabs.count())]
    assert titles == [
        "Allgemein",
        "WBF-Prüfung",
        "Zahlung",
        "Funktionen",
        "Verkettung",
        "Indiv Felder",
    ]
    assert line(dialog, "objektAnzeige").text() == "1010 Wohnanlage Donaufeld"
    assert line(dialog, "einheitAnzeige").text() == "0001 / Top 1"
    assert line(dialog, "personAnzeige").text() == "Huber Anna"
    assert dialog.allgemein.person_label.text() == "Mieter:"
    assert dialog.windowTitle() == "Bestandsverhältnis 1010/0001/1 – Huber Anna"
    # Infogrid of this BV: its own Schlüssel and Vermerke, not those of the Einheit.
    assert dialog.allgemein.infogrid.findChild(QLabel, "info_schluessel").text() == "2"
    assert dialog.allgemein.infogrid.findChild(QLabel, "info_vermerk").text() == "1"
    # Zahlung, Verkettung, Indiv Felder show this BV's data.
    dialog.tabs.setCurrentIndex(2)
    assert line(dialog, "kaution_iban").text() == "AT61 1904 3002 3457 3201"  # Kautionskonto
    assert line(dialog, "zahlung_iban").text() == "AT48 3200 0000 1234 5864"
    assert dialog.zahlung.form.editor("iban").text() == "AT48 3200 0000 1234 5864"
    assert dialog.zahlung.form.editor("mandatsreferenz").text() == "WBD-1010-0001-1"
    assert dialog.verkettung.model.rowCount() == 1
    assert "Haupt-Bestandnehmer" in dialog.verkettung.status_label.text()
    assert dialog.indiv.editor("Wohnbeihilfe") is not None


def test_second_dialog_save_is_a_conflict_and_loses_nothing(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0004/1"]
    first = open_dialog(qtbot, ctx, bv_id)
    second = open_dialog(qtbot, ctx, bv_id)
    type_into(qtbot, first.allgemein.form.editor("bemerkung"), "Von Sabine: Bad fertig")
    type_into(qtbot, second.allgemein.form.editor("bemerkung"), "Von Anton: Elektrik offen")
    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)
    messages[1].append(QMessageBox.StandardButton.No)  # do not reload
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    kind, title, text = messages[0][-1]
    assert (kind, title) == ("question", "Bearbeitungskonflikt")
    assert "inzwischen" in text
    assert db_bv(ctx, bv_id).bemerkung == "Von Sabine: Bad fertig"
    assert second.allgemein.form.editor("bemerkung").toPlainText() == "Von Anton: Elektrik offen"
    messages[1].append(QMessageBox.StandardButton.Yes)  # now reload
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    assert second.allgemein.form.editor("bemerkung").toPlainText() == "Von Sabine: Bad fertig"
    assert not second.is_dirty()


def test_closing_with_unsaved_changes_asks(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0004/1"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    grund = dialog.allgemein.form.editor("leerstand_grund")
    assert grund.currentText() == "Sanierung"
    grund.setCurrentIndex(grund.findData("Eigenbedarf"))
    messages[1].append(QMessageBox.StandardButton.Cancel)
    dialog.close()
    assert dialog.isVisible()
    messages[1].append(QMessageBox.StandardButton.Save)
    dialog.close()
    assert not dialog.isVisible()
    assert db_bv(ctx, bv_id).leerstand_grund == "Eigenbedarf"


def test_aktualisieren_reloads_what_another_saved(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0004/1"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    other = open_dialog(qtbot, ctx, bv_id)
    type_into(qtbot, other.allgemein.form.editor("bemerkung"), "neu")
    qtbot.mouseClick(other.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.allgemein.form.editor("bemerkung").toPlainText() == "neu"


def test_new_vertrag_offers_its_end_as_befristung(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0001/1"]
    dialog = open_dialog(qtbot, ctx, bv_id)

    def fill():
        box = QApplication.activeModalWidget()
        edits = {e.objectName(): e for e in box.findChildren(QLineEdit)}
        type_into(qtbot, edits["vertragsart"], "Mietvertrag")
        type_into(qtbot, edits["ende"], "31.03.2030")
        box.accept()

    QTimer.singleShot(50, fill)
    messages[1].append(QMessageBox.StandardButton.Yes)
    plus = dialog.allgemein.infogrid.findChild(QWidget, "neu_vertrag")
    qtbot.mouseClick(plus, Qt.MouseButton.LeftButton)
    question = [m for m in messages[0] if m[0] == "question"][-1]
    assert "31.03.2030" in question[2]
    assert db_bv(ctx, bv_id).befristung_bis == D(2030, 3, 31)
    assert dialog.allgemein.form.editor("befristung_bis").text() == "31.03.2030"
    with ctx.db.sessions() as s:
        assert s.scalar(select(Vertrag.ende).where(Vertrag.bestandsverhaeltnis_id == bv_id)) == D(
            2030, 3, 31
        )


def test_admin_actions_only_for_administrators(qtbot, ctx, admin_ctx, portfolio, messages):
    clerk_dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0006/1"])
    assert not clerk_dialog.delete_action.isEnabled()
    assert not clerk_dialog.create_action.isEnabled()
    admin_dialog = open_dialog(qtbot, admin_ctx, portfolio.bv["1010/0006/1"])
    assert admin_dialog.delete_action.isEnabled()
    messages[1].append(QMessageBox.StandardButton.No)
    admin_dialog.delete_action.trigger()
    assert "im Normalfall in d+ RW" in messages[0][-1][2]
    assert db_bv(ctx, portfolio.bv["1010/0006/1"]) is not None
    messages[1].append(QMessageBox.StandardButton.Yes)
    admin_dialog.delete_action.trigger()
    assert db_bv(ctx, portfolio.bv["1010/0006/1"]) is None
    assert not admin_dialog.isVisible()


def test_opened_through_the_navigator(qtbot, ctx, portfolio):
    window = ctx.navigator.open_bestandsverhaeltnis(portfolio.bv["1010/0002/2"])
    assert isinstance(window, BestandsverhaeltnisDialog)
    assert window.isVisible()
    assert isinstance(window.findChild(QCheckBox, "kaution_aktiv"), QCheckBox)


def test_drucken_shows_the_saved_data_as_pdf(qtbot, ctx, portfolio, messages):
    import io

    from pypdf import PdfReader

    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0001/1"])
    dialog.print_action.trigger()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    preview = dialog.preview
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(preview.pdf)).pages)
    assert "Huber" in text
    assert "3.000,00" in text  # the Kaution
    assert preview.file_name == "Bestandsverhaeltnis_1010-0001-1.pdf"
    preview.close()


def test_dokumente_opens_the_bv_folder_and_lists_serienbriefe(
    qtbot, ctx, portfolio, messages, monkeypatch
):
    from PySide6.QtGui import QDesktopServices

    from omclient.domain import SerienbriefVorlage

    with ctx.db.sessions.begin() as s:
        s.add(
            SerienbriefVorlage(
                name="Mieterinfo Sanierung",
                hauptdatenmenge="Bestandsverhaeltnis",
                pfad="/vorlagen/sanierung.odt",
            )
        )
        s.add(SerienbriefVorlage(name="Einheit-Brief", hauptdatenmenge="Einheit", pfad="/x.odt"))
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(url.toLocalFile()) or True),
    )
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0002/2"])
    dialog._fill_documents_menu()
    texts = [a.text() for a in dialog.documents_menu.actions() if a.text()]
    assert texts == ["Dokumentenordner (DMS) öffnen", "Serienbrief: Mieterinfo Sanierung"]
    dialog.documents_menu.actions()[0].trigger()
    folder = opened[-1]
    assert folder.startswith(str(ctx.settings.dms_root))
    assert folder.endswith("BV 2 Mag. Novak Eva")
    assert "1010 Wohnanlage Donaufeld" in folder
    import os

    assert os.path.isdir(folder)
    dialog.documents_menu.actions()[-1].trigger()
    assert opened[-1] == "/vorlagen/sanierung.odt"


def test_admin_creates_a_new_bv_after_the_warning(qtbot, admin_ctx, portfolio, messages):
    dialog = open_dialog(qtbot, admin_ctx, portfolio.bv["1010/0004/1"])
    created: list[str] = []

    def fill():
        box = QApplication.activeModalWidget()
        created.append(box.findChild(QLabel, "anlegenWarnung").text())
        qtbot.keyClicks(box.suche, "Pichler")
        assert box.personen.count() == 2
        box.personen.setCurrentIndex(1)
        qtbot.keyClicks(box.bezug, "01.12.2026")
        box.accept()

    QTimer.singleShot(50, fill)
    dialog.create_action.trigger()
    assert "im Normalfall in d+ RW" in created[0]
    new = [w for w in admin_ctx.navigator.open_windows if isinstance(w, BestandsverhaeltnisDialog)]
    assert len(new) == 1
    assert new[0].windowTitle() == "Bestandsverhältnis 1010/0004/2 – Pichler Maria"
    # Created in OM: its dates are OM's, not greyed.
    assert new[0].allgemein.form.editor("bezugsdatum").isEnabled()
    assert new[0].allgemein.form.editor("bezugsdatum").text() == "01.12.2026"
    new[0].close()


def test_berichte_lists_kontoauszug_and_kautionsabrechnung(qtbot, ctx, portfolio, messages):
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0001/1"])
    actions = {a.text(): a for a in dialog.reports_button.menu().actions()}
    assert {"Kontoauszug", "Kautionsabrechnung"} <= set(actions)
    with qtbot.waitSignal(dialog.reports_button.preview_opened) as opened:
        actions["Kontoauszug"].trigger()
    preview = opened.args[0]
    assert "Kontoauszug" in preview.windowTitle()
    preview.close()


def test_ctrl_s_saves(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0004/1"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    editor = dialog.allgemein.form.editor("leerstand_kommentar")
    editor.setFocus()
    type_into(qtbot, editor, "Fliesen bestellt")
    assert dialog.windowTitle().startswith("* ")
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert messages[0] == []
    assert db_bv(ctx, bv_id).leerstand_kommentar == "Fliesen bestellt"
    assert not dialog.windowTitle().startswith("* ")


def test_indiv_felder_saved_with_the_dialog_in_one_go(qtbot, ctx, portfolio, messages):
    from omclient.domain import IndivWert

    bv_id = portfolio.bv["1010/0002/2"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    dialog.tabs.setCurrentIndex(5)
    combo = dialog.indiv.editor("Wohnbeihilfe")
    combo.setCurrentIndex(combo.findText("Ja"))
    assert dialog.windowTitle().startswith("* ")
    type_into(
        qtbot, dialog.allgemein.form.editor("auszugsdatum"), "01.01.2000"
    )  # before Bezug: refused
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Auszugsdatum" in messages[0][-1][2]
    with ctx.db.sessions() as s:
        assert s.scalars(select(IndivWert).where(IndivWert.datensatz_id == bv_id)).all() == []
    type_into(qtbot, dialog.allgemein.form.editor("auszugsdatum"), "")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        werte = s.scalars(select(IndivWert.wert).where(IndivWert.datensatz_id == bv_id)).all()
    assert len(werte) == 1
    assert dialog.indiv.editor("Wohnbeihilfe").currentText() == "Ja"
    assert not dialog.windowTitle().startswith("* ")
