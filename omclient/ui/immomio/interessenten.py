"""The Interessenten list: who asked via Immomio, import from file or server.

Search as you type over name, e-mail and telephone; double-click (or Enter)
opens the unit the person asked about. „Von Immomio abrufen“ fetches the
OpenImmo-Feedback over the configured transport in a worker thread; „Aus Datei
importieren…“ reads a feedback file. Duplicates are merged by the service.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient.errors import OmError, ValidationError
from omclient.immomio import interessenten
from omclient.immomio.einstellungen import (
    KEIN_KEYRING,
    ImmomioEinstellungen,
    keyring_verfuegbar,
    load_settings,
    passwort_lesen,
)
from omclient.immomio.interessenten import ImportErgebnis, InteressentDto
from omclient.immomio.transport import Transport, transport_fuer
from omclient.ui.common.background import BackgroundJob, JobControl
from omclient.ui.common.errors import show_error
from omclient.ui.common.table_model import (
    Column,
    DtoTableModel,
    DtoTableView,
    amount_text,
    date_text,
)
from omclient.ui.context import AppContext

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
        transport_factory: Callable[[ImmomioEinstellungen, str], Transport] = transport_fuer,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.transport_factory = transport_factory
        self.job: BackgroundJob | None = None
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
        """Import an OpenImmo-Feedback file (asks for it when ``path`` is None)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "OpenImmo-Feedback importieren", "", "OpenImmo-Feedback (*.xml *.zip)"
            )
            if not path:
                return
        try:
            try:
                content = Path(path).read_bytes()
            except OSError as exc:
                raise ValidationError(
                    f"Die Datei {path} kann nicht gelesen werden: {exc.strerror}"
                ) from exc
            result = interessenten.import_datei(self.ctx.db.sessions, content, self.ctx.clock)
        except OmError as exc:
            show_error(self, exc)
            return
        self._show_result(result)

    def _show_result(self, result: ImportErgebnis) -> None:
        self.reload()
        self.status.setText(
            f"Import: {result.gelesen} gelesen, {result.neu} neu, "
            f"{result.zusammengefuehrt} zusammengeführt – "
            f"{len(self.model.all_rows)} Interessenten"
        )

    def abrufen(self) -> None:
        """Fetch feedback over the configured transport in a worker thread."""
        with self.ctx.db.sessions() as session:
            settings = load_settings(session)
        problems = settings.probleme()
        if problems:
            show_error(
                self,
                ValidationError(
                    "Immomio ist noch nicht vollständig eingerichtet (Extras → Immomio).", problems
                ),
            )
            return
        passwort = passwort_lesen(settings)
        if not passwort:
            hint = KEIN_KEYRING if not keyring_verfuegbar() else "Kein Passwort gespeichert."
            passwort, ok = QInputDialog.getText(
                self, "Immomio-Passwort", f"{hint}\n\nPasswort:", QLineEdit.EchoMode.Password
            )
            if not ok or not passwort:
                return
        transport = self.transport_factory(settings, passwort)
        sessions, clock = self.ctx.db.sessions, self.ctx.clock

        def work(_control: JobControl) -> ImportErgebnis:
            try:
                return interessenten.abrufen(sessions, transport, clock)
            finally:
                transport.close()

        self.job = BackgroundJob(work, self)
        self.job.succeeded.connect(self._fetched)
        self.job.failed.connect(self._fetch_failed)
        self.fetch_button.setEnabled(False)
        self.status.setText("Interessenten werden abgerufen …")
        self.job.start()

    def _fetched(self, result: ImportErgebnis) -> None:
        if self.job is not None:
            self.job.wait()
        self.fetch_button.setEnabled(True)
        self._show_result(result)

    def _fetch_failed(self, exc: BaseException) -> None:
        if self.job is not None:
            self.job.wait()
        self.fetch_button.setEnabled(True)
        self._update_status()
        show_error(self, exc)
