"""The Interessenten list: who asked via Immomio, import from file or server.

Search as you type over name, e-mail and telephone; double-click (or Enter)
opens the unit the person asked about. „Von Immomio abrufen“ fetches the
OpenImmo-Feedback over the configured transport, „Aus Datei importieren…“ reads
a feedback file; both run in a :class:`~omclient.ui.common.background.BackgroundOp`.
Duplicates are merged by the service.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient.errors import OmError, ValidationError
from omclient.immomio import interessenten
from omclient.immomio.einstellungen import load_settings
from omclient.immomio.interessenten import ImportErgebnis, InteressentDto
from omclient.immomio.transport import transport_fuer
from omclient.ui.common.background import BackgroundOp, OpContext
from omclient.ui.common.errors import show_error
from omclient.ui.common.table_model import (
    Column,
    DtoTableModel,
    DtoTableView,
    amount_text,
    date_text,
)
from omclient.ui.context import AppContext
from omclient.ui.immomio.zugang import TransportFactory, transport_oeffnen

COLUMNS = (
    Column("name", "Name", width=170, value=lambda r: r.name),
    Column("geburtsdatum", "Geburtsdatum", width=95, text=date_text),
    Column("email", "E-Mail", width=190),
    Column("telefon", "Telefon", width=120),
    Column("einheit_bezeichnung", "Einheit", width=130),
    Column("zimmer_min", "Zimmer ab", width=75, align="right"),
    Column("flaeche_min", "m² ab", width=60, align="right", text=amount_text),
    Column("miete_max", "Miete bis €", width=85, align="right", text=amount_text),
    Column(
        "anfrage_text",
        "Anfrage",
        width=280,
        value=lambda r: (r.anfrage_text or "").replace("\n", " "),
    ),
    Column(
        "erstellt_am", "Eingang", width=90, value=lambda r: r.erstellt_am.date(), text=date_text
    ),
)


class InteressentenFenster(QDialog):
    """List of Interessenten with search, import and fetch."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        transport_factory: TransportFactory = transport_fuer,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.transport_factory = transport_factory
        self.job: BackgroundOp[ImportErgebnis] | None = None
        self.setObjectName("interessentenFenster")
        self.setWindowTitle("Interessenten (Immomio)")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1100, 560)

        self.search = QLineEdit()
        self.search.setObjectName("interessentenSuche")
        self.search.setPlaceholderText("Name, E-Mail oder Telefon …")
        self.search.setClearButtonEnabled(True)
        label = QLabel("&Suchen:")
        label.setBuddy(self.search)
        self.model = DtoTableModel(COLUMNS, self)
        self.view = DtoTableView(self.model)
        self.view.setObjectName("interessentenTabelle")
        self.status = QLabel()
        self.status.setObjectName("interessentenStatus")
        self.import_button = QPushButton("Aus &Datei importieren …")
        self.import_button.setObjectName("ausDatei")
        self.fetch_button = QPushButton("Von Immomio &abrufen")
        self.fetch_button.setObjectName("abrufen")
        self.einheit_button = QPushButton("Zur &Einheit")
        self.einheit_button.setObjectName("zurEinheit")
        close = QPushButton("Schl&ießen")

        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for button in (self.einheit_button, self.import_button, self.fetch_button, close):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self.model.set_quick_filter)
        self.model.rows_changed.connect(self._update_status)
        self.view.row_activated.connect(lambda row: self.zur_einheit(self.model.row_at(row)))
        self.einheit_button.clicked.connect(self._zur_einheit_selected)
        self.import_button.clicked.connect(lambda: self.import_datei())
        self.fetch_button.clicked.connect(self.abrufen)
        close.clicked.connect(self.close)
        self.reload()

    def reload(self) -> None:
        with self.ctx.db.sessions() as session:
            self.model.set_rows(interessenten.liste(session))

    def _update_status(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all_rows)
        self.status.setText(
            f"{total} Interessenten" if shown == total else f"{shown} von {total} Interessenten"
        )

    def _zur_einheit_selected(self) -> None:
        rows = self.view.selected_rows()
        if rows:
            self.zur_einheit(rows[0])

    def zur_einheit(self, row: InteressentDto) -> None:
        if row.einheit_id is None:
            self.status.setText("Diese Anfrage ist keiner Einheit zugeordnet.")
            return
        self.ctx.navigator.open_einheit(row.einheit_id, parent=self)

    def import_datei(self, path: str | None = None) -> None:
        """Import an OpenImmo-Feedback file in the background (asks when ``path`` is None)."""
        if self.job is not None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "OpenImmo-Feedback importieren", "", "OpenImmo-Feedback (*.xml *.zip)"
            )
            if not path:
                return
        datei, clock = Path(path), self.ctx.clock

        def work(op: OpContext) -> ImportErgebnis:
            try:
                content = datei.read_bytes()
            except OSError as exc:
                raise ValidationError(
                    f"Die Datei {datei} kann nicht gelesen werden: {exc.strerror}"
                ) from exc
            return interessenten.import_datei(op.sessions, content, clock)

        self._start(work, "Interessenten werden importiert …")

    def abrufen(self) -> None:
        """Fetch feedback over the configured transport in the background."""
        if self.job is not None:
            return
        with self.ctx.db.sessions() as session:
            settings = load_settings(session)
        try:
            transport = transport_oeffnen(self, settings, self.transport_factory)
        except OmError as exc:
            show_error(self, exc)
            return
        if transport is None:
            return
        clock = self.ctx.clock

        def work(op: OpContext) -> ImportErgebnis:
            try:
                return interessenten.abrufen(op.sessions, transport, clock)
            finally:
                transport.close()

        self._start(work, "Interessenten werden abgerufen …")

    def _start(self, work: Callable[[OpContext], ImportErgebnis], text: str) -> None:
        self.job = BackgroundOp(
            work,
            parent=self,
            sessions=self.ctx.db.sessions,
            on_success=self._show_result,
            on_finished=self._ended,
            title=self.windowTitle(),
        )
        self.fetch_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.status.setText(text)
        self.job.start()

    def _ended(self) -> None:
        self.job = None
        self.fetch_button.setEnabled(True)
        self.import_button.setEnabled(True)
        if self.status.text().endswith("…"):  # no result shown: the error was
            self._update_status()

    def _show_result(self, result: ImportErgebnis) -> None:
        self.reload()
        self.status.setText(
            f"Import: {result.gelesen} gelesen, {result.neu} neu, "
            f"{result.zusammengefuehrt} zusammengeführt – "
            f"{len(self.model.all_rows)} Interessenten"
        )
