"""Previewing, printing and saving the PDF reports; the dialogs' **Berichte** button.

Reports are built as PDF bytes by ``omclient.reports`` (no Qt). PySide6-
Essentials has no QtPdf, so the pages are rasterised with pdfium
(``pypdfium2``) into QImages and painted onto the QPrinter of a
QPrintPreviewDialog — preview and print share one code path. "Als PDF
speichern…" writes the original (vector) PDF, not the raster. The **Berichte**
button builds the PDF in a :class:`~omclient.ui.common.background.BackgroundOp`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.reports.registry import (
    BvChoice,
    ReportKontext,
    ReportRequest,
    ReportSpec,
    bv_choices,
    reports_for,
)
from omclient.ui.common.background import BackgroundOp

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from omclient.ui.common.background import Sessions

_QIMAGE_FORMATS = {
    "RGB": QImage.Format.Format_RGB888,
    "RGBA": QImage.Format.Format_RGBA8888,
    "RGBX": QImage.Format.Format_RGBX8888,
    "L": QImage.Format.Format_Grayscale8,
}
PRINT_DPI_MAX = 300


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_images(pdf: bytes, dpi: float) -> Iterator[QImage]:
    """Each page of ``pdf`` rendered at ``dpi`` as a QImage on white."""
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, may_draw_forms=False)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                _QIMAGE_FORMATS[bitmap.mode],
            )
            yield image.copy()  # the bitmap's buffer is freed with it
            bitmap.close()
            page.close()
    finally:
        document.close()


def paint_pdf(printer: QPrinter, pdf: bytes) -> None:
    """Paint every page of ``pdf`` onto ``printer`` (one sheet per page)."""
    printer.setFullPage(True)
    dpi = min(printer.resolution(), PRINT_DPI_MAX)
    painter = QPainter(printer)
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for index, image in enumerate(page_images(pdf, dpi)):
            if index:
                printer.newPage()
            target = QRectF(painter.viewport())
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(
                QRectF(target.x() + (target.width() - width) / 2, target.y(), width, height),
                image,
            )
    finally:
        painter.end()


def save_pdf(parent: QWidget | None, pdf: bytes, suggested_name: str) -> Path | None:
    """Ask for a file name and write ``pdf`` there; returns the path or None (cancelled)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Als PDF speichern", str(Path.home() / suggested_name), "PDF-Dateien (*.pdf)"
    )
    if not name:
        return None
    path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
    try:
        path.write_bytes(pdf)
    except OSError as exc:
        QMessageBox.warning(
            parent,
            "Speichern fehlgeschlagen",
            f"Die Datei {path} konnte nicht geschrieben werden:\n{exc.strerror or exc}",
        )
        return None
    return path


class ReportPreviewDialog(QPrintPreviewDialog):
    """Preview of a PDF report with the usual print-preview toolbar plus
    "Als PDF speichern…". Printing uses the same painting as the preview."""

    saved = Signal(str)

    def __init__(
        self, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None
    ) -> None:
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        self._printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        self._printer.setDocName(title)
        super().__init__(self._printer, parent)
        self.pdf = pdf
        self.file_name = file_name
        self.setWindowTitle(f"Vorschau – {title}")
        self.paintRequested.connect(self._paint)
        self.save_action = QAction("Als PDF speichern…", self)
        self.save_action.setToolTip("Den Bericht als PDF-Datei speichern")
        self.save_action.triggered.connect(self.save)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            # first in the bar, so narrow windows do not hide it in the overflow menu
            actions = toolbar.actions()
            if actions:
                toolbar.insertAction(actions[0], self.save_action)
                toolbar.insertSeparator(actions[0])
            else:
                toolbar.addAction(self.save_action)
        else:
            self.addAction(self.save_action)
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            self.resize(min(1040, available.width()), min(1000, available.height()))

    def _paint(self, printer: QPrinter) -> None:
        paint_pdf(printer, self.pdf)

    def save(self) -> None:
        path = save_pdf(self, self.pdf, self.file_name)
        if path is not None:
            self.saved.emit(str(path))


