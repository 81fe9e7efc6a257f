"""The Objekt's Stammdaten (reached with "zum Objekt" and from the main window).

Number, name, address, Baujahr, Bezugsdatum and Mandant come from d+ RW: shown
greyed with italic labels (the ownership mark, through ``ui/forms``). OM's own
fields (Aufzug, Fahrradraum, Bemerkung) can be edited and saved. Below: the
Stiegenhäuser and the VEHs per Sachbereich with their number of Einheiten.
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
from omclient.services.objekte import ObjektStammdaten
from omclient.services.uebersicht import Register
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView
from omclient.ui.common.unsaved import may_close
from omclient.ui.context import AppContext

STIEGEN_COLUMNS = (
    Column("nummer", "Stiege", width=60),
    Column("bezeichnung", "Bezeichnung", width=300),
    Column("einheiten", "Einheiten", align="right", width=70),
    Column("aktiv", "aktiv", width=50),
)

VEH_COLUMNS = (
    Column(
        "sachbereich",
        "Sachbereich",
        value=lambda v: f"{v.sachbereich} – {v.sachbereich_bezeichnung}",
        width=150,
    ),
    Column("nummer", "VEH", width=50),
    Column("bezeichnung", "Bezeichnung", width=250),
    Column("einheiten", "Einheiten", align="right", width=70),
    Column("aktiv", "aktiv", width=50),
)


class ObjektDialog(QDialog):
    """Stammdaten of one Objekt, non-modal."""

    def __init__(self, ctx: AppContext, objekt_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.objekt_id = objekt_id
        self.setObjectName("objektDialog")
        self.resize(900, 700)
        self.form = EntityForm.of(felder.OBJEKT, parent=self)

        daten = QGroupBox("Stammdaten (aus d+ RW)")
        grid = QGridLayout(daten)
        left = self.form.form_layout(["objekt_nr", "bezeichnung", "mandant_id", "aktiv"])
        right = self.form.form_layout(
            ["strasse", "hausnummer", "plz", "ort", "land", "baujahr", "bezugsdatum"]
        )
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        self.form.editor("bemerkung").setMaximumHeight(72)
        om = QGroupBox("Objektmanagement")
        om.setLayout(self.form.form_layout(["aufzug", "fahrradraum", "bemerkung"]))

        self.einheiten_label = QLabel()
        self.einheiten_label.setObjectName("einheitenAnzahl")
        self.stiegen_model = DtoTableModel(STIEGEN_COLUMNS, self, muted=lambda r: not r.aktiv)
        self.stiegen_view = DtoTableView(self.stiegen_model)
        self.stiegen_view.setObjectName("stiegenhaeuser")
        self.veh_model = DtoTableModel(VEH_COLUMNS, self, muted=lambda r: not r.aktiv)
        self.veh_view = DtoTableView(self.veh_model)
        self.veh_view.setObjectName("vehs")
        stiegen_box = QGroupBox("Stiegenhäuser")
        QVBoxLayout(stiegen_box).addWidget(self.stiegen_view)
        veh_box = QGroupBox("Verrechnungseinheiten (VEH)")
        QVBoxLayout(veh_box).addWidget(self.veh_view)
        lists = QHBoxLayout()
        lists.addWidget(stiegen_box, 2)
        lists.addWidget(veh_box, 3)

        self.einheiten_button = QPushButton("&Einheiten")
        self.bestandnehmer_button = QPushButton("&Bestandsnehmerdaten")
        self.save_button = QPushButton("&Speichern")
        self.save_button.setObjectName("speichern")
        self.close_button = QPushButton("Schließen")
        buttons = QHBoxLayout()
        buttons.addWidget(self.einheiten_button)
        buttons.addWidget(self.bestandnehmer_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(daten)
        layout.addWidget(om)
        layout.addWidget(self.einheiten_label)
        layout.addLayout(lists, 1)
        layout.addLayout(buttons)

        self.einheiten_button.clicked.connect(
            lambda: ctx.navigator.open_uebersicht(self.objekt_id, Register.EINHEITEN)
        )
        self.bestandnehmer_button.clicked.connect(
            lambda: ctx.navigator.open_uebersicht(self.objekt_id, Register.BESTANDNEHMER)
        )
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        self.form.changed.connect(self._update_buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        self.reload()

    def reload(self) -> None:
        """Load the Objekt again (Aktualisieren, after saving)."""
        with self.ctx.db.sessions() as session:
            self.daten: ObjektStammdaten = svc.objekt_stammdaten(session, self.objekt_id)
        d = self.daten
        self.setWindowTitle(f"Objekt {d.objekt_nr} {d.bezeichnung}")
        self.form.set_choices("mandant_id", [(d.mandant, d.mandant_id)])
        self.form.load(d)
        self.einheiten_label.setText(
            f"Einheiten: {d.einheiten_aktiv} aktiv, {d.einheiten_inaktiv} inaktiv"
        )
        self.stiegen_model.set_rows(d.stiegenhaeuser)
        self.veh_model.set_rows(d.vehs)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.form.is_dirty())

    def save(self) -> bool:
        """Save OM's fields; False (message shown, nothing saved) on bad input."""
        try:
            changes = self.form.values(only_changed=True)
            if changes:
                with self.ctx.db.sessions() as session:
                    svc.objekt_speichern(session, self.objekt_id, changes)
        except OmError as exc:
            show_error(self, exc)
            return False
        self.reload()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.form.is_dirty() and not may_close(
            self, "Die Stammdaten des Objekts wurden geändert. Änderungen speichern?", self.save
        ):
            event.ignore()
            return
        super().closeEvent(event)
