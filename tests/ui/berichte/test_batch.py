"""Batch printing dialog and the Berichte button, driven like a clerk does."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from omclient.clock import Clock
from omclient.reports.registry import ReportKontext
from omclient.ui.berichte.batch import ReportBatchDialog
from omclient.ui.berichte.preview import BerichteButton, BvChoiceDialog
from tests.support.portfolio import TODAY

CLOCK = Clock.fixed(TODAY)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def click_radio(qtbot, button) -> None:
    """Click the radio button's indicator (its click area ends with its text)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    assert button.isChecked()


def objekt_1010(portfolio) -> list[int]:
    return [v for k, v in portfolio.einheit.items() if k.startswith("1010/")]


def test_batch_of_selected_rows_into_one_pdf(qtbot, db, portfolio, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: messages.append(a[2]))
    selected = [portfolio.einheit["1010/0001"], portfolio.einheit["1010/0002"]]
    dialog = ReportBatchDialog(db.sessions, selected, objekt_1010(portfolio), CLOCK)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.scope_selected.isChecked()
    assert dialog.scope_selected.text() == "gewählte Einheiten (2)"
    assert not dialog.start_button.isEnabled()  # no target yet
    qtbot.keyClicks(dialog.target_edit, str(tmp_path / "auszuege"))
    assert dialog.start_button.isEnabled()
    with qtbot.waitSignal(dialog.batch_finished, timeout=60000) as signal:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    result = signal.args[0]
    target = tmp_path / "auszuege.pdf"
    assert result.files == [target] and result.count == 2 and not result.cancelled
    text = pdf_text(target.read_bytes())
    assert "Anna Huber" in text and "Mag. Eva Novak" in text
    assert text.count("Seite 1 von") == 2
    assert messages and "2 Berichte (Kontoauszug)" in messages[-1]


def test_batch_of_all_rows_one_file_per_tenancy(qtbot, db, portfolio, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    dialog = ReportBatchDialog(db.sessions, [], objekt_1010(portfolio), CLOCK)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.scope_selected.isEnabled() and dialog.scope_all.isChecked()
    dialog.report_box.setCurrentIndex(
        dialog.report_box.findText("Wohnungsübergabeprotokoll Einzug")
    )
    click_radio(qtbot, dialog.mode_each)
    assert dialog.mode_each.isChecked()
    dialog.target_edit.setText(str(tmp_path / "protokolle"))
    with qtbot.waitSignal(dialog.batch_finished, timeout=60000) as signal:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    result = signal.args[0]
    names = sorted(p.name for p in (tmp_path / "protokolle").iterdir())
    # current tenancies of 1010: 0001, 0002 (Novak), 0003, 0005, 0006, 0007
    assert len(names) == result.count == 6
    assert "Uebergabeprotokoll_Einzug_1010-0002-2.pdf" in names
    assert len(result.skipped) == 2  # 0004 (vacant) and 0008 (never let)


def test_berichte_button_opens_the_preview(qtbot, db, portfolio):
    einheit = portfolio.einheit["1010/0001"]
    button = BerichteButton(db.sessions, ReportKontext.EINHEIT, lambda: (einheit, None), CLOCK)
    qtbot.addWidget(button)
    names = [a.text() for a in button.menu().actions()]
    assert names[:3] == [
        "Kontoauszug",
        "Wohnungsübergabeprotokoll Einzug",
        "Wohnungsübergabeprotokoll Auszug",
    ]
    with qtbot.waitSignal(button.preview_opened) as signal:
        button.menu().actions()[0].trigger()
    preview = signal.args[0]
    qtbot.addWidget(preview)
    assert preview.windowTitle() == "Vorschau – Kontoauszug"
    assert "Anna Huber" in pdf_text(preview.pdf)


def test_berichte_button_refuses_einheit_without_tenancy(qtbot, db, portfolio, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    einheit = portfolio.einheit["1010/0008"]
    button = BerichteButton(db.sessions, ReportKontext.EINHEIT, lambda: (einheit, None), CLOCK)
    qtbot.addWidget(button)
    with qtbot.assertNotEmitted(button.preview_opened):
        button.menu().actions()[1].trigger()
    assert shown and "kein Mietverhältnis" in shown[0]


def test_choosing_the_tenancy_before_the_report(qtbot, db, portfolio, monkeypatch):
    einheit = portfolio.einheit["1010/0002"]

    def choose_second(dialog: BvChoiceDialog) -> int:
        assert dialog.list.count() == 2
        assert "Novak" in dialog.list.item(0).text()
        dialog.list.setCurrentRow(1)  # Berger, the earlier tenancy
        return BvChoiceDialog.DialogCode.Accepted

    monkeypatch.setattr(BvChoiceDialog, "exec", choose_second)
    button = BerichteButton(db.sessions, ReportKontext.EINHEIT, lambda: (einheit, None), CLOCK)
    qtbot.addWidget(button)
    with qtbot.waitSignal(button.preview_opened) as signal:
        button.menu().actions()[2].trigger()  # Übergabeprotokoll Auszug
    qtbot.addWidget(signal.args[0])
    text = pdf_text(signal.args[0].pdf)
    assert "Karl Berger" in text and "Auszug" in text


def test_open_batch_from_the_overview_offers_selection_and_whole_objekt(qtbot, ctx, portfolio):
    from omclient.ui.berichte.batch import open_batch

    chosen = [portfolio.einheit["1010/0001"], portfolio.einheit["1010/0005"]]
    dialog = open_batch(ctx, portfolio.objekt["1010"], chosen)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    assert dialog.scope_selected.text() == "gewählte Einheiten (2)"
    assert dialog.scope_all.text() == "alle Einheiten des Objekts (8)"
    click_radio(qtbot, dialog.scope_all)
    assert dialog.chosen_ids() == objekt_1010(portfolio)
    assert [dialog.report_box.itemText(i) for i in range(dialog.report_box.count())] == [
        "Kontoauszug",
        "Wohnungsübergabeprotokoll Einzug",
        "Wohnungsübergabeprotokoll Auszug",
    ]