class BvChoiceDialog(QDialog):
    """Choose the Mietverhältnis a report is for (the only step before it opens)."""

    def __init__(
        self, choices: list[BvChoice], report_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{report_name} – Mietverhältnis wählen")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Für welches Mietverhältnis soll der Bericht erstellt werden?"))
        self.list = QListWidget(self)
        for choice in choices:
            item = QListWidgetItem(choice.label + ("  · aktuell" if choice.aktuell else ""))
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Bericht öffnen")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 260)

    def chosen_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


def preview_in_background(
    parent: QWidget,
    sessions: Sessions,
    build: Callable[[Session], bytes],
    title: str,
    file_name: str,
    opened: Callable[[ReportPreviewDialog], None] | None = None,
    *,
    dialog_parent: QWidget | None = None,
) -> BackgroundOp[bytes]:
    """Build a PDF with ``build(session)`` off the GUI thread, then show it in the preview.

    A progress dialog appears when building takes longer than a moment; a known
    error is shown in German. ``opened`` receives the preview once it is open
    (non-modal, deleted on close).
    """

    def show(pdf: bytes) -> None:
        dialog = ReportPreviewDialog(pdf, title, file_name, dialog_parent or parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        if opened is not None:
            opened(dialog)

    return BackgroundOp(
        lambda op: build(op.session),
        parent=parent,
        sessions=sessions,
        on_success=show,
        title=title,
        label=f"{title} wird erstellt …",
    ).start()


class BerichteButton(QPushButton):
    """The **Berichte** button of the Einheit and Bestandsverhältnis dialogs.

    Its menu lists the reports registered for ``kontext``. ``current_ids``
    returns ``(einheit_id, bv_id)`` of the record the dialog shows. From an
    Einheit, reports that need a Mietverhältnis ask for one first (skipped
    when the unit has exactly one). The report opens in a
    :class:`ReportPreviewDialog` (non-blocking; ``preview_opened`` carries it).
    """

    preview_opened = Signal(object)

    def __init__(
        self,
        sessions: Sessions,
        kontext: ReportKontext,
        current_ids: Callable[[], tuple[int | None, int | None]],
        clock: Clock = SYSTEM_CLOCK,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Berichte", parent)
        self.sessions = sessions
        self.kontext = kontext
        self.current_ids = current_ids
        self.clock = clock
        self.setToolTip("Berichte zu diesem Datensatz anzeigen, drucken oder speichern")
        menu = QMenu(self)
        for spec in reports_for(kontext):
            action = menu.addAction(spec.name)
            action.setObjectName(f"bericht_{spec.key}")
            if spec.description:
                action.setToolTip(spec.description)
            action.triggered.connect(lambda _checked=False, s=spec: self.open_report(s))
        self.setMenu(menu)

    def open_report(self, spec: ReportSpec) -> None:
        """Build ``spec`` for the current record in the background, then show its preview."""
        einheit_id, bv_id = self.current_ids()
        if spec.needs_bv and bv_id is None:
            if einheit_id is None:
                return
            bv_id = self._choose_bv(spec, einheit_id)
            if bv_id is None:
                return
        request = ReportRequest(einheit_id=einheit_id, bv_id=bv_id, clock=self.clock)
        suffix = str(bv_id if bv_id is not None else einheit_id)

        preview_in_background(
            self,
            self.sessions,
            lambda session: spec.build(session, request),
            spec.name,
            spec.file_name(suffix),
            self.preview_opened.emit,
            dialog_parent=self.window(),
        )

    def _choose_bv(self, spec: ReportSpec, einheit_id: int) -> int | None:
        with self.sessions() as session:
            choices = bv_choices(session, einheit_id, self.clock)
        if not choices:
            QMessageBox.information(
                self,
                spec.name,
                "Diese Einheit hat kein Mietverhältnis. Der Bericht braucht ein "
                "Mietverhältnis und kann daher nicht erstellt werden.",
            )
            return None
        if len(choices) == 1:
            return choices[0].id
        dialog = BvChoiceDialog(choices, spec.name, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen_id()
