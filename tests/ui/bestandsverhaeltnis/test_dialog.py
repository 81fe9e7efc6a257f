"""Dialog Bestandsverhältnis driven as a clerk would (sqlite and postgresql).

Covers every Register and activation switch, RW fields greyed and italic,
the Bezugsdatum fallback, the Kaution Auszahlungsbetrag through its dialog,
bad bank accounts refused with nothing saved, the Losungswort kept in the
keyring, the conflict of two dialogs on the same record, the unsaved-changes
prompt, Befristung from a new Vertrag and the FB-Stundung dialog.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QMessageBox, QWidget
from sqlalchemy import select

from omclient import formatting as fmt
from omclient.domain import (
    Bestandsverhaeltnis,
    Kaution,
    Sparbuch,
    Vertrag,
    WbfPruefung,
    Zahlungsdaten,
)
from omclient.services import kaution as kaution_svc
from omclient.ui.bestandsverhaeltnis.dialog import BestandsverhaeltnisDialog
from omclient.ui.bestandsverhaeltnis.sicherheitsleistungen import ARTEN
from omclient.ui.common.forms import RW_TOOLTIP

D = dt.date


@pytest.fixture
def messages(monkeypatch):
    """Capture message boxes instead of blocking; ``answers`` feeds question()."""
    seen: list[tuple[str, str, str]] = []
    answers: list[QMessageBox.StandardButton] = []

    def record(kind):
        def show(parent, title, text, *args, **kwargs):
            seen.append((kind, title, text))
            if kind == "question" or args:  # a choice was offered
                return answers.pop(0) if answers else QMessageBox.StandardButton.No
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "question", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    return seen, answers


def _discard(dialog: BestandsverhaeltnisDialog) -> None:
    with contextlib.suppress(Exception):  # the record may have been deleted by the test
        dialog.reload_asking(ask=False)


def open_dialog(qtbot, ctx, bv_id) -> BestandsverhaeltnisDialog:
    dialog = BestandsverhaeltnisDialog(ctx, bv_id)
    # At teardown, unsaved entries are discarded so closing does not ask.
    qtbot.addWidget(dialog, before_close_func=_discard)
    dialog.show()
    return dialog


def line(dialog: QWidget, name: str) -> QLineEdit:
    widget = dialog.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def label_of(form, name) -> QLabel:
    return form.label(name)


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Type ``text`` as keystrokes (QTest aborts on non-ASCII keys: those are pasted)."""
    edit.selectAll()
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    elif isinstance(edit, QLineEdit):
        edit.insert(text)
    else:
        edit.insertPlainText(text)


