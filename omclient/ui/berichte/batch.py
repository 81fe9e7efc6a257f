"""Batch printing from the Einheitenübersicht: worker thread, progress, Cancel.

:class:`ReportBatchDialog` asks which report (Kontoauszug, Übergabeprotokoll),
which Einheiten (the selected rows or all rows of the list), one PDF or one
file per tenancy, and where to save; :class:`BatchWorker` runs
:func:`omclient.reports.batch.run_batch` in a QThread and reports progress
through signals — it never touches a widget. Cancel stops after the current
statement; in "eine PDF-Datei" mode nothing is written then.

The Einheitenübersicht calls :func:`open_batch` with the Einheiten it offers
(the selected rows, or all visible rows when none is selected).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import Einheit
from omclient.reports.batch import (
    BatchMode,
    BatchReport,
    BatchResult,
    batch_reports,
    run_batch,
)
from omclient.ui.common.errors import show_error

if TYPE_CHECKING:
    from omclient.ui.context import AppContext


class BatchWorker(QObject):
    """Runs one batch; lives in its own QThread. Signals carry plain data only."""

    progress = Signal(int, int)
    finished = Signal(object)  # BatchResult
    failed = Signal(object)  # the exception

    def __init__(
        self,
        sessions: sessionmaker[Session],
        report: BatchReport,
        einheit_ids: Sequence[int],
        target: Path,
        mode: BatchMode,
        clock: Clock,
    ) -> None:
        super().__init__()
        self.sessions = sessions
        self.report = report
        self.einheit_ids = list(einheit_ids)
        self.target = target
        self.mode = mode
        self.clock = clock
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the batch to stop after the current statement (thread-safe)."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            result = run_batch(
                self.sessions,
                self.report,
                self.einheit_ids,
                self.target,
                self.mode,
                clock=self.clock,
                progress=self.progress.emit,
                is_cancelled=self._cancel.is_set,
            )
        except Exception as exc:  # handed to the GUI thread, shown there
            self.failed.emit(exc)
            return
        self.finished.emit(result)


class ReportBatchDialog(QDialog):
    """Print a report for many Einheiten at once.

    ``selected_ids`` are the Einheiten chosen in the overview, ``all_ids`` every
    Einheit of the Objekt. ``batch_finished`` is emitted with the :class:`BatchResult`.
    """

    batch_finished = Signal(object)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        selected_ids: Sequence[int],
        all_ids: Sequence[int],
        clock: Clock = SYSTEM_CLOCK,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Berichte drucken (Stapel)")
        self.sessions = sessions
        self.selected_ids = list(selected_ids)
        self.all_ids = list(all_ids)
        self.clock = clock
        self.reports = batch_reports()
        self._thread: QThread | None = None
        self.worker: BatchWorker | None = None
        self.progress: QProgressDialog | None = None
        self.last_result: BatchResult | None = None

        form = QFormLayout()
        self.report_box = QComboBox(self)
        for report in self.reports:
            self.report_box.addItem(report.name, report.key)
        form.addRow("Bericht:", self.report_box)

        self.scope_selected = QRadioButton(f"gewählte Einheiten ({len(self.selected_ids)})")
        self.scope_all = QRadioButton(f"alle Einheiten des Objekts ({len(self.all_ids)})")
        self.scope_selected.setEnabled(bool(self.selected_ids))
        (self.scope_selected if self.selected_ids else self.scope_all).setChecked(True)
        scope = QVBoxLayout()
        scope.addWidget(self.scope_selected)
        scope.addWidget(self.scope_all)
        self._scope_group = QButtonGroup(self)
        self._scope_group.addButton(self.scope_selected)
        self._scope_group.addButton(self.scope_all)
        form.addRow("Einheiten:", scope)

        self.mode_one = QRadioButton("eine PDF-Datei")
        self.mode_each = QRadioButton("eine Datei je Mietverhältnis (in einen Ordner)")
        self.mode_one.setChecked(True)
        self._mode_group = QButtonGroup(self)
        self._mode_group.addButton(self.mode_one)
        self._mode_group.addButton(self.mode_each)
        modes = QVBoxLayout()
        modes.addWidget(self.mode_one)
        modes.addWidget(self.mode_each)
        form.addRow("Ausgabe:", modes)

        self.target_edit = QLineEdit(self)
        self.target_edit.setPlaceholderText("Datei bzw. Ordner wählen …")
        self.browse = QPushButton("Durchsuchen…", self)
        self.browse.clicked.connect(self._browse)
        target = QHBoxLayout()
        target.addWidget(self.target_edit, 1)
        target.addWidget(self.browse)
        form.addRow("Speichern unter:", target)

        self.hint = QLabel(
            "Kontoauszug: alle Mietverhältnisse im laufenden Jahr; Übergabeprotokoll: das "
            "aktuelle (Auszug: das zuletzt beendete) Mietverhältnis je Einheit.",
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid);")

        buttons = QDialogButtonBox(self)
        self.start_button = buttons.addButton("Drucken", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton("Schließen", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self.target_edit.textChanged.connect(self._update_enabled)
        self._update_enabled()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def _update_enabled(self) -> None:
        self.start_button.setEnabled(bool(self.target_edit.text().strip()) and self.worker is None)

    def chosen_report(self) -> BatchReport:
        return self.reports[self.report_box.currentIndex()]

    def chosen_ids(self) -> list[int]:
        return self.selected_ids if self.scope_selected.isChecked() else self.all_ids

    def chosen_mode(self) -> BatchMode:
        return BatchMode.ONE_PDF if self.mode_one.isChecked() else BatchMode.FILE_PER_TENANCY

    def _browse(self) -> None:
        report = self.chosen_report()
        if self.chosen_mode() is BatchMode.ONE_PDF:
            name, _ = QFileDialog.getSaveFileName(
                self,
                "PDF speichern unter",
                str(Path.home() / f"{report.name}.pdf"),
                "PDF-Dateien (*.pdf)",
            )
        else:
            name = QFileDialog.getExistingDirectory(self, "Zielordner wählen", str(Path.home()))
        if name:
            self.target_edit.setText(name)

    def _target(self) -> Path:
        path = Path(self.target_edit.text().strip()).expanduser()
        if self.chosen_mode() is BatchMode.ONE_PDF and path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return path

    def start(self) -> None:
        """Start the batch in a worker thread with a progress dialog."""
        ids = self.chosen_ids()
        if not ids:
            QMessageBox.information(self, self.windowTitle(), "Es sind keine Einheiten gewählt.")
            return
        target = self._target()
        if self.chosen_mode() is BatchMode.FILE_PER_TENANCY:
            if target.exists() and not target.is_dir():
                QMessageBox.warning(
                    self, self.windowTitle(), f"{target} ist eine Datei, kein Ordner."
                )
                return
        elif target.is_dir():
            QMessageBox.warning(self, self.windowTitle(), f"{target} ist ein Ordner.")
            return
        report = self.chosen_report()
        self.worker = BatchWorker(
            self.sessions, report, ids, target, self.chosen_mode(), self.clock
        )
        self._thread = QThread(self)
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.progress = QProgressDialog(f"{report.name} wird erstellt …", "Abbrechen", 0, 0, self)
        self.progress.setWindowTitle(report.name)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.progress.show()
        self._update_enabled()
        self._thread.start()

    def cancel(self) -> None:
        """Cancel the running batch (the Cancel button of the progress dialog)."""
        if self.worker is not None:
            self.worker.cancel()
            if self.progress is not None:
                self.progress.setLabelText("Wird abgebrochen …")

    def _on_progress(self, done: int, total: int) -> None:
        progress = self.progress
        if progress is None or progress.wasCanceled():
            return
        progress.setLabelText(f"{self.chosen_report().name}: {done} von {total} erstellt …")
        progress.setMaximum(total)
        # setValue of a modal progress dialog processes events; the batch may finish
        # (and close the dialog) inside this call, so nothing may follow it.
        progress.setValue(done)

    def _finish_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self.worker is not None:
            self.worker.deleteLater()
        self._thread = None
        self.worker = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._update_enabled()

    def _on_finished(self, result: BatchResult) -> None:
        self._finish_thread()
        self.last_result = result
        self.batch_finished.emit(result)
        details = ""
        if result.skipped:
            details = "\n\n" + "\n".join(dict.fromkeys(result.skipped))
        QMessageBox.information(self, self.windowTitle(), result.summary + details)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish_thread()
        show_error(self, exc)

    def reject(self) -> None:
        if self.worker is not None:
            self.cancel()
            return
        super().reject()


def open_batch(
    ctx: AppContext,
    objekt_id: int | None,
    einheit_ids: Sequence[int],
    parent: QWidget | None = None,
) -> ReportBatchDialog:
    """Open the batch dialog for ``einheit_ids`` (the overview's selection) and,
    as the alternative, all Einheiten of Objekt ``objekt_id``. Non-blocking."""
    all_ids = list(einheit_ids)
    if objekt_id is not None:
        with ctx.db.sessions() as session:
            all_ids = list(
                session.scalars(
                    select(Einheit.id)
                    .where(Einheit.objekt_id == objekt_id)
                    .order_by(Einheit.einheit_nr)
                )
            )
    dialog = ReportBatchDialog(ctx.db.sessions, einheit_ids, all_ids, ctx.clock, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
