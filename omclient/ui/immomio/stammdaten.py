"""Extras → Immomio → „Stammdaten übertragen …“: dry run first, then Senden.

Opening the dialog runs a dry run in a
:class:`~omclient.ui.common.background.BackgroundOp`: per kind (Wirtschafts-,
Verwaltungseinheiten, Mieter, Mietverträge) how many are new, changed or to be
deleted, a table of every record to send and of the tenancies left out because
their tenant has no e-mail address. **Senden** transfers in the background with
a progress dialog and „Abbrechen“; what Immomio confirmed stays stored, so a
broken or cancelled transfer continues next time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.errors import OmError, ValidationError
from omclient.immomio import stammdaten
from omclient.immomio.einstellungen import ImmomioEinstellungen, load_settings
from omclient.immomio.transport import HttpsTransport, transport_fuer
from omclient.ui.common.background import BackgroundOp, OpContext
from omclient.ui.common.errors import show_error
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView
from omclient.ui.context import AppContext
from omclient.ui.immomio.zugang import TransportFactory, transport_oeffnen

T = TypeVar("T")

OHNE_EMAIL = "nicht übertragen – Mieter ohne E-Mail"


@dataclass(frozen=True)
class Zeile:
    """One row of the dry-run table."""

    art: str
    aktion: str
    externe_id: str
    bezeichnung: str


COLUMNS = (
    Column("art", "Art", width=150),
    Column("aktion", "Aktion", width=230),
    Column("externe_id", "Immomio-ID", width=170),
    Column("bezeichnung", "Bezeichnung", width=330),
)


def zeilen(plan: stammdaten.StammdatenPlan) -> list[Zeile]:
    """Every record to send, then every tenancy left out for want of an e-mail address."""
    rows = [
        Zeile(
            art=stammdaten.ENTITAET_TEXT[d.entitaet],
            aktion=d.aktion or "",
            externe_id=d.externe_id,
            bezeichnung=d.bezeichnung,
        )
        for d in plan.zu_senden()
    ]
    for label in plan.ohne_email:
        externe_id, _, name = label.partition(" ")
        rows.append(Zeile("Mietverträge", OHNE_EMAIL, externe_id, name))
    return rows


class StammdatenDialog(QDialog):
    """Dry run of the Stammdaten sync, Senden with progress and Cancel, the result."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        transport_factory: TransportFactory = transport_fuer,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.transport_factory = transport_factory
        self.plan: stammdaten.StammdatenPlan | None = None
        self.job: BackgroundOp[Any] | None = None
        self.last_result: stammdaten.StammdatenErgebnis | None = None
        self._ergebnis: str | None = None
        self.setObjectName("stammdatenDialog")
        self.setWindowTitle("Stammdaten an Immomio übertragen")
        self.resize(960, 560)

        self.settings_label = QLabel()
        self.settings_label.setObjectName("stammdatenEinstellungen")
        self.settings_label.setWordWrap(True)
        self.voll_check = QCheckBox("&Vollabgleich (alle Datensätze erneut senden)")
        self.voll_check.setObjectName("stammdatenVoll")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("stammdatenZusammenfassung")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.model = DtoTableModel(COLUMNS, self)
        self.view = DtoTableView(self.model)
        self.view.setObjectName("stammdatenPlan")
        self.result_label = QLabel()
        self.result_label.setObjectName("stammdatenErgebnis")
        self.result_label.setWordWrap(True)
        self.senden_button = QPushButton("&Senden")
        self.senden_button.setObjectName("stammdatenSenden")
        self.senden_button.setEnabled(False)
        self.schliessen_button = QPushButton("Schl&ießen")
        self.schliessen_button.setObjectName("stammdatenSchliessen")

        top = QHBoxLayout()
        top.addWidget(self.settings_label, 1)
        top.addWidget(self.voll_check)
        bottom = QHBoxLayout()
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.senden_button)
        bottom.addWidget(self.schliessen_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.voll_check.toggled.connect(lambda *_: self.probelauf())
        self.senden_button.clicked.connect(self.senden)
        self.schliessen_button.clicked.connect(self.close)

        self.settings = self._load_settings()
        self.probelauf()

    def _load_settings(self) -> ImmomioEinstellungen:
        with self.ctx.db.sessions() as session:
            settings = load_settings(session)
        mandanten = ", ".join(settings.mandanten) or "keine eingetragen"
        self.settings_label.setText(
            f"Stichtag {fmt.date(self.ctx.clock.today())} · {settings.url or 'keine Adresse'} · "
            f"Mandanten {mandanten} · nur Mieter mit E-Mail-Adresse und ihre Mietverträge"
        )
        return settings

    def probelauf(self) -> None:
        """Compute and show the dry run (recorded in the Verlauf)."""
        if self.job is not None:
            return
        self.settings = settings = self._load_settings()
        login, clock, voll = self.ctx.user.login, self.ctx.clock, self.voll_check.isChecked()

        def work(op: OpContext) -> stammdaten.StammdatenPlan:
            plan, _ = stammdaten.probelauf(op.sessions, login, clock, voll=voll, settings=settings)
            return plan

        self.summary_label.setText("Probelauf läuft …")
        self._start(work, on_success=self._show_plan, on_failure=self._on_failed)

    def _show_plan(self, plan: stammdaten.StammdatenPlan) -> None:
        self.plan = plan
        self.model.set_rows(zeilen(plan))
        lines = [
            f"{stammdaten.ENTITAET_TEXT[e]}: neu {c['neu']} · geändert {c['geändert']} · "
            f"gelöscht {c['gelöscht']} · unverändert {c['unverändert']}"
            for e, c in plan.zaehler().items()
        ]
        lines.append(
            f"{len(plan.ohne_email)} Mietverträge nicht übertragen: Mieter ohne E-Mail-Adresse"
        )
        self.summary_label.setText("\n".join(lines))
        ergebnis, self._ergebnis = self._ergebnis, None
        if ergebnis:
            self.result_label.setText(ergebnis)
        elif not plan.zu_senden():
            self.result_label.setText("Nichts zu übertragen – Immomio ist auf dem neuesten Stand.")
        else:
            self.result_label.setText(f"{len(plan.zu_senden())} Datensätze bereit zum Senden.")

    def senden(self) -> None:
        """Send in the background (progress dialog with Abbrechen), then a new dry run."""
        if self.job is not None or self.plan is None or not self.plan.zu_senden():
            return
        if self.settings.transport != "https":
            show_error(
                self,
                ValidationError(
                    "Stammdaten werden nur über die Immomio-API (HTTPS) übertragen, nicht per FTP."
                ),
            )
            return
        try:
            transport = transport_oeffnen(self, self.settings, self.transport_factory)
        except OmError as exc:
            show_error(self, exc)
            return
        if transport is None:
            return
        if not isinstance(transport, HttpsTransport):
            transport.close()
            return
        login, clock, voll = self.ctx.user.login, self.ctx.clock, self.voll_check.isChecked()
        settings = self.settings

        def work(op: OpContext) -> stammdaten.StammdatenErgebnis:
            try:
                return stammdaten.senden(
                    op.sessions,
                    transport,
                    login,
                    clock,
                    voll=voll,
                    settings=settings,
                    progress=lambda done, total: op.progress(
                        done, total, f"{done} von {total} Datensätzen"
                    ),
                    cancelled=op.cancelled,
                )
            finally:
                transport.close()

        self.result_label.setText("Übertragung läuft …")
        self._start(
            work,
            on_success=self._on_done,
            on_failure=self._on_failed,
            title="Stammdaten an Immomio",
            label="Stammdaten werden übertragen …",
            cancellable=True,
        )

    def _start(self, work: Callable[[OpContext], T], **kw: Any) -> None:
        op: BackgroundOp[T] = BackgroundOp(
            work,
            parent=self,
            sessions=self.ctx.db.sessions,
            on_finished=lambda: self._ended(op),
            **kw,
        )
        self.job = op
        self._update_buttons()
        op.start()

    def _ended(self, op: BackgroundOp[Any]) -> None:
        if self.job is op:
            self.job = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self.job is None
        self.senden_button.setEnabled(
            idle and self.plan is not None and bool(self.plan.zu_senden())
        )
        self.voll_check.setEnabled(idle)
        self.schliessen_button.setEnabled(idle)

    def _on_done(self, result: stammdaten.StammdatenErgebnis) -> None:
        self.last_result = result
        text = (
            f"Übertragung {result.ergebnis}: gesendet {result.gesendet}, "
            f"gelöscht {result.geloescht}"
        )
        if result.offen:
            text += f"; {result.offen} noch offen (werden beim nächsten Senden übertragen)"
        if result.meldung:
            text += f"\n{result.meldung}"
        self.job = None
        self._ergebnis = text
        self.probelauf()

    def _on_failed(self, exc: OmError) -> None:
        self.summary_label.setText("")
        show_error(self, exc)
        self.result_label.setText(exc.message)
