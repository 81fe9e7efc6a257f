"""„Leerstände an Immomio übertragen…“: dry run first, then Senden, result, history.

Opening the dialog runs a dry run (Probelauf): the table lists every unit that
would be sent as *neu*, *geändert* or *zurückgezogen* with the checklist fields
it lacks (no Baujahr, no Grundmiete, no address …); unchanged ones can be shown
too. The dry run and **Senden** run in a
:class:`~omclient.ui.common.background.BackgroundOp`; Senden shows its progress
in the bar below and can be stopped with **Abbrechen** after the running
package; the result is shown and the Verlauf tab lists past transfers.

:func:`install_actions` adds the actions to the main window: Objekt menu and
toolbar („Leerstände an Immomio übertragen…“, „Interessenten…“) and Extras →
Immomio → „Einstellungen…“ (administrators only) and „Stammdaten übertragen…“.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
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
from omclient.immomio.einstellungen import TRANSPORTE, ImmomioEinstellungen, load_settings
from omclient.immomio.openimmo import Aktion
from omclient.immomio.transport import transport_fuer
from omclient.ui.common.background import BackgroundOp, OpContext, Progress
from omclient.ui.common.errors import show_error
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView
from omclient.ui.context import AppContext
from omclient.ui.immomio.zugang import TransportFactory, transport_oeffnen

if TYPE_CHECKING:
    from omclient.ui.objekt.main_window import MainWindow

T = TypeVar("T")

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
        self.job: BackgroundOp[Any] | None = None
        self.sending = False
        self._then: Callable[[], None] | None = None
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
        self.load_verlauf()
        self.probelauf()

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

    def probelauf(self, record: bool = True, then: Callable[[], None] | None = None) -> None:
        """Compute the dry run in the background and show the diff.

        ``record``: log it in the Verlauf; ``then`` runs after the plan is shown.
        """
        if self.job is not None:
            return
        self.settings = settings = self._load_settings()
        login, clock = self.ctx.user.login, self.ctx.clock
        voll = self.voll_check.isChecked()

        def work(op: OpContext) -> push.PushPlan:
            if record:
                plan, _ = push.probelauf(op.sessions, login, clock, voll=voll, settings=settings)
                return plan
            return push.plan(op.session, settings, clock.today(), voll=voll)

        def shown(plan: push.PushPlan) -> None:
            self._show_plan(plan)
            self._then = then

        self.summary_label.setText("Probelauf läuft …")
        if record:  # after a transfer the bar keeps showing what was sent
            self.progress.setRange(0, 0)
        self._start(work, on_success=shown, title=self.windowTitle())

    def _show_plan(self, plan: push.PushPlan) -> None:
        self.plan = plan
        self.plan_model.set_rows(plan.posten)
        counts = plan.zaehler()
        missing = sum(
            1 for p in plan.posten if p.fehlende_felder and p.aktion is not Aktion.LOESCHEN
        )
        self.summary_label.setText(
            f"{plan.leerstaende} Leerstände: neu {counts['neu']} · "
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
        elif not plan.zu_senden:
            self.result_label.setText("Nichts zu übertragen – Immomio ist auf dem neuesten Stand.")
        else:
            self.result_label.setText(
                f"{len(push.objekte_des_plans(plan))} Objekte bereit zum Senden."
            )

    def load_verlauf(self) -> None:
        with self.ctx.db.sessions() as session:
            self.verlauf_model.set_rows(push.verlauf(session))

    def senden(self) -> None:
        """Send the plan in the background; progress and Abbrechen stay usable."""
        if self.job is not None or self.plan is None or not self.plan.zu_senden:
            return
        try:
            transport = transport_oeffnen(self, self.settings, self.transport_factory)
        except OmError as exc:
            show_error(self, exc)
            return
        if transport is None:
            return
        login, clock = self.ctx.user.login, self.ctx.clock
        voll = self.voll_check.isChecked()
        settings = self.settings

        def work(op: OpContext) -> push.PushErgebnis:
            try:
                return push.push(
                    op.sessions,
                    transport,
                    login,
                    clock,
                    voll=voll,
                    settings=settings,
                    progress=lambda done, total: op.progress(done, total),
                    cancelled=op.cancelled,
                )
            finally:
                transport.close()

        self.progress.setRange(0, 0)
        self.result_label.setText("Übertragung läuft …")
        self._start(
            work,
            on_success=self._on_done,
            on_failure=self._on_failed,
            on_progress=self._on_progress,
            title="Übertragung an Immomio",
            sending=True,
        )

    def _start(self, work: Callable[[OpContext], T], *, sending: bool = False, **kw: Any) -> None:
        """Run ``work`` as this dialog's one op (a dry run or the transfer)."""
        op: BackgroundOp[T] = BackgroundOp(
            work,
            parent=self,
            sessions=self.ctx.db.sessions,
            on_finished=lambda: self._ended(op),
            **kw,
        )
        self.job = op
        self.sending = sending
        self._update_buttons()
        op.start()

    def _ended(self, op: BackgroundOp[Any]) -> None:
        if self.job is not op:  # the transfer's op, already followed by the dry run
            return
        self.job = None
        self.sending = False
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
        self.load_verlauf()
        self._update_buttons()
        then, self._then = self._then, None
        if then is not None:
            then()

    def abbrechen(self) -> None:
        if self.job is not None and self.sending:
            self.job.cancel()
            self.abbrechen_button.setEnabled(False)
            self.result_label.setText("Wird nach dem laufenden Paket abgebrochen …")

    def _update_buttons(self) -> None:
        idle = self.job is None
        plan = self.plan
        self.senden_button.setEnabled(
            idle and plan is not None and bool(plan.zu_senden) and not self.settings.probleme()
        )
        self.probelauf_button.setEnabled(idle)
        self.voll_check.setEnabled(idle)
        self.abbrechen_button.setEnabled(self.sending and not self.job_cancelled())
        self.schliessen_button.setEnabled(not self.sending)

    def job_cancelled(self) -> bool:
        return self.job is not None and self.job.cancel_requested

    def _on_progress(self, report: Progress) -> None:
        self.progress.setRange(0, max(report.maximum, 1))
        self.progress.setValue(report.value)
        self.progress.setFormat(f"{report.value} von {report.maximum} Objekten")

    def _on_done(self, result: push.PushErgebnis) -> None:
        text = (
            f"Übertragung {result.ergebnis}: neu {result.neu}, geändert {result.geaendert}, "
            f"zurückgezogen {result.zurueckgezogen}"
        )
        if result.offen:
            text += f"; {result.offen} noch offen (werden beim nächsten Senden übertragen)"
        if result.meldung:
            text += f"\n{result.meldung}"

        def show() -> None:
            self.result_label.setText(text)
            self.last_result = result
            if result.ergebnis == push.ERGEBNIS_FEHLER:
                QMessageBox.warning(self, "Übertragung an Immomio", text)

        self._after_sending(show)

    def _on_failed(self, exc: OmError) -> None:
        self.progress.setRange(0, 1)
        self.progress.setFormat("")
        self._after_sending(lambda: show_error(self, exc))

    def _after_sending(self, then: Callable[[], None]) -> None:
        """The plan again (what is left to send), then ``then``."""
        self.job = None
        self.sending = False
        self.load_verlauf()
        self.probelauf(record=False, then=then)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.sending:
            event.ignore()
            return
        super().closeEvent(event)


