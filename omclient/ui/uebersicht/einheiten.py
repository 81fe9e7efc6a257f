"""Register Einheiten of the Einheitenübersicht: the Objekt's units, Vergabestelle, Berichte."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from omclient.errors import OmError
from omclient.services import uebersicht as svc
from omclient.services.uebersicht import (
    EinheitZeile,
    Register,
    UebersichtFilter,
    UebersichtKopf,
    VergabestelleZeile,
)
from omclient.ui.common.errors import show_error
from omclient.ui.common.table_model import Column, area_text
from omclient.ui.context import AppContext
from omclient.ui.uebersicht.page import RegisterPage, plural

EINHEITEN_COLUMNS = (
    Column("typus", "Typus", value=lambda r: r.typus_text, width=80),
    Column("einheit_nr", "Einheitennummer", width=125),
    Column("top_nr", "Top", width=55),
    Column("einheitsart", "Einheitsart", width=90),
    Column("stiege", "Stiege", width=55),
    Column("stockwerk", "Etage", width=65),
    Column("lage", "Lage", width=80),
    Column(
        "nettonutzflaeche",
        "Nettonutzfläche",
        text=area_text,
        align="right",
        width=110,
        excel_format="#,##0.00",
    ),
    Column("raeume", "Räume", align="right", width=55, excel_format="0"),
    Column("kategorie", "Kategorie", align="center", width=70),
    Column("status", "Status", width=90),
    Column("vergabestelle", "Vergabestelle", width=170),
    Column("bestandnehmer", "Bestandnehmer", width=220),
)


class VergabestelleDialog(QDialog):
    """Choose one of the zuweisungsberechtigte Vergabestellen."""

    def __init__(
        self, stellen: list[VergabestelleZeile], anzahl: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Vergabestelle zuweisen")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"Zuweisungsberechtigte Vergabestelle für {plural(anzahl, 'Einheit', 'Einheiten')}:"
            )
        )
        self.liste = QListWidget()
        self.liste.setObjectName("vergabestellen")
        for stelle in stellen:
            text = stelle.name
            if stelle.gemeindekennziffer:
                text += f"  (GKZ {stelle.gemeindekennziffer})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, stelle.id)
            self.liste.addItem(item)
        layout.addWidget(self.liste)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Zuweisen")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.liste.itemDoubleClicked.connect(lambda *_: self.accept())
        self.liste.currentRowChanged.connect(self._update)
        if stellen:
            self.liste.setCurrentRow(0)
        self._update()
        self.resize(420, 300)

    def _update(self, *_: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.liste.currentItem() is not None)

    def selected_id(self) -> int | None:
        item = self.liste.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


class EinheitenPage(RegisterPage):
    """Register Einheiten: one row per Einheit; inactive ones hidden unless asked for."""

    register = Register.EINHEITEN
    title = "Einheiten"
    columns = EINHEITEN_COLUMNS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.auch_inaktive = QCheckBox("Auch &inaktive anzeigen")
        self.auch_inaktive.setObjectName("einheitenAuchInaktive")
        self.filter_row.addWidget(self.auch_inaktive)
        self.finish_filter_row()
        self.zur_einheit_button = self.add_button("Zur Ei&nheit", "zurEinheit", self.open_row)
        self.vergabestelle_zuweisen_button = self.add_button(
            "Vergabestelle &zuweisen …", "vergabestelleZuweisen", self.assign_vergabestelle
        )
        self.vergabestelle_entfernen_button = self.add_button(
            "Vergabestelle entfe&rnen", "vergabestelleEntfernen", self.remove_vergabestelle
        )
        self.berichte_button = self.add_button("Beric&hte …", "berichte", self.open_report_batch)
        self.berichte_button.setToolTip(
            "Berichte für die markierten Einheiten (oder alle) erzeugen"
        )
        self.button_column.addStretch(1)
        self.auch_inaktive.toggled.connect(self.apply_predicate)

    @staticmethod
    def muted(row: Any) -> bool:
        return not row.aktiv

    def fetch(
        self,
        kopf: UebersichtKopf,
        current_filter: Callable[[], UebersichtFilter],
        stichtag: dt.date,
    ) -> list[Any]:
        with self.ctx.db.sessions() as session:
            return svc.einheiten_zeilen(
                session, kopf.objekt_id, current_filter(), stichtag=stichtag
            )

    def apply_predicate(self, *_: object) -> None:
        if self.auch_inaktive.isChecked():
            self.model.set_predicate(None)
        else:
            self.model.set_predicate(lambda r: r.aktiv)

    def status_text(self) -> str:
        rows = self.model.all_rows
        hidden = [] if self.auch_inaktive.isChecked() else [r for r in rows if not r.aktiv]
        what = plural(len(rows) - len(hidden), "Einheit", "Einheiten")
        return self.status_summary(what, [f"{len(hidden)} inaktive"] if hidden else [])

    def update_buttons(self) -> None:
        selected = bool(self.view.selected_rows())
        for button in (
            self.zur_einheit_button,
            self.vergabestelle_zuweisen_button,
            self.vergabestelle_entfernen_button,
        ):
            button.setEnabled(selected)
        super().update_buttons()

    def open_row(self) -> None:
        """Zur Einheit: the current or first selected Einheit."""
        row: EinheitZeile | None = self.current_or_first()
        if row is not None:
            self.ctx.navigator.open_einheit(row.id)

    def open_report_batch(self) -> None:
        """Berichte for the selected Einheiten (all visible ones when none is selected)."""
        from omclient.ui.berichte.batch import open_batch

        rows = self.view.selected_rows() or self.model.visible_rows()
        open_batch(self.ctx, self.objekt_id, [r.id for r in rows], parent=self.window())

    def assign_vergabestelle(self) -> None:
        rows = self.view.selected_rows()
        if not rows:
            return
        try:
            with self.ctx.db.sessions() as session:
                stellen = svc.zuweisungsberechtigte_vergabestellen(session)
        except OmError as exc:
            show_error(self, exc)
            return
        if not stellen:
            QMessageBox.information(
                self,
                "Vergabestelle zuweisen",
                "Es sind keine zuweisungsberechtigten Vergabestellen erfasst "
                "(Extras – Grundeinstellungen).",
            )
            return
        dialog = VergabestelleDialog(stellen, len(rows), self)
        current = {r.vergabestelle_id for r in rows}
        if len(current) == 1:
            for n in range(dialog.liste.count()):
                if dialog.liste.item(n).data(Qt.ItemDataRole.UserRole) in current:
                    dialog.liste.setCurrentRow(n)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.selected_id() is None:
            return
        stelle_id = dialog.selected_id()
        assert stelle_id is not None
        try:
            with self.ctx.db.sessions() as session:
                changed = svc.vergabestelle_zuweisen(session, [r.id for r in rows], stelle_id)
        except OmError as exc:
            show_error(self, exc)
            return
        name = next(s.name for s in stellen if s.id == stelle_id)
        self.rows_reloaded.emit()
        self.message.emit(
            f"Vergabestelle „{name}“ bei {plural(changed, 'Einheit', 'Einheiten')} eingetragen."
        )

    def remove_vergabestelle(self) -> None:
        rows = self.view.selected_rows()
        if not rows:
            return
        with_stelle = [r for r in rows if r.vergabestelle_id is not None]
        if not with_stelle:
            QMessageBox.information(
                self,
                "Vergabestelle entfernen",
                "Die markierten Einheiten haben keine Vergabestelle.",
            )
            return
        answer = QMessageBox.question(
            self,
            "Vergabestelle entfernen",
            f"Die Vergabestelle bei {plural(len(with_stelle), 'Einheit', 'Einheiten')} entfernen?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ctx.db.sessions() as session:
                changed = svc.vergabestelle_entfernen(session, [r.id for r in rows])
        except OmError as exc:
            show_error(self, exc)
            return
        self.rows_reloaded.emit()
        self.message.emit(f"Vergabestelle bei {plural(changed, 'Einheit', 'Einheiten')} entfernt.")