def click_check(qtbot, box: QCheckBox) -> None:
    """Click on the check mark (the widget may be wider than its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def db_bv(ctx, bv_id) -> Bestandsverhaeltnis | None:
    with ctx.db.sessions() as s:
        bv = s.get(Bestandsverhaeltnis, bv_id)
        if bv is not None:
            s.expunge(bv)
        return bv


# --- Register and switches -----------------------------------------------------------


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


def test_each_switch_enables_only_its_kind(qtbot, ctx, portfolio, messages):
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0003/1"])
    for attr, _title in ARTEN:
        assert not dialog.sicherheitsleistungen.switches[attr].isChecked()
        assert not dialog.sicherheitsleistungen.pages[attr].isEnabled()
    for attr, title in ARTEN:
        click_check(qtbot, dialog.sicherheitsleistungen.switches[attr])
        assert dialog.sicherheitsleistungen.pages[attr].isEnabled(), title
        assert (
            dialog.sicherheitsleistungen.tabs.tabText(
                dialog.sicherheitsleistungen.tabs.currentIndex()
            )
            == title
        )
        others = [
            a
            for a, _t in ARTEN
            if a != attr and not dialog.sicherheitsleistungen.switches[a].isChecked()
        ]
        assert all(not dialog.sicherheitsleistungen.pages[a].isEnabled() for a in others)
    assert dialog.windowTitle().startswith("* ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    bv = db_bv(ctx, portfolio.bv["1010/0003/1"])
    assert all(getattr(bv, attr) for attr, _t in ARTEN)
    assert not dialog.windowTitle().startswith("* ")


def test_sicherheiten_entered_on_every_page_are_saved(
    qtbot, ctx, portfolio, messages, memory_keyring
):
    bv_id = portfolio.bv["1010/0003/1"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    for attr, _t in ARTEN:
        dialog.sicherheitsleistungen.switches[attr].setChecked(True)
    type_into(qtbot, dialog.sicherheitsleistungen.fb_form.editor("betrag"), "12.000,00")
    type_into(
        qtbot, dialog.sicherheitsleistungen.fb_form.editor("abtretung_an"), "Raiffeisenbank Wien"
    )
    type_into(qtbot, dialog.sicherheitsleistungen.fb_form.editor("abtretung_betrag"), "4000")
    type_into(qtbot, dialog.sicherheitsleistungen.sparbuch_form.editor("bank"), "Sparkasse")
    type_into(qtbot, dialog.sicherheitsleistungen.sparbuch_form.editor("betrag"), "1500")
    type_into(qtbot, dialog.sicherheitsleistungen.losungswort_edit, "Geheim-77")
    type_into(
        qtbot,
        dialog.sicherheitsleistungen.sonstiges_form.editor("buergschaft_buerge"),
        "Wagner Maria",
    )
    type_into(
        qtbot, dialog.sicherheitsleistungen.sonstiges_form.editor("buergschaft_betrag"), "2500"
    )

    def fill_garantie():
        box = QApplication.activeModalWidget()
        type_into(qtbot, box.form.editor("bank"), "Erste Bank")
        type_into(qtbot, box.form.editor("betrag"), "5000")
        type_into(qtbot, box.form.editor("gueltig_bis"), "30.06.2028")
        box.accept()

    QTimer.singleShot(50, fill_garantie)
    qtbot.mouseClick(
        dialog.sicherheitsleistungen.bankgarantien.neu_button, Qt.MouseButton.LeftButton
    )
    assert dialog.sicherheitsleistungen.bankgarantien.model.rowCount() == 1
    assert dialog.sicherheitsleistungen.bankgarantien.model.text(0, 2) == "5.000,00"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [m for m in messages[0] if m[0] == "warning"] == []
    from omclient.services.sicherheiten import load_sicherheiten

    with ctx.db.sessions() as s:
        saved = load_sicherheiten(s, bv_id)
        sparbuch = s.scalar(select(Sparbuch))
    assert saved.finanzierungsbeitrag.abtretung_an == "Raiffeisenbank Wien"
    assert saved.finanzierungsbeitrag.betrag == Decimal("12000.00")
    assert [(g.bank, g.betrag) for g in saved.bankgarantien] == [("Erste Bank", Decimal("5000.00"))]
    assert saved.sonstiges.buergschaft_buerge == "Wagner Maria"
    assert sparbuch.losungswort_hinterlegt
    assert "Geheim-77" in memory_keyring.secrets.values()
    assert dialog.sicherheitsleistungen.losungswort_edit.text() == ""
    assert "hinterlegt" in dialog.sicherheitsleistungen.losungswort_status.text()


# --- RW ownership ---------------------------------------------------------------------


def test_rw_fields_disabled_and_italic_om_fields_editable(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0002/2"])  # Novak: Befristung from RW
    for name in ("bv_nr", "art", "bestandsart", "bezugsdatum", "befristung_bis"):
        assert not dialog.allgemein.form.editor(name).isEnabled(), name
        assert dialog.allgemein.form.label(name).font().italic(), name
        assert dialog.allgemein.form.label(name).toolTip() == RW_TOOLTIP
    for name in ("auszugsdatum", "bemerkung", "leerstand_grund", "leerstand_kommentar"):
        assert dialog.allgemein.form.editor(name).isEnabled(), name
        assert not dialog.allgemein.form.label(name).font().italic(), name
    for label in (
        dialog.allgemein.objekt_label,
        dialog.allgemein.einheit_label,
        dialog.allgemein.person_label,
    ):
        assert label.font().italic()
    assert not line(dialog, "personAnzeige").isEnabled()
    # Sicherheitsleistungen are OM data: not italic.
    assert not dialog.sicherheitsleistungen.kaution_form.label("betrag").font().italic()


def test_bezugsdatum_falls_back_to_the_objekt_and_stays_unsaved(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0007/1"]  # Mayer: RW converted no Bezugsdatum
    dialog = open_dialog(qtbot, ctx, bv_id)
    bezug = dialog.allgemein.form.editor("bezugsdatum")
    assert bezug.text() == "01.03.1998"
    assert bezug.isEnabled()
    assert not dialog.allgemein.form.label("bezugsdatum").font().italic()
    assert dialog.allgemein.bezug_hinweis.isVisible()
    assert "vom Objekt übernommen" in dialog.allgemein.bezug_hinweis.text()
    type_into(qtbot, dialog.allgemein.form.editor("bemerkung"), "Schlüssel beim Hausbesorger")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    bv = db_bv(ctx, bv_id)
    assert bv.bemerkung == "Schlüssel beim Hausbesorger"
    assert bv.bezugsdatum is None  # the Objekt's date is shown, not copied
    type_into(qtbot, bezug, "01.05.2003")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert db_bv(ctx, bv_id).bezugsdatum == D(2003, 5, 1)
    assert not dialog.allgemein.bezug_hinweis.isVisible()


def test_huber_shows_own_bezugsdatum_without_hint(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0001/1"])
    assert dialog.allgemein.form.editor("bezugsdatum").text() == "01.04.2015"
    assert not dialog.allgemein.bezug_hinweis.isVisible()


# --- Kaution ----------------------------------------------------------------------------


def test_auszahlungsbetrag_through_the_dialog_equals_the_service(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0001/1"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    qtbot.mouseClick(dialog.sicherheitsleistungen.auszahlung_button, Qt.MouseButton.LeftButton)
    kd = dialog.sicherheitsleistungen.kaution_dialog
    qtbot.waitExposed(kd)
    kd.stichtag_edit.setDate(QDate(2024, 6, 30))
    with ctx.db.sessions() as s:
        expected = kaution_svc.aufstellung(s, Decimal("3000.00"), D(2019, 3, 15), D(2024, 6, 30))
    assert kd.auszahlung_label.text() == fmt.money(expected.auszahlungsbetrag)
    assert kd.auszahlung_label.text() == fmt.money(Decimal("3067.26"))
    kd.accept()  # Übernehmen
    assert (
        dialog.sicherheitsleistungen.kaution_form.editor("auszahlungsdatum").text() == "30.06.2024"
    )
    assert (
        dialog.sicherheitsleistungen.kaution_form.editor("auszahlungsbetrag").text()
        == "€\xa03.067,26"
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        k = s.scalar(select(Kaution).where(Kaution.bestandsverhaeltnis_id == bv_id))
    assert (k.auszahlungsdatum, k.auszahlungsbetrag) == (D(2024, 6, 30), Decimal("3067.26"))


def test_auszahlungsbetrag_needs_betrag_and_einzahlungsdatum(qtbot, ctx, portfolio, messages):
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0003/1"])
    dialog.sicherheitsleistungen.switches["kaution_aktiv"].setChecked(True)
    qtbot.mouseClick(dialog.sicherheitsleistungen.auszahlung_button, Qt.MouseButton.LeftButton)
    assert "Betrag und Einzahlungsdatum" in messages[0][-1][2]


@pytest.mark.parametrize(
    ("iban", "bic", "expected"),
    [
        ("AT02 2011 1000 0000 0000", "", "muss auch der BIC befüllt sein"),
        ("AT61 1904 3002 3457 3209", "GIBAATWWXXX", "Prüfziffern stimmen nicht"),
    ],
)
def test_bad_kautionskonto_refused_nothing_saved(
    qtbot, ctx, portfolio, messages, iban, bic, expected
):
    bv_id = portfolio.bv["1010/0001/1"]
    before = db_bv(ctx, bv_id)
    dialog = open_dialog(qtbot, ctx, bv_id)
    type_into(qtbot, dialog.sicherheitsleistungen.kaution_form.editor("betrag"), "3100")
    type_into(qtbot, dialog.sicherheitsleistungen.kaution_form.editor("iban"), iban)
    type_into(qtbot, dialog.sicherheitsleistungen.kaution_form.editor("bic"), bic)
    type_into(qtbot, dialog.allgemein.form.editor("bemerkung"), "darf nicht gespeichert werden")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    warnings = [m for m in messages[0] if m[0] == "warning"]
    assert warnings and expected in warnings[-1][2]
    with ctx.db.sessions() as s:
        k = s.scalar(select(Kaution).where(Kaution.bestandsverhaeltnis_id == bv_id))
    assert (k.betrag, k.iban, k.bic) == (Decimal("3000.00"), "AT611904300234573201", "GIBAATWWXXX")
    after = db_bv(ctx, bv_id)
    assert (after.bemerkung, after.version) == (None, before.version)
    # the clerk's entries are still there to correct
    assert dialog.sicherheitsleistungen.kaution_form.editor("iban").text() == iban


# --- Zahlung and WBF ------------------------------------------------------------------------


def test_zahlung_mandate_only_for_sepa_and_saved(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0002/2"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    dialog.tabs.setCurrentIndex(2)
    combo = dialog.zahlung.form.editor("zahlungsart")
    assert combo.currentText() == "(keine Zahlungsdaten)"
    assert not dialog.zahlung.mandat_box.isEnabled()
    combo.setCurrentIndex(combo.findData("SEPA-Lastschrift"))
    assert dialog.zahlung.mandat_box.isEnabled()
    type_into(qtbot, dialog.zahlung.form.editor("kontoinhaber"), "Eva Novak")
    type_into(qtbot, dialog.zahlung.form.editor("iban"), "AT483200000012345864")
    type_into(qtbot, dialog.zahlung.form.editor("bic"), "RLNWATWWXXX")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Mandatsreferenz" in messages[0][-1][2]
    type_into(qtbot, dialog.zahlung.form.editor("mandatsreferenz"), "WBD-1010-0002-2")
    type_into(qtbot, dialog.zahlung.form.editor("mandatsdatum"), "25.07.2019")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        z = s.scalar(select(Zahlungsdaten).where(Zahlungsdaten.bestandsverhaeltnis_id == bv_id))
    assert (z.zahlungsart.value, z.iban, z.mandatsreferenz) == (
        "SEPA-Lastschrift",
        "AT483200000012345864",
        "WBD-1010-0002-2",
    )
    combo.setCurrentIndex(combo.findData("Zahlschein"))
    assert not dialog.zahlung.mandat_box.isEnabled()


def test_wbf_pruefung_added_in_register_and_saved(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0002/2"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.wbf.hinweis.text() == "Keine WBF-Prüfung erfasst."

    def fill():
        box = QApplication.activeModalWidget()
        assert box.form.editor("datum").text() == "23.11.2026"
        type_into(qtbot, box.form.editor("datum"), "03.07.2024")
        ergebnis = box.form.editor("ergebnis")
        ergebnis.setCurrentIndex(ergebnis.findData("nicht förderungswürdig"))
        type_into(qtbot, box.form.editor("haushaltsgroesse"), "2")
        type_into(qtbot, box.form.editor("haushaltseinkommen"), "61.000")
        type_into(qtbot, box.form.editor("einkommensgrenze"), "54.000")
        type_into(qtbot, box.form.editor("naechste_pruefung"), "01.07.2026")
        box.accept()

    QTimer.singleShot(50, fill)
    qtbot.mouseClick(dialog.wbf.liste.neu_button, Qt.MouseButton.LeftButton)
    assert dialog.wbf.liste.model.rowCount() == 1
    assert dialog.wbf.liste.model.text(0, 5) == "ja"  # over the limit
    assert dialog.wbf.hinweis.text() == "Nächste Prüfung: 01.07.2026 – überfällig!"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        rows = s.scalars(
            select(WbfPruefung).where(WbfPruefung.bestandsverhaeltnis_id == bv_id)
        ).all()
    assert [(r.datum, r.ergebnis, r.haushaltseinkommen) for r in rows] == [
        (D(2024, 7, 3), "nicht förderungswürdig", Decimal("61000.00"))
    ]


# --- Concurrency and closing ---------------------------------------------------------------


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


# --- Befristung, admin actions, FB-Stundung ------------------------------------------------


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


def test_fb_stundung_dialog_shows_plan_and_saves(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0002/2"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    dialog.sicherheitsleistungen.switches["finanzierungsbeitrag_aktiv"].setChecked(True)
    type_into(qtbot, dialog.sicherheitsleistungen.fb_form.editor("betrag"), "6000")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.fb_stundung_button, Qt.MouseButton.LeftButton)
    fb = dialog.fb_stundung_dialog
    assert "noch stundbar" in fb.summary.text()
    assert fb.form.editor("betrag").text() == "€\xa06.000,00"
    type_into(qtbot, fb.form.editor("betrag"), "1200")
    type_into(qtbot, fb.form.editor("raten"), "12")
    type_into(qtbot, fb.form.editor("zinssatz"), "6")
    assert fb.plan_model.rowCount() == 12
    assert fb.plan_model.text(0, 2) == "103,28"
    assert fb.plan_model.text(11, 5) == "0,00"
    assert "letzte Rate am 01.11.2027" in fb.plan_summe.text()
    qtbot.mouseClick(fb.speichern_button, Qt.MouseButton.LeftButton)
    assert fb.list_model.rowCount() == 1
    assert "gestundet" in fb.summary.text()
    # The open BV dialog can still save: the deferral did not bump its version.
    type_into(qtbot, dialog.allgemein.form.editor("bemerkung"), "Stundung vereinbart")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert db_bv(ctx, bv_id).bemerkung == "Stundung vereinbart"


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


def test_unterbestandsart_only_where_configured(qtbot, ctx, portfolio):
    haupt = open_dialog(qtbot, ctx, portfolio.bv["1010/0001/1"])
    combo = haupt.allgemein.form.editor("unterbestandsart")
    assert combo.isVisibleTo(haupt)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "",
        "Dienstwohnung",
        "Untermiete gestattet",
    ]
    garage = open_dialog(qtbot, ctx, portfolio.bv["1010/0006/1"])
    assert not garage.allgemein.form.editor("unterbestandsart").isVisibleTo(garage)


def test_without_keyring_the_losungswort_cannot_be_entered(qtbot, ctx, portfolio):
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0003/1"])
    click_check(qtbot, dialog.sicherheitsleistungen.switches["sparbuch_aktiv"])
    assert dialog.sicherheitsleistungen.sparbuch_form.editor("bank").isEnabled()
    assert not dialog.sicherheitsleistungen.losungswort_edit.isEnabled()
    assert "kein Schlüsselbund" in dialog.sicherheitsleistungen.losungswort_status.text()


def test_stored_legacy_account_does_not_block_other_edits(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0001/1"]
    with ctx.db.sessions.begin() as s:
        z = s.scalar(select(Zahlungsdaten).where(Zahlungsdaten.bestandsverhaeltnis_id == bv_id))
        z.iban = "AT000000000000000000"  # converted long ago, never checked
    dialog = open_dialog(qtbot, ctx, bv_id)
    type_into(qtbot, dialog.allgemein.form.editor("bemerkung"), "Mieterin ruft zurück")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [m for m in messages[0] if m[0] == "warning"] == []
    assert db_bv(ctx, bv_id).bemerkung == "Mieterin ruft zurück"
    # Touching the payment data asks for a valid account.
    type_into(qtbot, dialog.zahlung.form.editor("kontoinhaber"), "Anna Huber-Meier")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "IBAN" in messages[0][-1][2]


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


def test_remove_and_edit_rows_of_lists(qtbot, ctx, portfolio, messages):
    from omclient.services import wbf as wbf_svc
    from omclient.services.sicherheiten import BankgarantieDto, SicherheitenInput, save_sicherheiten

    bv_id = portfolio.bv["1010/0005/1"]
    wbf_svc.save_wbf(
        ctx.db.sessions,
        bv_id,
        None,
        (
            wbf_svc.WbfPruefungDto(datum=D(2015, 1, 10), ergebnis="förderungswürdig"),
            wbf_svc.WbfPruefungDto(datum=D(2020, 1, 10), ergebnis="in Prüfung"),
        ),
    )
    save_sicherheiten(
        ctx.db.sessions,
        bv_id,
        None,
        SicherheitenInput(
            kaution_aktiv=False,
            finanzierungsbeitrag_aktiv=False,
            bankgarantie_aktiv=True,
            sparbuch_aktiv=False,
            sonstiges_aktiv=False,
            bankgarantien=(BankgarantieDto(bank="BAWAG", nummer="G-9", betrag=Decimal("9000")),),
        ),
    )
    dialog = open_dialog(qtbot, ctx, bv_id)
    assert dialog.wbf.liste.model.rowCount() == 2
    assert dialog.wbf.liste.model.text(0, 0) == "10.01.2020"  # newest first
    dialog.wbf.liste.view.select_row(1)
    qtbot.mouseClick(dialog.wbf.liste.entfernen_button, Qt.MouseButton.LeftButton)

    def change_amount():
        box = QApplication.activeModalWidget()
        assert box.form.editor("bank").text() == "BAWAG"
        type_into(qtbot, box.form.editor("betrag"), "9500")
        box.accept()

    dialog.sicherheitsleistungen.bankgarantien.view.select_row(0)
    QTimer.singleShot(50, change_amount)
    qtbot.mouseClick(
        dialog.sicherheitsleistungen.bankgarantien.bearbeiten_button, Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        assert [p.ergebnis for p in wbf_svc.load_wbf(s, bv_id)] == ["in Prüfung"]
        from omclient.domain import Bankgarantie

        rows = s.scalars(select(Bankgarantie)).all()
    assert [(g.nummer, g.betrag) for g in rows] == [("G-9", Decimal("9500.00"))]


def test_fb_stundung_refuses_more_than_the_beitrag_and_deletes(qtbot, ctx, portfolio, messages):
    from omclient.services import fb_stundung
    from omclient.services.sicherheiten import (
        FinanzierungsbeitragDto,
        SicherheitenInput,
        save_sicherheiten,
    )
    from omclient.ui.bestandsverhaeltnis.fb_stundung import FbStundungDialog

    bv_id = portfolio.bv["1010/0004/1"]
    save_sicherheiten(
        ctx.db.sessions,
        bv_id,
        None,
        SicherheitenInput(
            kaution_aktiv=False,
            finanzierungsbeitrag_aktiv=True,
            bankgarantie_aktiv=False,
            sparbuch_aktiv=False,
            sonstiges_aktiv=False,
            finanzierungsbeitrag=FinanzierungsbeitragDto(betrag=Decimal("2000")),
        ),
    )
    dialog = FbStundungDialog(ctx, bv_id)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog.form.editor("betrag"), "2500")
    qtbot.mouseClick(dialog.speichern_button, Qt.MouseButton.LeftButton)
    assert "höchstens" in messages[0][-1][2]
    assert dialog.list_model.rowCount() == 0
    type_into(qtbot, dialog.form.editor("betrag"), "2000")
    qtbot.mouseClick(dialog.speichern_button, Qt.MouseButton.LeftButton)
    assert dialog.list_model.rowCount() == 1
    messages[1].append(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
    assert dialog.list_model.rowCount() == 0
    with ctx.db.sessions() as s:
        assert fb_stundung.load_uebersicht(s, bv_id).stundungen == ()


def test_losungswort_shown_on_request_only(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0003/1"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    assert not dialog.sicherheitsleistungen.losungswort_anzeigen.isEnabled()
    click_check(qtbot, dialog.sicherheitsleistungen.switches["sparbuch_aktiv"])
    type_into(qtbot, dialog.sicherheitsleistungen.sparbuch_form.editor("bank"), "Erste Bank")
    type_into(qtbot, dialog.sicherheitsleistungen.sparbuch_form.editor("betrag"), "800")
    type_into(qtbot, dialog.sicherheitsleistungen.losungswort_edit, "Amsel")
    assert dialog.sicherheitsleistungen.losungswort_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.sicherheitsleistungen.losungswort_anzeigen.isEnabled()
    qtbot.mouseClick(dialog.sicherheitsleistungen.losungswort_anzeigen, Qt.MouseButton.LeftButton)
    assert messages[0][-1][0] == "information"
    assert "Amsel" in messages[0][-1][2]
