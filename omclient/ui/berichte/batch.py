"""Batch printing from the Einheitenübersicht: worker thread, progress, Cancel.

:class:`ReportBatchDialog` asks which report (Kontoauszug, Übergabeprotokoll),
which Einheiten (the selected rows or all rows of the list), one PDF or one
file per tenancy, and where to save; a
:class:`~omclient.ui.common.background.BackgroundOp` runs
:func:`omclient.reports.batch.run_batch` in a worker with a modal progress
dialog and „Abbrechen“ — the worker never touches a widget. Cancel stops after
the current statement; in "eine PDF-Datei" mode nothing is written then.

The Einheitenübersicht calls :func:`open_batch` with the Einheiten it offers
(the selected rows, or all visible rows when none is selected).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
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
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.reports.batch import (
    BatchMode,
    BatchReport,
    BatchResult,
    batch_reports,
    run_batch,
)
from omclient.services.objekte import einheit_ids_des_objekts
from omclient.ui.common.background import BackgroundOp, OpContext

if TYPE_CHECKING:
    from omclient.ui.common.background import Sessions
    from omclient.ui.context import AppContext


class ReportBatchDialog(QDialog):
    """Print a report for many Einheiten at once.

    ``selected_ids`` are the Einheiten chosen in the overview, ``all_ids`` every
    Einheit of the Objekt. ``batch_finished`` is emitted with the :class:`BatchResult`.
    """

    batch_finished = Signal(object)

    def __init__(
        self,
        sessions: Sessions,
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
        self.job: BackgroundOp[BatchResult] | None = None
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
        self.start_button.setEnabled(bool(self.target_edit.text().strip()) and self.job is None)

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
        mode = self.chosen_mode()
        clock = self.clock

        def work(op: OpContext) -> BatchResult:
            return run_batch(
                op.sessions,
                report,
                ids,
                target,
                mode,
                clock=clock,
                progress=lambda done, total: op.progress(done, total, f"{done} von {total}"),
                is_cancelled=op.cancelled,
            )

        self.job = BackgroundOp(
            work,
            parent=self,
            sessions=self.sessions,
            on_success=self._on_finished,
            title=report.name,
            label=f"{report.name} wird erstellt …",
            cancellable=True,
            on_finished=self._job_ended,
            show_after_ms=0,
        )
        self._update_enabled()
        self.job.start()

    def cancel(self) -> None:
        """Cancel the running batch (as „Abbrechen“ in the progress dialog does)."""
        if self.job is not None:
            self.job.cancel()

    def _job_ended(self) -> None:
        self.job = None
        self._update_enabled()

    def _on_finished(self, result: BatchResult) -> None:
        self.last_result = result
        self.batch_finished.emit(result)
        details = ""
        if result.skipped:
            details = "\n\n" + "\n".join(dict.fromkeys(result.skipped))
        QMessageBox.information(self, self.windowTitle(), result.summary + details)

    def reject(self) -> None:
        if self.job is not None:
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
            all_ids = einheit_ids_des_objekts(session, objekt_id)
    dialog = ReportBatchDialog(ctx.db.sessions, einheit_ids, all_ids, ctx.clock, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