def install_actions(window: MainWindow) -> None:
    """Add the Immomio actions to the main window's Objekt menu, toolbar and Extras.

    The windows opened are children of the main window (Qt keeps them alive);
    the actions are found by object name: ``immomioUebertragen``,
    ``interessentenListe``, and in Extras → Immomio ``immomioEinstellungenAktion``
    and ``immomioStammdatenAktion``.
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

    def open_stammdaten() -> None:
        from omclient.ui.immomio.stammdaten import StammdatenDialog

        dialog = StammdatenDialog(ctx, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    settings_action = QAction("&Einstellungen …", window)
    settings_action.setObjectName("immomioEinstellungenAktion")
    settings_action.setEnabled(ctx.is_admin)
    settings_action.setToolTip(
        "Übertragungsweg, Zugangsdaten, Mandanten, Anbieter"
        if ctx.is_admin
        else "Nur für Administratoren"
    )
    settings_action.triggered.connect(open_settings)
    stammdaten_action = QAction("&Stammdaten übertragen …", window)
    stammdaten_action.setObjectName("immomioStammdatenAktion")
    stammdaten_action.setToolTip(
        "Wirtschafts- und Verwaltungseinheiten, Mieter mit E-Mail und ihre Mietverträge"
    )
    stammdaten_action.triggered.connect(open_stammdaten)

    window.menu_objekt.addSeparator()
    window.menu_objekt.addAction(push_action)
    window.menu_objekt.addAction(interessenten_action)
    window.toolbar.addSeparator()
    window.toolbar.addAction(push_action)
    immomio_menu = window.menu_extras.addMenu("&Immomio")
    immomio_menu.setObjectName("immomioMenu")
    immomio_menu.addAction(settings_action)
    immomio_menu.addAction(stammdaten_action)
