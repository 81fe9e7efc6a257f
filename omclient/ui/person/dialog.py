"""A person (Bestandnehmer): personal data, contact and all their Bestandsverhältnisse.

Name, address, birth date, e-mail and telephone come from d+ RW (greyed, italic
labels via ``ui/forms``); Mobil and Bemerkung are OM's and can be saved. The
list shows every Bestandsverhältnis of the person in any Objekt, with buttons
to open the Bestandsverhältnis (also double-click/Enter) and the Einheit.
"""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient.errors import OmError
from omclient.services import felder
from omclient.services import objekte as svc
from omclient.services.objekte import PersonBvZeile, PersonDetails
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView, date_text
from omclient.ui.common.unsaved import may_close
from omclient.ui.context import AppContext

BV_COLUMNS = (
    Column("objekt", "Objekt", value=lambda r: f"{r.objekt_nr} {r.objekt}", width=200),
    Column("einheit_nr", "Einheitennummer", width=115),
    Column("top_nr", "Top", width=50),
    Column("typus", "Typus", value=lambda r: r.typus_text, width=80),
    Column("bestandsart", "Bestandsart", width=140),
    Column("bezugsdatum", "Bezug", text=date_text, width=85, excel_format="DD.MM.YYYY"),
    Column("auszugsdatum", "Auszug", text=date_text, width=85, excel_format="DD.MM.YYYY"),
    Column("befristung_bis", "Befristung", text=date_text, width=85, excel_format="DD.MM.YYYY"),
    Column("zustand", "Zustand", width=80),
)


class PersonDialog(QDialog):
    """One person with their Bestandsverhältnisse, non-modal."""

    def __init__(self, ctx: AppContext, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.setObjectName("personDialog")
        self.resize(1000, 640)
        self.form = EntityForm.of(felder.PERSON, parent=self)

        self.mandant_label = QLabel()
        self.mandant_label.setObjectName("mandant")
        person = QGroupBox("Person")
        person.setLayout(
            self.form.form_layout(
                ["person_nr", "anrede", "titel", "vorname", "nachname", "firma", "geburtsdatum"]
            )
        )
        adresse = QGroupBox("Adresse")
        adresse.setLayout(self.form.form_layout(["strasse", "hausnummer", "plz", "ort", "land"]))
        kontakt = QGroupBox("Kontakt")
        kontakt.setLayout(self.form.form_layout(["telefon", "email", "mobil", "bemerkung"]))
        self.form.editor("bemerkung").setMaximumHeight(72)
        grid = QGridLayout()
        grid.addWidget(person, 0, 0, 2, 1)
        grid.addWidget(adresse, 0, 1)
        grid.addWidget(kontakt, 1, 1)

        self.bv_model = DtoTableModel(BV_COLUMNS, self, muted=lambda r: r.zustand == "ausgezogen")
        self.bv_view = DtoTableView(self.bv_model)
        self.bv_view.setObjectName("bestandsverhaeltnisse")
        self.zur_zuordnung_button = QPushButton("Zur &Zuordnung")
        self.zur_einheit_button = QPushButton("Zur Ei&nheit")
        side = QVBoxLayout()
        side.addWidget(self.zur_zuordnung_button)
        side.addWidget(self.zur_einheit_button)
        side.addStretch(1)
        bv_box = QGroupBox("Bestandsverhältnisse")
        bv_layout = QHBoxLayout(bv_box)
        bv_layout.addWidget(self.bv_view, 1)
        bv_layout.addLayout(side)

        self.save_button = QPushButton("&Speichern")
        self.close_button = QPushButton("Schließen")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.mandant_label)
        layout.addLayout(grid)
        layout.addWidget(bv_box, 1)
        layout.addLayout(buttons)

        self.zur_zuordnung_button.clicked.connect(self.open_zuordnung)
        self.zur_einheit_button.clicked.connect(self.open_einheit)
        self.bv_view.row_activated.connect(lambda _row: self.open_zuordnung())
        self.bv_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.bv_model.modelReset.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        self.form.changed.connect(self._update_buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        self.reload()

    def reload(self) -> None:
        with self.ctx.db.sessions() as session:
            self.details: PersonDetails = svc.person_details(
                session, self.person_id, stichtag=self.ctx.clock.today()
            )
        d = self.details
        self.setWindowTitle(f"Person {d.person_nr} {d.anzeigename}")
        self.mandant_label.setText(f"Mandant: {d.mandant}")
        self.form.load(d)
        self.bv_model.set_rows(d.bestandsverhaeltnisse)
        self._update_buttons()

    def _selected(self) -> PersonBvZeile | None:
        rows = self.bv_view.selected_rows()
        return rows[0] if rows else None

    def _update_buttons(self, *_: object) -> None:
        has = self._selected() is not None
        self.zur_zuordnung_button.setEnabled(has)
        self.zur_einheit_button.setEnabled(has)
        self.save_button.setEnabled(self.form.is_dirty())

    def open_zuordnung(self) -> None:
        row = self._selected()
        if row is not None:
            self.ctx.navigator.open_bestandsverhaeltnis(row.id)

    def open_einheit(self) -> None:
        row = self._selected()
        if row is not None:
            self.ctx.navigator.open_einheit(row.einheit_id)

    def save(self) -> bool:
        try:
            changes = self.form.values(only_changed=True)
            if changes:
                with self.ctx.db.sessions() as session:
                    svc.person_speichern(session, self.person_id, changes)
        except OmError as exc:
            show_error(self, exc)
            return False
        self.reload()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.form.is_dirty() and not may_close(
            self, "Die Daten der Person wurden geändert. Änderungen speichern?", self.save
        ):
            event.ignore()
            return
        super().closeEvent(event)
