"""Register Eigentümer / Mieter of the Einheitenübersicht: one row per Bestandsverhältnis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QComboBox, QLabel, QRadioButton, QWidget

from omclient.domain.enums import BvArt
from omclient.services import uebersicht as svc
from omclient.services.uebersicht import (
    BestandnehmerZeile,
    Register,
    UebersichtFilter,
    UebersichtKopf,
)
from omclient.ui.common.table_model import Column, date_text
from omclient.ui.context import AppContext
from omclient.ui.uebersicht.page import RegisterPage, plural

BESTANDNEHMER_COLUMNS = (
    Column("typus", "Typus", value=lambda r: r.typus_text, width=80),
    Column("einheit_nr", "Einheitennummer", width=125),
    Column("top_nr", "Top", width=55),
    Column("name", "Name", width=200),
    Column("bestandsart", "Bestandsart", width=140),
    Column("bezugsdatum", "Bezug", text=date_text, width=85, excel_format="DD.MM.YYYY"),
    Column("auszugsdatum", "Auszug", text=date_text, width=85, excel_format="DD.MM.YYYY"),
    Column("befristung_bis", "Befristung", text=date_text, width=85, excel_format="DD.MM.YYYY"),
    Column("kontakt", "Kontakt", value=lambda r: r.kontakt, width=260),
)


class BestandnehmerPage(RegisterPage):
    """Register Eigentümer / Mieter: current Bestandnehmer; ausgezogene and those of
    inactive Einheiten hidden unless asked for; Alle/Eigentümer/Mieter and
    Bestandsart filter in the database."""

    register = Register.BESTANDNEHMER
    title = "Eigentümer / Mieter"
    columns = BESTANDNEHMER_COLUMNS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._bestandsarten_objekt: int | None = None
        self.auch_ausgezogene = QCheckBox("Auch a&usgezogene anzeigen")
        self.auch_ausgezogene.setObjectName("auchAusgezogene")
        self.auch_inaktive = QCheckBox("Auch &inaktive anzeigen")
        self.auch_inaktive.setObjectName("bestandnehmerAuchInaktive")
        self.filter_row.addWidget(self.auch_ausgezogene)
        self.filter_row.addWidget(self.auch_inaktive)
        self.filter_row.addSpacing(16)
        self.art_group = QButtonGroup(self)
        self.alle_radio = QRadioButton("&Alle")
        self.alle_radio.setObjectName("alle")
        self.eigentuemer_radio = QRadioButton("nur Ei&gentümer")
        self.eigentuemer_radio.setObjectName("nurEigentuemer")
        self.mieter_radio = QRadioButton("nur Miete&r")
        self.mieter_radio.setObjectName("nurMieter")
        for radio in (self.alle_radio, self.eigentuemer_radio, self.mieter_radio):
            self.art_group.addButton(radio)
            self.filter_row.addWidget(radio)
        self.alle_radio.setChecked(True)
        self.filter_row.addSpacing(16)
        label = QLabel("Bestan&dsart:")
        self.bestandsart_combo = QComboBox()
        self.bestandsart_combo.setObjectName("bestandsart")
        self.bestandsart_combo.setMinimumWidth(160)
        label.setBuddy(self.bestandsart_combo)
        self.filter_row.addWidget(label)
        self.filter_row.addWidget(self.bestandsart_combo)
        self.finish_filter_row()
        self.zur_person_button = self.add_button("Zur &Person", "zurPerson", self.open_person)
        self.zur_zuordnung_button = self.add_button("Zur &Zuordnung", "zurZuordnung", self.open_row)
        self.zur_einheit_button = self.add_button("Zur Ei&nheit", "bvZurEinheit", self.open_einheit)
        self.button_column.addStretch(1)
        self.auch_ausgezogene.toggled.connect(self.apply_predicate)
        self.auch_inaktive.toggled.connect(self.apply_predicate)
        self.art_group.buttonToggled.connect(self._art_changed)
        self.bestandsart_combo.currentIndexChanged.connect(lambda *_: self.filter_changed.emit())

    @staticmethod
    def muted(row: Any) -> bool:
        return bool(row.ausgezogen or not row.einheit_aktiv)

    def _art_changed(self, _button: object, checked: bool) -> None:
        if checked:
            self.filter_changed.emit()

    def filter_fields(self) -> dict[str, Any]:
        art = None
        if self.eigentuemer_radio.isChecked():
            art = BvArt.EIGENTUM
        elif self.mieter_radio.isChecked():
            art = BvArt.MIETE
        return {"bestandnehmer_art": art, "bestandsart": self.bestandsart_combo.currentData()}

    def forget_choices(self) -> None:
        self._bestandsarten_objekt = None

    def fetch(
        self,
        kopf: UebersichtKopf,
        current_filter: Callable[[], UebersichtFilter],
        stichtag: dt.date,
    ) -> list[Any]:
        with self.ctx.db.sessions() as session:
            if self._bestandsarten_objekt != kopf.objekt_id:
                self._fill_bestandsarten(svc.bestandsarten(session, kopf.objekt_id))
                self._bestandsarten_objekt = kopf.objekt_id
            return svc.bestandnehmer_zeilen(
                session, kopf.objekt_id, current_filter(), stichtag=stichtag
            )

    def _fill_bestandsarten(self, arten: list[str]) -> None:
        """Choices of the Bestandsart filter, loaded with the rows."""
        combo = self.bestandsart_combo
        chosen = combo.currentData()
        blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItem("(alle)", None)
        for art in arten:
            combo.addItem(art, art)
            combo.setItemData(combo.count() - 1, art, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(blocked)

    def apply_predicate(self, *_: object) -> None:
        ausgezogene = self.auch_ausgezogene.isChecked()
        inaktive = self.auch_inaktive.isChecked()
        if ausgezogene and inaktive:
            self.model.set_predicate(None)
        else:
            self.model.set_predicate(
                lambda r: (ausgezogene or not r.ausgezogen) and (inaktive or r.einheit_aktiv)
            )

    def status_text(self) -> str:
        rows = self.model.all_rows
        ausgezogene = self.auch_ausgezogene.isChecked()
        inaktive = self.auch_inaktive.isChecked()
        hidden_inaktiv = 0 if inaktive else sum(1 for r in rows if not r.einheit_aktiv)
        hidden_ausgezogen = (
            0
            if ausgezogene
            else sum(1 for r in rows if r.ausgezogen and (inaktive or r.einheit_aktiv))
        )
        shown = len(rows) - hidden_inaktiv - hidden_ausgezogen
        notes = []
        if hidden_ausgezogen:
            notes.append(f"{hidden_ausgezogen} ausgezogene")
        if hidden_inaktiv:
            notes.append(f"{hidden_inaktiv} inaktive")
        return self.status_summary(plural(shown, "Bestandnehmer", "Bestandnehmer"), notes)

    def update_buttons(self) -> None:
        rows = self.view.selected_rows()
        self.zur_zuordnung_button.setEnabled(bool(rows))
        self.zur_einheit_button.setEnabled(bool(rows))
        self.zur_person_button.setEnabled(any(r.person_id is not None for r in rows))
        super().update_buttons()

    def open_row(self) -> None:
        """Zur Zuordnung: the Bestandsverhältnis of the current or first selected row."""
        row: BestandnehmerZeile | None = self.current_or_first()
        if row is not None:
            self.ctx.navigator.open_bestandsverhaeltnis(row.id)

    def open_person(self) -> None:
        row: BestandnehmerZeile | None = self.current_or_first()
        if row is not None and row.person_id is not None:
            self.ctx.navigator.open_person(row.person_id)

    def open_einheit(self) -> None:
        row: BestandnehmerZeile | None = self.current_or_first()
        if row is not None:
            self.ctx.navigator.open_einheit(row.einheit_id)
