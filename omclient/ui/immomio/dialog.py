"""„Leerstände an Immomio übertragen…“: dry run first, then Senden, result, history.

Opening the dialog runs a dry run (Probelauf): the table lists every unit that
would be sent as *neu*, *geändert* or *zurückgezogen* with the checklist fields
it lacks (no Baujahr, no Grundmiete, no address …); unchanged ones can be shown
too. **Senden** then transfers in a worker thread with a progress bar and
**Abbrechen**; the result is shown and the Verlauf tab lists past transfers.

:func:`install_actions` adds the actions to the main window: Objekt menu and
toolbar („Leerstände an Immomio übertragen…“, „Interessenten…“) and Extras →
„Immomio…“ (administrators only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.errors import OmError
from omclient.immomio import push
from omclient.immomio.einstellungen import (
    KEIN_KEYRING,
    TRANSPORTE,
    ImmomioEinstellungen,
    keyring_verfuegbar,
    load_settings,
    passwort_lesen,
)
from omclient.immomio.openimmo import Aktion
from omclient.immomio.transport import Transport, transport_fuer
from omclient.ui.common.background import BackgroundJob, JobControl
from omclient.ui.common.errors import show_error
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView
from omclient.ui.context import AppContext

if TYPE_CHECKING:
    from omclient.ui.objekt.main_window import MainWindow

TransportFactory = Callable[[ImmomioEinstellungen, str], Transport]

PLAN_COLUMNS = (
    Column("aktion", "Aktion", width=110, value=lambda p: p.aktion_text),
    Column("externe_id", "Immomio-ID", width=130),
    Column("bezeichnung", "Einheit", width=230),
    Column("adresse", "Adresse", width=230),
    Column(
        "fehlende_felder",
        "Fehlende Angaben",
        width=320,
        value=lambda p: ", ".join(p.fehlende_felder) if p.aktion is not Aktion.LOESCHEN else "",
    ),
)


def _stamp(value: Any) -> str:
    return f"{fmt.date(value.date())} {value:%H:%M}" if value else ""


VERLAUF_COLUMNS = (
    Column("gestartet_am", "Beginn", width=120, text=_stamp),
    Column("art", "Art", width=110),
    Column("transport", "Weg", width=60),
    Column("ergebnis", "Ergebnis", width=140),
    Column("neu", "neu", width=50, align="right"),
    Column("geaendert", "geändert", width=70, align="right"),
    Column("zurueckgezogen", "zurückgez.", width=80, align="right"),
    Column("benutzer", "Benutzer", width=90),
    Column("meldung", "Meldung", width=300, value=lambda r: (r.meldung or "").replace("\n", " · ")),
)


class ImmomioDialog(QDialog):
    """Dry run, Senden with progress/Cancel, result and transfer history."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        transport_factory: TransportFactory = transport_fuer,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.transport_factory = transport_factory
        self.plan: push.PushPlan | None = None
        self.job: BackgroundJob | None = None
        self.last_result: push.PushErgebnis | None = None
        self.setObjectName("immomioDialog")
        self.setWindowTitle("Leerstände an Immomio übertragen")
        self.resize(1080, 620)

        self.settings_label = QLabel()
        self.settings_label.setObjectName("immomioEinstellungen")
        self.settings_label.setWordWrap(True)
        self.voll_check = QCheckBox("&Vollabgleich (alle Leerstände senden)")
        self.voll_check.setObjectName("vollabgleich")
        self.probelauf_button = QPushButton("&Probelauf")
        self.probelauf_button.setObjectName("probelauf")
        self.unveraendert_check = QCheckBox("auch &unveränderte zeigen")
        self.unveraendert_check.setObjectName("unveraendertZeigen")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("immomioZusammenfassung")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)

        self.plan_model = DtoTableModel(PLAN_COLUMNS, self)
        self.plan_view = DtoTableView(self.plan_model)
        self.plan_view.setObjectName("immomioPlan")
        self.plan_model.set_predicate(self._show_row)

        self.verlauf_model = DtoTableModel(VERLAUF_COLUMNS, self)
        self.verlauf_view = DtoTableView(self.verlauf_model)
        self.verlauf_view.setObjectName("immomioVerlauf")

        self.tabs = QTabWidget()
        plan_page = QWidget()
        plan_layout = QVBoxLayout(plan_page)
        plan_layout.setContentsMargins(4, 4, 4, 4)
        plan_layout.addWidget(self.summary_label)
        plan_layout.addWidget(self.plan_view, 1)
        self.tabs.addTab(plan_page, "Ä&nderungen (Probelauf)")
        self.tabs.addTab(self.verlauf_view, "&Verlauf")

        self.progress = QProgressBar()
        self.progress.setObjectName("immomioFortschritt")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.result_label = QLabel()
        self.result_label.setObjectName("immomioErgebnis")
        self.result_label.setWordWrap(True)
        self.senden_button = QPushButton("&Senden")
        self.senden_button.setObjectName("senden")
        self.senden_button.setEnabled(False)
        self.abbrechen_button = QPushButton("&Abbrechen")
        self.abbrechen_button.setObjectName("abbrechen")
        self.abbrechen_button.setEnabled(False)
        self.schliessen_button = QPushButton("Schl&ießen")
        self.schliessen_button.setObjectName("schliessen")

        top = QHBoxLayout()
        top.addWidget(self.settings_label, 1)
        top.addWidget(self.voll_check)
        top.addWidget(self.unveraendert_check)
        top.addWidget(self.probelauf_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.senden_button)
        bottom.addWidget(self.abbrechen_button)
        bottom.addWidget(self.schliessen_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.result_label)
        layout.addLayout(bottom)

        self.probelauf_button.clicked.connect(lambda: self.probelauf())
        self.voll_check.toggled.connect(lambda *_: self.probelauf())
        self.unveraendert_check.toggled.connect(
            lambda *_: self.plan_model.set_predicate(self._show_row)
        )
        self.senden_button.clicked.connect(self.senden)
        self.abbrechen_button.clicked.connect(self.abbrechen)
        self.schliessen_button.clicked.connect(self.close)

        self.settings = self._load_settings()
        self.probelauf()
        self.load_verlauf()

    # -- data -------------------------------------------------------------------------
    def _load_settings(self) -> ImmomioEinstellungen:
        with self.ctx.db.sessions() as session:
            settings = load_settings(session)
        transport = TRANSPORTE.get(settings.transport, settings.transport)
        mandanten = ", ".join(settings.mandanten) or "alle (nicht eingerichtet)"
        self.settings_label.setText(
            f"Stichtag {fmt.date(self.ctx.clock.today())} · {transport} · "
            f"{settings.url or 'keine Adresse'} · Mandanten {mandanten} · "
            f"Separator „{settings.separator}“"
        )
        return settings

    def _show_row(self, row: push.PlanPosten) -> bool:
        return row.aktion is not None or self.unveraendert_check.isChecked()

    def probelauf(self, record: bool = True) -> None:
        """Compute the dry run and show the diff; ``record``: log it in the Verlauf."""
        if self.job is not None and self.job.is_running():
            return
        self.settings = self._load_settings()
        try:
            if record:
                self.plan, _ = push.probelauf(
                    self.ctx.db.sessions,
                    self.ctx.user.login,
                    self.ctx.clock,
                    voll=self.voll_check.isChecked(),
                    settings=self.settings,
                )
            else:
                with self.ctx.db.sessions() as session:
                    self.plan = push.plan(
                        session,
                        self.settings,
                        self.ctx.clock.today(),
                        voll=self.voll_check.isChecked(),
                    )
        except OmError as exc:
            show_error(self, exc)
            return
        self.plan_model.set_rows(self.plan.posten)
        counts = self.plan.zaehler()
        missing = sum(
            1 for p in self.plan.posten if p.fehlende_felder and p.aktion is not Aktion.LOESCHEN
        )
        self.summary_label.setText(
            f"{self.plan.leerstaende} Leerstände: neu {counts['neu']} · "
            f"geändert {counts['geaendert']} · zurückgezogen {counts['zurueckgezogen']} · "
            f"unverändert {counts['unveraendert']}"
            + (f"  —  {missing} mit fehlenden Angaben" if missing else "")
        )
        problems = self.settings.probleme()
        if problems:
            self.result_label.setText(
                "Senden ist erst möglich, wenn Immomio eingerichtet ist (Extras → Immomio): "
                + " ".join(problems)
            )
        elif not self.plan.zu_senden:
            self.result_label.setText("Nichts zu übertragen – Immomio ist auf dem neuesten Stand.")
        else:
            self.result_label.setText(
                f"{len(push.objekte_des_plans(self.plan))} Objekte bereit zum Senden."
            )
        self.senden_button.setEnabled(bool(self.plan.zu_senden) and not problems)
        self.load_verlauf()

    def load_verlauf(self) -> None:
        with self.ctx.db.sessions() as session:
            self.verlauf_model.set_rows(push.verlauf(session))

    # -- sending ----------------------------------------------------------------------
    def _ask_password(self) -> str | None:
        stored = passwort_lesen(self.settings)
        if stored:
            return stored
        hint = (
            KEIN_KEYRING
            if not keyring_verfuegbar()
            else "Für Immomio ist kein Passwort gespeichert (Extras → Immomio)."
        )
        text, ok = QInputDialog.getText(
            self,
            "Immomio-Passwort",
            f"{hint}\n\nPasswort für {self.settings.benutzer}@{self.settings.host}:",
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    def senden(self) -> None:
        """Send the plan in a worker thread; progress and Cancel stay usable."""
        if self.plan is None or not self.plan.zu_senden:
            return
        passwort = self._ask_password()
        if passwort is None:
            return
        transport = self.transport_factory(self.settings, passwort)
        sessions = self.ctx.db.sessions
        login = self.ctx.user.login
        clock = self.ctx.clock
        voll = self.voll_check.isChecked()
        settings = self.settings

        def work(control: JobControl) -> push.PushErgebnis:
            try:
                return push.push(
                    sessions,
                    transport,
                    login,
                    clock,
                    voll=voll,
                    settings=settings,
                    progress=control.progress,
                    cancelled=control.cancelled,
                )
            finally:
                transport.close()

        self.job = BackgroundJob(work, self)
        self.job.progressed.connect(self._on_progress)
        self.job.succeeded.connect(self._on_done)
        self.job.failed.connect(self._on_failed)
        self._set_running(True)
        self.result_label.setText("Übertragung läuft …")
        self.job.start()

    def abbrechen(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.abbrechen_button.setEnabled(False)
            self.result_label.setText("Wird nach dem laufenden Paket abgebrochen …")

    def _set_running(self, running: bool) -> None:
        if running:
            self.progress.setRange(0, 0)
        self.senden_button.setEnabled(False)
        self.probelauf_button.setEnabled(not running)
        self.voll_check.setEnabled(not running)
        self.abbrechen_button.setEnabled(running)
        self.schliessen_button.setEnabled(not running)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} von {total} Objekten")

    def _finish_job(self) -> None:
        # The result signal is emitted just before the thread ends; let it end.
        if self.job is not None:
            self.job.wait()

    def _on_done(self, result: push.PushErgebnis) -> None:
        self._finish_job()
        self._set_running(False)
        text = (
            f"Übertragung {result.ergebnis}: neu {result.neu}, geändert {result.geaendert}, "
            f"zurückgezogen {result.zurueckgezogen}"
        )
        if result.offen:
            text += f"; {result.offen} noch offen (werden beim nächsten Senden übertragen)"
        if result.meldung:
            text += f"\n{result.meldung}"
        self.probelauf(record=False)
        self.result_label.setText(text)
        self.last_result = result
        if result.ergebnis == push.ERGEBNIS_FEHLER:
            QMessageBox.warning(self, "Übertragung an Immomio", text)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish_job()
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setFormat("")
        self.probelauf(record=False)
        show_error(self, exc)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None and self.job.is_running():
            event.ignore()
            return
        super().closeEvent(event)


def install_actions(window: MainWindow) -> None:
    """Add the Immomio actions to the main window's Objekt menu, toolbar and Extras.

    The windows opened are children of the main window (Qt keeps them alive);
    the actions are found by object name: ``immomioUebertragen``,
    ``interessentenListe``, ``immomioEinstellungenAktion``.
    """
    ctx = window.ctx

    def open_push() -> None:
        dialog = ImmomioDialog(ctx, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def open_interessenten() -> None:
        from omclient.ui.immomio.interessenten import InteressentenFenster

        fenster = InteressentenFenster(ctx, window)
        fenster.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fenster.show()

    def open_settings() -> None:
        from omclient.ui.immomio.einstellungen import ImmomioSettingsDialog

        if not ctx.is_admin:
            QMessageBox.information(
                window,
                "Immomio",
                "Die Immomio-Einstellungen können nur Administratoren ändern.",
            )
            return
        dialog = ImmomioSettingsDialog(ctx, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    push_action = QAction("Leerstände an &Immomio übertragen …", window)
    push_action.setObjectName("immomioUebertragen")
    push_action.setToolTip("Leerstände an Immomio übertragen (Probelauf, dann Senden)")
    push_action.triggered.connect(open_push)
    interessenten_action = QAction("I&nteressenten …", window)
    interessenten_action.setObjectName("interessentenListe")
    interessenten_action.triggered.connect(open_interessenten)
    settings_action = QAction("&Immomio …", window)
    settings_action.setObjectName("immomioEinstellungenAktion")
    settings_action.setEnabled(ctx.is_admin)
    settings_action.setToolTip(
        "Übertragungsweg, Zugangsdaten, Mandanten, Anbieter"
        if ctx.is_admin
        else "Nur für Administratoren"
    )
    settings_action.triggered.connect(open_settings)

    window.menu_objekt.addSeparator()
    window.menu_objekt.addAction(push_action)
    window.menu_objekt.addAction(interessenten_action)
    window.toolbar.addSeparator()
    window.toolbar.addAction(push_action)
    window.menu_extras.addAction(settings_action)
