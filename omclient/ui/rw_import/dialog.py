"""Datei → RW-Import…: take over an export from d+ RW, with progress, Cancel and history.

The import runs in a :class:`~omclient.ui.common.background.BackgroundOp`; the
worker calls only :func:`omclient.rw.importer.import_export` (no widgets).
Cancel sets the op's flag, which the importer checks and rolls everything back. The
dialog shows the counts per entity, or every problem as
``datei:zeile:spalte: Meldung``, and the list of past runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from omclient.errors import CancelledError, OmError, ValidationError
from omclient.rw.importer import (
    ImportAbgebrochen,
    RwImportErgebnis,
    RwImportLaufDto,
    import_export,
    import_history,
)
from omclient.ui.common.background import BackgroundOp, OpContext, Progress
from omclient.ui.common.errors import show_error
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView
from omclient.ui.context import AppContext

ART_TEXT = {"full": "Vollexport", "delta": "Änderungsexport"}

ERGEBNIS_COLUMNS = (
    Column("bezeichnung", "Entität", width=170),
    Column("neu", "Neu", align="right", width=80, excel_format="0"),
    Column("geaendert", "Geändert", align="right", width=80, excel_format="0"),
    Column("unveraendert", "Unverändert", align="right", width=90, excel_format="0"),
    Column("deaktiviert", "Deaktiviert", align="right", width=90, excel_format="0"),
)
"""Counts per file of the export."""

VERLAUF_COLUMNS = (
    Column(
        "gestartet_am",
        "Gestartet",
        text=lambda v: v.strftime("%d.%m.%Y %H:%M") if v else "",
        width=120,
    ),
    Column("benutzer", "Benutzer", width=90),
    Column("art", "Art", text=lambda v: ART_TEXT.get(v, v or ""), width=110),
    Column("mandant_nr", "Mandanten", width=80),
    Column("ergebnis", "Ergebnis", width=90),
    Column("neu", "Neu", align="right", width=70, excel_format="0"),
    Column("geaendert", "Geändert", align="right", width=70, excel_format="0"),
    Column("unveraendert", "Unverändert", align="right", width=85, excel_format="0"),
    Column("deaktiviert", "Deaktiviert", align="right", width=80, excel_format="0"),
    Column("quelle", "Quelle", width=260),
)
"""Past runs (RwImportLauf), newest first."""


class RwImportDialog(QDialog):
    """Choose an export, import it (or only check it), see the result and the history.

    Starting an import is for administrators; clerks see the history only.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("RW-Import – Übernahme aus d+ RW")
        self.resize(940, 680)
        self.job: BackgroundOp[RwImportErgebnis] | None = None
        self.ergebnis: RwImportErgebnis | None = None

        layout = QVBoxLayout(self)
        quelle = QGroupBox("Export aus d+ RW")
        quelle_layout = QVBoxLayout(quelle)
        row = QHBoxLayout()
        label = QLabel("&Pfad:")
        self.pfad_edit = QLineEdit()
        self.pfad_edit.setObjectName("pfad")
        self.pfad_edit.setPlaceholderText("Export-Ordner oder .zip-Datei mit manifest.json")
        self.pfad_edit.setText(str(QSettings().value("rw_import/letzter_pfad", "") or ""))
        label.setBuddy(self.pfad_edit)
        self.ordner_button = QPushButton("&Ordner…")
        self.zip_button = QPushButton("&ZIP-Datei…")
        row.addWidget(label)
        row.addWidget(self.pfad_edit, 1)
        row.addWidget(self.ordner_button)
        row.addWidget(self.zip_button)
        quelle_layout.addLayout(row)
        optionen = QHBoxLayout()
        self.probelauf_check = QCheckBox("Nur &prüfen (Probelauf, nichts speichern)")
        optionen.addWidget(self.probelauf_check)
        optionen.addStretch(1)
        self.start_button = QPushButton("&Importieren")
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton("&Abbrechen")
        self.cancel_button.setEnabled(False)
        self.cancel_button.setToolTip("Bricht den Import ab; es wird nichts geändert.")
        optionen.addWidget(self.start_button)
        optionen.addWidget(self.cancel_button)
        quelle_layout.addLayout(optionen)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("%p %")
        self.progress.setValue(0)
        self.status_label = QLabel("Bereit.")
        self.status_label.setObjectName("status")
        self.status_label.setWordWrap(True)
        quelle_layout.addWidget(self.progress)
        quelle_layout.addWidget(self.status_label)
        layout.addWidget(quelle)

        splitter = QSplitter(Qt.Orientation.Vertical)
        ergebnis_box = QGroupBox("Ergebnis")
        ergebnis_layout = QVBoxLayout(ergebnis_box)
        self.ergebnis_stack = QStackedWidget()
        self.ergebnis_model = DtoTableModel(ERGEBNIS_COLUMNS, self)
        self.ergebnis_table = DtoTableView(self.ergebnis_model)
        self.ergebnis_table.setObjectName("ergebnis")
        self.fehler_text = QPlainTextEdit()
        self.fehler_text.setObjectName("fehler")
        self.fehler_text.setReadOnly(True)
        self.fehler_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.ergebnis_stack.addWidget(self.ergebnis_table)
        self.ergebnis_stack.addWidget(self.fehler_text)
        ergebnis_layout.addWidget(self.ergebnis_stack)
        splitter.addWidget(ergebnis_box)

        verlauf_box = QGroupBox("Bisherige Importe")
        verlauf_layout = QVBoxLayout(verlauf_box)
        self.verlauf_model = DtoTableModel(
            VERLAUF_COLUMNS, self, muted=lambda r: r.ergebnis.value != "erfolgreich"
        )
        self.verlauf_table = DtoTableView(self.verlauf_model)
        self.verlauf_table.setObjectName("verlauf")
        self.verlauf_detail = QPlainTextEdit()
        self.verlauf_detail.setObjectName("verlaufDetail")
        self.verlauf_detail.setReadOnly(True)
        self.verlauf_detail.setMaximumHeight(110)
        self.verlauf_detail.setPlaceholderText("Einen Import wählen, um Meldungen zu sehen.")
        verlauf_layout.addWidget(self.verlauf_table, 1)
        verlauf_layout.addWidget(self.verlauf_detail)
        splitter.addWidget(verlauf_box)
        splitter.setSizes([260, 300])
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Schließen")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.ordner_button.clicked.connect(self._choose_folder)
        self.zip_button.clicked.connect(self._choose_zip)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.pfad_edit.textChanged.connect(self._update_buttons)
        self.verlauf_table.selectionModel().selectionChanged.connect(self._show_run)
        if not ctx.is_admin:
            self.status_label.setText(
                "Der RW-Import ist Administratoren vorbehalten; hier sehen Sie die bisherigen "
                "Importe."
            )
        self.refresh_history()
        self._update_buttons()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export-Ordner wählen", self._start_dir())
        if folder:
            self.pfad_edit.setText(folder)

    def _choose_zip(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Export-Archiv wählen", self._start_dir(), "RW-Export (*.zip)"
        )
        if path:
            self.pfad_edit.setText(path)

    def _start_dir(self) -> str:
        text = self.pfad_edit.text().strip()
        return str(Path(text).parent) if text else str(Path.home())

    def _update_buttons(self) -> None:
        running = self.job is not None
        self.start_button.setEnabled(
            self.ctx.is_admin and not running and bool(self.pfad_edit.text().strip())
        )
        self.cancel_button.setEnabled(running)
        for widget in (self.pfad_edit, self.ordner_button, self.zip_button, self.probelauf_check):
            widget.setEnabled(self.ctx.is_admin and not running)

    def start(self) -> None:
        """Start the import of the chosen export in the background."""
        if self.job is not None or not self.ctx.is_admin:
            return
        path = Path(self.pfad_edit.text().strip())
        QSettings().setValue("rw_import/letzter_pfad", str(path))
        dry_run = self.probelauf_check.isChecked()
        benutzer = self.ctx.user.login
        clock = self.ctx.clock

        def work(op: OpContext) -> RwImportErgebnis:
            try:
                return import_export(
                    op.sessions,
                    path,
                    dry_run=dry_run,
                    benutzer=benutzer,
                    progress=op.progress,
                    cancel=op.cancel_event,
                    clock=clock,
                )
            except ImportAbgebrochen as err:
                raise CancelledError(err.message) from err

        self.job = BackgroundOp(
            work,
            parent=self,
            sessions=self.ctx.db.sessions,
            on_success=self._succeeded,
            on_failure=self._failed,
            on_cancelled=self._cancelled,
            on_progress=self._progressed,
            on_finished=self._finished,
            title=self.windowTitle(),
        )
        self.progress.setRange(0, 0)
        self.status_label.setText(f"{'Prüfe' if dry_run else 'Importiere'} {path} …")
        self.ergebnis_model.set_rows([])
        self.fehler_text.clear()
        self.ergebnis_stack.setCurrentWidget(self.ergebnis_table)
        self._update_buttons()
        self.job.start()

    def cancel(self) -> None:
        """Ask the running import to stop; it rolls back."""
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText("Wird abgebrochen …")

    def _progressed(self, report: Progress) -> None:
        done, total = report.value, report.maximum
        if total > 0 and self.job is not None and not self.job.cancel_requested:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            text = f"{done:,} von {total:,} Datensätzen".replace(",", ".")
            self.status_label.setText(f"{text} · {report.text}" if report.text else text)

    def _succeeded(self, ergebnis: RwImportErgebnis) -> None:
        self.ergebnis = ergebnis
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.ergebnis_model.set_rows(ergebnis.entitaeten)
        self.ergebnis_stack.setCurrentWidget(self.ergebnis_table)
        art = ART_TEXT.get(ergebnis.art, ergebnis.art)
        summary = (
            f"{art} der Mandanten {', '.join(ergebnis.mandanten)}: {ergebnis.neu} neu, "
            f"{ergebnis.geaendert} geändert, {ergebnis.unveraendert} unverändert, "
            f"{ergebnis.deaktiviert} deaktiviert ({ergebnis.dauer_s:.1f} s)."
        )
        if ergebnis.probelauf:
            summary = "Probelauf – es wurde nichts gespeichert. " + summary
        elif ergebnis.aenderungen == 0:
            summary = "Keine Änderungen. " + summary
        self.status_label.setText(summary)

    def _cancelled(self, err: CancelledError) -> None:
        self._reset_progress()
        self.status_label.setText(err.message)

    def _failed(self, err: OmError) -> None:
        self._reset_progress()
        self.status_label.setText(err.message)
        if isinstance(err, ValidationError):
            problems = [p for p in err.problems if p != err.message] or [err.message]
            self.fehler_text.setPlainText("\n".join(problems))
            self.ergebnis_stack.setCurrentWidget(self.fehler_text)
        else:
            show_error(self, err)

    def _reset_progress(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)

    def _finished(self) -> None:
        if self.progress.maximum() == 0:  # no outcome shown: a bug, reported by the hook
            self._reset_progress()
            self.status_label.setText("Der RW-Import ist fehlgeschlagen.")
        self.job = None
        self._update_buttons()
        self.refresh_history()

    def refresh_history(self) -> None:
        self.verlauf_model.set_rows(import_history(self.ctx.db.sessions))

    def _show_run(self, *_: object) -> None:
        rows = self.verlauf_table.selected_rows()
        if not rows:
            self.verlauf_detail.clear()
            return
        self.verlauf_detail.setPlainText(_run_text(rows[0]))

    def reject(self) -> None:
        if self.job is not None:
            self.cancel()
            self.job.wait()
        super().reject()


def _run_text(lauf: RwImportLaufDto) -> str:
    lines = [f"{lauf.quelle} · SHA-256 {lauf.datei_hash[:16]}…" if lauf.datei_hash else lauf.quelle]
    if lauf.meldungen:
        lines.append(lauf.meldungen)
    return "\n".join(lines)


def install(window: Any) -> QAction:
    """Add Datei → RW-Import… to the main window."""
    action = QAction("&RW-Import…", window)
    action.setStatusTip("Export aus d+ RW übernehmen und bisherige Importe ansehen")
    action.triggered.connect(lambda: RwImportDialog(window.ctx, window).exec())
    window.add_datei_action(action)
    window.action_rw_import = action
    return action
