"""The FB-Stundung dialog: deferrals of a Bestandsverhältnis' Finanzierungsbeitrag.

Left the deferrals of the BV, right the selected (or a new) one: amount,
instalments, start, interest and the Ratenplan computed to the cent as you
type. Speichern stores one deferral in its own transaction (it does not touch
the Bestandsverhältnis' version, so an open BV dialog stays savable).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.errors import OmError, ValidationError
from omclient.services import fb_stundung as svc
from omclient.services import felder
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm
from omclient.ui.common.table_model import (
    Column,
    DtoTableModel,
    DtoTableView,
    amount_text,
    date_text,
)

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

STUNDUNG_COLUMNS = (
    Column("beginn", "Beginn", text=date_text, width=90),
    Column("betrag", "Betrag €", text=amount_text, align="right", width=100),
    Column("raten", "Raten", align="right", width=55),
    Column(
        "zinssatz", "Zins %", value=lambda r: fmt.number(r.zinssatz, 3), align="right", width=65
    ),
    Column("ende", "letzte Rate", value=lambda r: r.ende, text=date_text, width=90),
)

PLAN_COLUMNS = (
    Column("nr", "Nr.", align="right", width=40),
    Column("faellig", "fällig am", text=date_text, width=90),
    Column("rate", "Rate €", text=amount_text, align="right", width=90),
    Column("zinsen", "Zinsen €", text=amount_text, align="right", width=85),
    Column("tilgung", "Tilgung €", text=amount_text, align="right", width=90),
    Column("restschuld", "Restschuld €", text=amount_text, align="right", width=100),
)


class FbStundungDialog(QDialog):
    """Deferrals of the Finanzierungsbeitrag of Bestandsverhältnis ``bv_id``."""

    def __init__(self, ctx: AppContext, bv_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bv_id = bv_id
        self.setObjectName("fbStundungDialog")
        self.setWindowTitle("FB-Stundung")
        self.resize(1100, 640)
        self.current_id: int | None = None
        self.saved_any = False

        self.summary = QLabel()
        self.summary.setObjectName("fbSummary")
        self.summary.setWordWrap(True)
        self.list_model = DtoTableModel(STUNDUNG_COLUMNS, self)
        self.list_view = DtoTableView(self.list_model)
        self.list_view.setObjectName("stundungen")
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.neu_button = QPushButton("&Neue Stundung")
        self.neu_button.setObjectName("stundungNeu")
        self.loeschen_button = QPushButton("&Löschen")
        self.loeschen_button.setObjectName("stundungLoeschen")
        left = QVBoxLayout()
        left.addWidget(self.summary)
        left.addWidget(self.list_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.neu_button)
        buttons.addWidget(self.loeschen_button)
        buttons.addStretch(1)
        left.addLayout(buttons)

        self.form = EntityForm.of(felder.FB_STUNDUNG, parent=self)
        form_box = QGroupBox("Stundung")
        form_box.setLayout(self.form.form_layout())
        self.form.editor("bemerkung").setMaximumHeight(56)
        self.plan_model = DtoTableModel(PLAN_COLUMNS, self)
        self.plan_view = DtoTableView(self.plan_model)
        self.plan_view.setObjectName("ratenplan")
        self.plan_summe = QLabel()
        self.plan_summe.setObjectName("ratenplanSumme")
        self.plan_summe.setWordWrap(True)
        self.plan_hinweis = QLabel()
        self.plan_hinweis.setObjectName("ratenplanHinweis")
        self.plan_hinweis.setWordWrap(True)
        plan_box = QGroupBox("Ratenplan")
        plan_layout = QVBoxLayout(plan_box)
        plan_layout.addWidget(self.plan_view, 1)
        plan_layout.addWidget(self.plan_summe)
        plan_layout.addWidget(self.plan_hinweis)
        right = QVBoxLayout()
        right.addWidget(form_box)
        right.addWidget(plan_box, 1)

        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.button_box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Speichern")
        self.save_button.setObjectName("stundungSpeichern")
        self.button_box.button(QDialogButtonBox.StandardButton.Close).setText("S&chließen")
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.button_box)

        self.button_box.accepted.connect(self.save)
        self.button_box.rejected.connect(self.reject)
        self.neu_button.clicked.connect(self.neu)
        self.loeschen_button.clicked.connect(self.loeschen)
        self.list_view.selectionModel().selectionChanged.connect(self._selected)
        self.form.changed.connect(self.update_plan)
        self.reload()
        self.neu()

    def reload(self) -> None:
        with self.ctx.db.sessions() as session:
            self.uebersicht = svc.load_uebersicht(session, self.bv_id)
        u = self.uebersicht
        if u.fb_betrag is None or not u.fb_aktiv:
            self.summary.setText(
                "Kein Finanzierungsbeitrag erfasst und aktiviert – bitte zuerst unter "
                "Sicherheitsleistungen erfassen."
            )
        else:
            self.summary.setText(
                f"Finanzierungsbeitrag {fmt.money(u.fb_betrag)} · gestundet "
                f"{fmt.money(u.gestundet)} · noch stundbar {fmt.money(u.noch_stundbar)}"
            )
        self.list_model.set_rows(u.stundungen)
        self.loeschen_button.setEnabled(self.current_id is not None)

    def _selected(self, *_: object) -> None:
        rows = self.list_view.selected_rows()
        if rows:
            self.show_stundung(rows[0])

    def show_stundung(self, stundung: svc.FbStundungDto) -> None:
        self.current_id = stundung.id
        self.form.load(stundung)
        self.loeschen_button.setEnabled(True)
        self.update_plan()

    def neu(self) -> None:
        """An empty form for a new deferral, first instalment next month."""
        self.current_id = None
        self.list_view.clearSelection()
        today = self.ctx.clock.today()
        first = svc.add_months(dt.date(today.year, today.month, 1), 1)
        rest = self.uebersicht.noch_stundbar
        self.form.load(_Neu(betrag=rest if rest and rest > 0 else None, raten=12, beginn=first))
        self.loeschen_button.setEnabled(False)
        self.update_plan()

    def _input(self) -> svc.FbStundungInput:
        values = self.form.values()
        missing = [
            f.label
            for f in felder.FB_STUNDUNG.felder
            if f.name in ("betrag", "raten", "beginn") and values.get(f.name) is None
        ]
        if missing:
            raise ValidationError(f"Bitte füllen Sie aus: {', '.join(missing)}.")
        return svc.FbStundungInput(
            betrag=values["betrag"],
            raten=values["raten"],
            beginn=values["beginn"],
            zinssatz=values.get("zinssatz") or Decimal("0"),
            bemerkung=values.get("bemerkung"),
        )

    def update_plan(self) -> None:
        """Recompute the Ratenplan from the form (shown as the user types)."""
        try:
            plan = svc.ratenplan(self._input())
        except (ValidationError, ValueError) as exc:
            self.plan_model.set_rows([])
            self.plan_summe.setText("")
            self.plan_hinweis.setText(getattr(exc, "message", str(exc)))
            return
        self.plan_model.set_rows(plan)
        zinsen = sum((z.zinsen for z in plan), Decimal("0"))
        summe = sum((z.rate for z in plan), Decimal("0"))
        self.plan_summe.setText(
            f"{len(plan)} Raten · Summe {fmt.money(summe)} · davon Zinsen {fmt.money(zinsen)} · "
            f"letzte Rate am {fmt.date(plan[-1].faellig)}"
        )
        self.plan_hinweis.setText("")

    def save(self) -> None:
        try:
            saved = svc.save_stundung(
                self.ctx.db.sessions, self.bv_id, self._input(), self.current_id
            )
        except OmError as exc:
            show_error(self, exc)
            return
        self.saved_any = True
        self.current_id = saved.id
        self.reload()
        row = self.list_model.find_row(lambda r: r.id == saved.id)
        if row >= 0:
            self.list_view.select_row(row)

    def loeschen(self) -> None:
        if self.current_id is None:
            return
        answer = QMessageBox.question(
            self,
            "FB-Stundung löschen",
            "Soll die gewählte Stundung samt Ratenplan gelöscht werden?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.delete_stundung(self.ctx.db.sessions, self.bv_id, self.current_id)
        except OmError as exc:
            show_error(self, exc)
            return
        self.saved_any = True
        self.current_id = None
        self.reload()
        self.neu()


class _Neu:
    """Initial values of a new deferral for :meth:`EntityForm.load`."""

    def __init__(self, betrag: Decimal | None, raten: int, beginn: dt.date) -> None:
        self.betrag = betrag
        self.raten = raten
        self.beginn = beginn
        self.zinssatz = Decimal("0")
        self.bemerkung = None
