"""Bereich Sicherheitsleistungen of the Bestandsverhältnis dialog: switches, every kind saved,
the Kaution Auszahlungsbetrag, bad accounts refused, the Losungswort kept in the keyring.

Driven as a clerk would, on sqlite and postgresql.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import select

from omclient import formatting as fmt
from omclient.domain import (
    Kaution,
    Sparbuch,
)
from omclient.services import kaution as kaution_svc
from omclient.ui.bestandsverhaeltnis.sicherheitsleistungen import ARTEN
from tests.ui.bestandsverhaeltnis.helpers import (
    click_check,
    db_bv,
    open_dialog,
    type_into,
)

D = dt.date


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


def test_without_keyring_the_losungswort_cannot_be_entered(qtbot, ctx, portfolio):
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0003/1"])
    click_check(qtbot, dialog.sicherheitsleistungen.switches["sparbuch_aktiv"])
    assert dialog.sicherheitsleistungen.sparbuch_form.editor("bank").isEnabled()
    assert not dialog.sicherheitsleistungen.losungswort_edit.isEnabled()
    assert "kein Schlüsselbund" in dialog.sicherheitsleistungen.losungswort_status.text()


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
