"""The Auszahlungsbetrag dialog: Stichtag → Aufstellung → Bericht, driven as a clerk does."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pypdf
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit

from omclient import formatting as fmt
from omclient.services import kaution
from omclient.ui.berichte.preview import ReportPreviewDialog
from omclient.ui.bestandsverhaeltnis.kaution import KautionDialog

D = dt.date
NBSP = "\u00a0"


def table_texts(dialog: KautionDialog) -> list[list[str]]:
    model = dialog.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def type_stichtag(qtbot, dialog: KautionDialog, digits: str) -> None:
    """Type TTMMJJJJ into the Stichtag field, starting in its day part (selected as
    tabbing into the field does); Qt moves on to month and year by itself."""
    edit = dialog.stichtag_edit
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    edit.setSelectedSection(QDateEdit.Section.DaySection)
    qtbot.keyClicks(edit, digits)


def open_dialog(qtbot, ctx, **kwargs) -> KautionDialog:
    dialog = KautionDialog(ctx, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_shows_the_aufstellung_of_hubers_kaution(qtbot, ctx, portfolio, qtmodeltester):
    dialog = open_dialog(qtbot, ctx, bv_id=portfolio.bv["1010/0001/1"], stichtag=D(2024, 6, 30))
    assert dialog.windowTitle() == "Kaution – Auszahlungsbetrag"
    assert dialog.betrag_label.text() == f"€{NBSP}3.000,00"
    assert dialog.einzahlung_label.text() == "15.03.2019"
    rows = table_texts(dialog)
    assert rows[0] == [
        "16.03.2019",
        "31.12.2019",
        "285",
        "0,125 %",
        "3.000,00",
        "2,97",
        "0,74",
        "2,23",
        "3.002,23",
    ]
    assert rows[-1][:3] == ["01.01.2024", "29.06.2024", "179"]
    assert len(rows) == 6
    assert dialog.brutto_label.text() == f"€{NBSP}89,68"
    assert dialog.kest_titel.text() == "KESt (25 %):"
    assert dialog.kest_label.text() == f"€{NBSP}22,42"
    assert dialog.netto_label.text() == f"€{NBSP}67,26"
    assert dialog.auszahlung_label.text() == f"€{NBSP}3.067,26"
    assert dialog.bericht_button.isEnabled()
    assert dialog.fehler_label.isHidden()
    qtmodeltester.check(dialog.model)


def test_default_stichtag_is_today_and_the_result_equals_the_service(qtbot, ctx, portfolio):
    bv = portfolio.bv["1010/0002/2"]
    dialog = open_dialog(qtbot, ctx, bv_id=bv)
    assert dialog.stichtag_edit.date() == QDate(2026, 11, 23)
    with ctx.db.sessions() as session:
        _, expected = kaution.aufstellung_fuer_bv(session, bv, D(2026, 11, 23))
    assert dialog.auszahlung_label.text() == fmt.money(expected.auszahlungsbetrag)
    assert len(table_texts(dialog)) == len(expected.zeilen)


def test_typing_a_stichtag_recalculates_at_once(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, bv_id=portfolio.bv["1010/0001/1"])
    results = []
    dialog.berechnet.connect(results.append)
    type_stichtag(qtbot, dialog, "30062024")
    assert dialog.stichtag_edit.date() == QDate(2024, 6, 30)
    assert results[-1].stichtag == D(2024, 6, 30)
    assert results[-1].auszahlungsbetrag == Decimal("3067.26")
    assert dialog.auszahlung_label.text() == f"€{NBSP}3.067,26"


def test_heute_button_sets_today(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, bv_id=portfolio.bv["1010/0001/1"], stichtag=D(2024, 6, 30))
    qtbot.mouseClick(dialog.heute_button, Qt.MouseButton.LeftButton)
    assert dialog.stichtag_edit.date() == QDate(2026, 11, 23)
    assert table_texts(dialog)[-1][:2] == ["01.01.2026", "22.11.2026"]


def test_stichtag_before_einzahlung_is_explained_in_the_dialog(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, bv_id=portfolio.bv["1010/0001/1"], stichtag=D(2024, 6, 30))
    type_stichtag(qtbot, dialog, "01012019")
    assert dialog.stichtag_edit.date() == QDate(2019, 1, 1)
    assert dialog.aufstellung is None
    assert dialog.fehler_label.isVisible()
    assert dialog.fehler_label.text() == (
        "Der Stichtag 01.01.2019 liegt vor dem Einzahlungsdatum 15.03.2019."
    )
    assert dialog.model.rowCount() == 0
    assert dialog.auszahlung_label.text() == "–"
    assert not dialog.bericht_button.isEnabled()
    type_stichtag(qtbot, dialog, "30062024")
    assert dialog.stichtag_edit.date() == QDate(2024, 6, 30)
    assert dialog.fehler_label.isHidden()
    assert dialog.auszahlung_label.text() == f"€{NBSP}3.067,26"


def test_amount_and_date_without_a_tenancy(qtbot, ctx, portfolio):
    dialog = open_dialog(
        qtbot,
        ctx,
        betrag=Decimal("1000"),
        einzahlungsdatum=D(2024, 2, 10),
        stichtag=D(2024, 8, 20),
    )
    # 189 days at 2 % → 10,50 gross, KESt 2,63, net 7,87 (see tests/unit/test_kaution.py)
    assert dialog.auszahlung_label.text() == f"€{NBSP}1.007,87"
    assert not dialog.bericht_button.isEnabled()
    assert "gespeichertes Bestandsverhältnis" in dialog.bericht_button.toolTip()


def test_unsaved_values_from_the_bv_dialog_win_over_the_stored_kaution(qtbot, ctx, portfolio):
    dialog = open_dialog(
        qtbot,
        ctx,
        bv_id=portfolio.bv["1010/0001/1"],
        betrag=Decimal("6000"),
        stichtag=D(2024, 6, 30),
    )
    assert dialog.betrag_label.text() == f"€{NBSP}6.000,00"
    assert dialog.einzahlung_label.text() == "15.03.2019"
    assert table_texts(dialog)[0][4] == "6.000,00"


def test_tenancy_without_kaution_says_what_to_enter(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, bv_id=portfolio.bv["1010/0005/1"])
    assert dialog.betrag_label.text() == "– nicht erfasst –"
    assert "Bitte erfassen Sie zuerst Betrag und Einzahlungsdatum" in dialog.fehler_label.text()
    assert dialog.fehler_label.isVisible()
    assert not dialog.bericht_button.isEnabled()


def test_missing_richtsatz_is_shown_not_crashed(qtbot, ctx, portfolio):
    dialog = open_dialog(
        qtbot, ctx, betrag=Decimal("500"), einzahlungsdatum=D(2010, 5, 1), stichtag=D(2016, 1, 1)
    )
    assert "Für den 02.05.2010 ist kein Richtsatz hinterlegt" in dialog.fehler_label.text()


def test_bericht_opens_the_preview_with_the_shown_amounts(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, bv_id=portfolio.bv["1010/0001/1"], stichtag=D(2024, 6, 30))
    qtbot.mouseClick(dialog.bericht_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report_dialog is not None)
    preview = dialog.report_dialog
    assert isinstance(preview, ReportPreviewDialog)
    assert preview.windowTitle() == "Vorschau – Kautionsabrechnung"
    assert preview.file_name == "Kautionsabrechnung_1010-0001_20240630.pdf"
    text = " ".join(pypdf.PdfReader(io.BytesIO(preview.pdf)).pages[0].extract_text().split())
    assert "Auszahlungsbetrag € 3.067,26" in text
    assert "Anna Huber" in text
    preview.close()


def test_uebernehmen_accepts_with_the_result(qtbot, ctx, portfolio):
    dialog = open_dialog(
        qtbot, ctx, bv_id=portfolio.bv["1010/0001/1"], stichtag=D(2024, 6, 30), offer_apply=True
    )
    assert dialog.apply_button is not None
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.aufstellung is not None
    assert (dialog.aufstellung.stichtag, dialog.aufstellung.auszahlungsbetrag) == (
        D(2024, 6, 30),
        Decimal("3067.26"),
    )
