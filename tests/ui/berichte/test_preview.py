"""Preview, print and save of PDF reports; the Berichte button."""

from __future__ import annotations

import datetime as dt

import pypdf
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QToolBar

from omclient.reports.layout import Letterhead, ReportSection, data_table, render
from omclient.ui.berichte.preview import ReportPreviewDialog, page_count, page_images, paint_pdf


def sample_pdf(rows: int = 120) -> bytes:
    table = data_table(["Nr", "Text"], [[str(i), f"Zeile {i}"] for i in range(rows)], [60, 300])
    return render(
        [ReportSection("Testbericht", [table], Letterhead("Wohnbau Donau GmbH"))],
        created=dt.date(2026, 11, 23),
    )


def test_pages_render_as_a4_images(qapp):
    pdf = sample_pdf()
    images = list(page_images(pdf, 72))
    assert len(images) == page_count(pdf) >= 2
    for image in images:
        assert abs(image.width() - 595) <= 1 and abs(image.height() - 842) <= 1
        # the letterhead is dark ink on a white page: the page is not blank
        assert image.pixelColor(10, 10).lightness() > 240
        assert (
            min(image.pixelColor(x, y).lightness() for x in range(60, 200) for y in range(36, 50))
            < 200
        )


def test_printing_puts_every_page_on_its_own_sheet(qapp, tmp_path):
    pdf = sample_pdf()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "druck.pdf"
    printer.setOutputFileName(str(target))
    paint_pdf(printer, pdf)
    assert len(pypdf.PdfReader(target).pages) == page_count(pdf)


def test_preview_saves_the_original_pdf(qtbot, tmp_path, monkeypatch):
    pdf = sample_pdf(5)
    dialog = ReportPreviewDialog(pdf, "Testbericht", "Testbericht.pdf")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Vorschau – Testbericht"
    toolbar = dialog.findChild(QToolBar)
    texts = [a.text() for a in toolbar.actions() if isinstance(a, QAction)]
    assert "Als PDF speichern…" in texts
    target = tmp_path / "gespeichert"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    with qtbot.waitSignal(dialog.saved) as signal:
        dialog.save_action.trigger()
    assert signal.args == [str(target) + ".pdf"]
    assert (tmp_path / "gespeichert.pdf").read_bytes() == pdf


def test_preview_shows_every_page(qtbot):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    pdf = sample_pdf()
    dialog = ReportPreviewDialog(pdf, "Testbericht", "Testbericht.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    qtbot.waitUntil(lambda: preview.pageCount() == page_count(pdf))
    assert preview.pageCount() >= 2
