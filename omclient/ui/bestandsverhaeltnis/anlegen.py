"""Administrators: a further Bestandsverhältnis for an Einheit (Aktionen of the BV dialog)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.domain.enums import BvArt
from omclient.errors import OmError, ValidationError
from omclient.services import bestandsverhaeltnis as svc
from omclient.services import funktionen as funktionen_svc
from omclient.ui.common.errors import show_error

if TYPE_CHECKING:
    from omclient.ui.context import AppContext


class BvAnlegenDialog(QDialog):
    """Administrators: a new Bestandsverhältnis for an Einheit (Person, Art, Bezugsdatum)."""

    def __init__(self, ctx: AppContext, einheit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.einheit_id = einheit_id
        self.created: svc.BvDto | None = None
        self._search = funktionen_svc.personen_suchen
        self.setWindowTitle("Neues Bestandsverhältnis")
        self.setObjectName("bvAnlegenDialog")
        warnung = QLabel(svc.ANLEGEN_WARNUNG)
        warnung.setWordWrap(True)
        warnung.setObjectName("anlegenWarnung")
        self.suche = QLineEdit()
        self.suche.setPlaceholderText("Name oder Personennummer suchen")
        self.personen = QComboBox()
        self.personen.setObjectName("person")
        self.art = QComboBox()
        self.art.setObjectName("art")
        for a in BvArt:
            self.art.addItem(a.value, a)
        self.bezug = QLineEdit()
        self.bezug.setObjectName("bezugsdatum")
        self.bezug.setPlaceholderText("TT.MM.JJJJ")
        form = QFormLayout()
        form.addRow("Person suchen:", self.suche)
        form.addRow("Bestandnehmer:", self.personen)
        form.addRow("Art:", self.art)
        form.addRow("Bezugsdatum:", self.bezug)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Anlegen")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warnung)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.suche.textChanged.connect(self._suchen)
        self._suchen("")

    def _suchen(self, text: str) -> None:
        with self.ctx.db.sessions() as session:
            treffer = self._search(session, text)
        self.personen.clear()
        self.personen.addItem("(ohne Bestandnehmer)", None)
        for t in treffer:
            self.personen.addItem(f"{t.name} ({t.person_nr}{', ' + t.ort if t.ort else ''})", t.id)

    def accept(self) -> None:
        try:
            bezug = fmt.parse_date(self.bezug.text()) if self.bezug.text().strip() else None
        except ValueError as exc:
            show_error(self, ValidationError(f"Bezugsdatum: {exc}"))
            return
        try:
            self.created = svc.create_bestandsverhaeltnis(
                self.ctx.db.sessions,
                self.ctx.user,
                svc.BvAnlage(
                    einheit_id=self.einheit_id,
                    person_id=self.personen.currentData(),
                    art=self.art.currentData(),
                    bezugsdatum=bezug,
                ),
            )
        except OmError as exc:
            show_error(self, exc)
            return
        super().accept()
