"""Register Ausstattung of the Einheit dialog: this unit's equipment and what can be done with it.

:class:`AusstattungWidget` ``(ctx, einheit_id, parent=None)`` lists only the
items assigned to the unit, filtered by the group chosen above the list
("Alle Gruppen" by default) and, unless **Auch inaktive anzeigen** is ticked,
only active ones. Buttons on the right: Hinzufügen, Bearbeiten, Entfernen,
Kopieren, Verschieben, Inaktiv setzen, Vorlage buchen, Gehe zu (Objekt,
Ausstattung, Wohnanlage, Aufteilungsgruppe), Instandhaltung erfassen, Ticket
erstellen, DMS.
``ticket_created`` is emitted after a ticket (Auftrag) was created, so the
host can refresh its Infogrid.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import InfoKontext
from omclient.errors import OmError, ValidationError
from omclient.services import ausstattung as svc
from omclient.services import felder, funktionen
from omclient.services.uebersicht import Register
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView, number_text
from omclient.ui.einheit.infogrid import choose_veh

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

COLUMNS = (
    Column("gruppe", "Gruppe", width=95),
    Column("bezeichnung", "Bezeichnung", width=140),
    Column("raum", "Raum", width=95),
    Column("menge", "Menge", width=55, align="right", text=lambda v: number_text(v)),
    Column("mengeneinheit", "ME", width=35, header_tooltip="Mengeneinheit"),
    Column("hersteller", "Hersteller", width=80),
    Column("einbaudatum", "Einbau", width=80),
    Column("zustand", "Zustand", width=75),
    Column("letzte_pruefung", "geprüft am", width=80, header_tooltip="letzte Instandhaltung"),
    Column("naechste_faelligkeit", "nächste Prüfung", width=100),
    Column("aktiv", "aktiv", width=40),
)


PRUEF_COLUMNS = (
    Column("datum", "Datum", width=85),
    Column("ergebnis", "Ergebnis", width=160),
    Column("naechste_faelligkeit", "nächste Fälligkeit", width=110),
    Column("pruefer", "Prüfer", width=110),
)


def _buttons(dialog: QDialog, ok_text: str = "&Speichern") -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Abbrechen")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class AusstattungDialog(QDialog):
    """Add or edit one item; in edit mode it also lists the item's inspections."""

    def __init__(
        self,
        ctx: AppContext,
        einheit_id: int,
        ausstattung_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.einheit_id = einheit_id
        self.ausstattung_id = ausstattung_id
        self.setObjectName("ausstattungDialog")
        self.setWindowTitle(
            "Ausstattung bearbeiten" if ausstattung_id else "Ausstattung hinzufügen"
        )
        self.form = EntityForm.of(felder.AUSSTATTUNG, parent=self)
        with ctx.db.sessions() as session:
            gruppen = svc.gruppen(session)
            item = svc.lade(session, ausstattung_id) if ausstattung_id else None
            pruefungen = svc.instandhaltungen(session, ausstattung_id) if ausstattung_id else []
        self.form.set_choices("gruppe_id", [(g.name, g.id) for g in gruppen])
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.form_layout())
        if item is not None:
            layout.addWidget(QLabel("Instandhaltungen:"))
            model = DtoTableModel(PRUEF_COLUMNS, self)
            view = DtoTableView(model)
            view.setObjectName("instandhaltungen")
            view.setMinimumHeight(110)
            model.set_rows(pruefungen)
            layout.addWidget(view)
        layout.addWidget(_buttons(self))
        self.form.load(item if item is not None else SimpleNamespace())
        self.resize(480, self.sizeHint().height())

    def accept(self) -> None:
        try:
            values = self.form.values()
            with self.ctx.db.sessions.begin() as session:
                if self.ausstattung_id is None:
                    svc.hinzufuegen(session, self.einheit_id, values)
                else:
                    svc.bearbeiten(session, self.ausstattung_id, values)
        except OmError as exc:
            show_error(self, exc)
            return
        super().accept()


class InstandhaltungDialog(QDialog):
    """Record an inspection: Datum, Ergebnis, nächste Fälligkeit, Prüfer, Bemerkung."""

    def __init__(
        self, ctx: AppContext, item: svc.AusstattungDto, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.setObjectName("instandhaltungDialog")
        self.setWindowTitle(f"Instandhaltung erfassen – {item.bezeichnung}")
        self.form = EntityForm.of(felder.INSTANDHALTUNG, parent=self)
        self.form.load(SimpleNamespace(datum=ctx.clock.today()))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.form_layout())
        layout.addWidget(_buttons(self))

    def accept(self) -> None:
        try:
            v = self.form.values()
            with self.ctx.db.sessions.begin() as session:
                svc.instandhaltung_erfassen(
                    session,
                    self.item.id,
                    v.get("datum"),
                    v.get("ergebnis"),
                    v.get("naechste_faelligkeit"),
                    v.get("pruefer"),
                    v.get("bemerkung"),
                )
        except OmError as exc:
            show_error(self, exc)
            return
        super().accept()


class TicketDialog(QDialog):
    """Create a ticket (Auftrag) for an item: Betreff and Beschreibung."""

    def __init__(self, item: svc.AusstattungDto, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketDialog")
        self.setWindowTitle("Ticket erstellen")
        self.betreff = QLineEdit(f"{item.bezeichnung}: ")
        self.betreff.setObjectName("betreff")
        self.beschreibung = QPlainTextEdit()
        self.beschreibung.setObjectName("beschreibung")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Ticket zur Ausstattung „{item.bezeichnung}“ ({item.gruppe})"))
        layout.addWidget(QLabel("Betreff:"))
        layout.addWidget(self.betreff)
        layout.addWidget(QLabel("Beschreibung:"))
        layout.addWidget(self.beschreibung)
        layout.addWidget(_buttons(self, "Ticket &erstellen"))
        self.resize(440, 280)


class AusstattungWidget(QWidget):
    """Register Ausstattung (see module docstring)."""

    ticket_created = Signal(int)
    changed = Signal()
    goto_aufteilung = Signal()
    """Gehe zu → Aufteilung: the host shows the unit's Flächen / Aufteilung."""

    def __init__(
        self,
        ctx: AppContext,
        einheit_id: int,
        parent: QWidget | None = None,
        open_documents: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.einheit_id = einheit_id
        self.open_documents = open_documents
        self.setObjectName("ausstattung")
        self.gruppe = QComboBox()
        self.gruppe.setObjectName("gruppenFilter")
        self.auch_inaktive = QCheckBox("Auch &inaktive anzeigen")
        self.auch_inaktive.setObjectName("auchInaktiveAusstattung")
        with ctx.db.sessions() as session:
            self.gruppe.addItem("Alle Gruppen", None)
            for g in svc.gruppen(session):
                self.gruppe.addItem(g.name, g.id)
        self.model = DtoTableModel(COLUMNS, self, muted=lambda r: not r.aktiv)
        self.view = DtoTableView(self.model)
        self.view.setObjectName("ausstattungListe")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.buttons: dict[str, QPushButton] = {}
        side = QVBoxLayout()
        for key, text, slot in (
            ("hinzufuegen", "&Hinzufügen", self.hinzufuegen),
            ("bearbeiten", "&Bearbeiten", self.bearbeiten),
            ("entfernen", "&Entfernen", self.entfernen),
            ("kopieren", "&Kopieren", self.kopieren),
            ("verschieben", "&Verschieben", self.verschieben),
            ("inaktiv", "&Inaktiv setzen", self.inaktiv_setzen),
            ("vorlage", "Vorlage &buchen", self.vorlage_buchen),
            ("gehezu", "&Gehe zu", None),
            ("instandhaltung", "Instandhaltung erfa&ssen", self.instandhaltung),
            ("ticket", "&Ticket erstellen", self.ticket),
            ("dms", "&DMS", self.dms),
        ):
            button = QPushButton(text)
            button.setObjectName(f"ausstattung_{key}")
            if slot is not None:
                button.clicked.connect(slot)
            self.buttons[key] = button
            side.addWidget(button)
            if key in ("inaktiv", "gehezu"):
                side.addSpacing(8)
        side.addStretch(1)
        goto = QMenu(self)
        self.goto_objekt = goto.addAction("Zum &Objekt", self.zum_objekt)
        self.goto_ausstattung = goto.addAction("Zur &Ausstattung", self.bearbeiten)
        goto.addAction("Zur &Wohnanlage (Einheitenübersicht)", self.zur_wohnanlage)
        goto.addAction("Zur Aufteilungs&gruppe (Flächen / Aufteilung)", self.goto_aufteilung.emit)
        self.buttons["gehezu"].setMenu(goto)
        top = QHBoxLayout()
        label = QLabel("&Gruppe:")
        label.setBuddy(self.gruppe)
        top.addWidget(label)
        top.addWidget(self.gruppe)
        top.addSpacing(16)
        top.addWidget(self.auch_inaktive)
        top.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.view, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(side)
        self.gruppe.currentIndexChanged.connect(self.reload)
        self.auch_inaktive.toggled.connect(self.reload)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.row_activated.connect(lambda _row: self.bearbeiten())
        self.reload()

    def reload(self, *_: object, select_id: int | None = None) -> None:
        current = self.current()
        keep = select_id if select_id is not None else (current.id if current else None)
        with self.ctx.db.sessions() as session:
            rows = svc.liste(
                session, self.einheit_id, self.gruppe.currentData(), self.auch_inaktive.isChecked()
            )
        self.model.set_rows(rows)
        if keep is not None:
            row = self.model.find_row(lambda r: r.id == keep)
            if row >= 0:
                self.view.select_row(row)
        self._update_buttons()

    def current(self) -> svc.AusstattungDto | None:
        rows = self.view.selected_rows()
        return rows[0] if rows else None

    def _update_buttons(self, *_: object) -> None:
        item = self.current()
        for key in (
            "bearbeiten",
            "entfernen",
            "kopieren",
            "verschieben",
            "inaktiv",
            "instandhaltung",
            "ticket",
        ):
            self.buttons[key].setEnabled(item is not None)
        self.goto_ausstattung.setEnabled(item is not None)
        self.buttons["inaktiv"].setText(
            "&Aktiv setzen" if item is not None and not item.aktiv else "&Inaktiv setzen"
        )

    def _write(self, action: Callable[[Any], Any]) -> Any:
        try:
            with self.ctx.db.sessions.begin() as session:
                result = action(session)
        except OmError as exc:
            show_error(self, exc)
            return None
        self.changed.emit()
        return result if result is not None else True

    def hinzufuegen(self) -> None:
        dialog = AusstattungDialog(self.ctx, self.einheit_id, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
            self.reload()

    def bearbeiten(self) -> None:
        item = self.current()
        if item is None:
            return
        dialog = AusstattungDialog(self.ctx, self.einheit_id, item.id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
            self.reload()

    def entfernen(self) -> None:
        item = self.current()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            "Ausstattung entfernen",
            f"„{item.bezeichnung}“ samt ihren Instandhaltungen von der Einheit entfernen?",
        )
        if answer == QMessageBox.StandardButton.Yes and self._write(
            lambda s: svc.entfernen(s, item.id)
        ):
            self.reload()

    def _andere_einheiten(self) -> list[funktionen.KopierZiel]:
        with self.ctx.db.sessions() as session:
            return funktionen.kopierziele(session, InfoKontext.EINHEIT, self.einheit_id)

    def kopieren(self) -> None:
        item = self.current()
        if item is None:
            return
        ziele = self._andere_einheiten()
        texts = ["diese Einheit", *(z.text for z in ziele)]
        text, ok = QInputDialog.getItem(
            self, "Ausstattung kopieren", f"„{item.bezeichnung}“ kopieren auf:", texts, 0, False
        )
        if not ok:
            return
        ziel = None if text == texts[0] else ziele[texts.index(text) - 1].datensatz_id
        copy = self._write(lambda s: svc.kopieren(s, item.id, ziel))
        if copy:
            self.reload(select_id=copy.id if ziel is None else item.id)

    def verschieben(self) -> None:
        item = self.current()
        if item is None:
            return
        ziele = self._andere_einheiten()
        if not ziele:
            show_error(self, ValidationError("Das Objekt hat keine weitere Einheit."))
            return
        texts = [z.text for z in ziele]
        text, ok = QInputDialog.getItem(
            self,
            "Ausstattung verschieben",
            f"„{item.bezeichnung}“ verschieben zur Einheit:",
            texts,
            0,
            False,
        )
        if not ok:
            return
        ziel = ziele[texts.index(text)].datensatz_id
        if self._write(lambda s: svc.verschieben(s, item.id, ziel)):
            self.reload()

    def inaktiv_setzen(self) -> None:
        item = self.current()
        if item is None:
            return
        if self._write(lambda s: svc.aktiv_setzen(s, item.id, not item.aktiv)):
            self.reload()

    def vorlage_buchen(self) -> None:
        with self.ctx.db.sessions() as session:
            vorlagen = svc.vorlagen(session)
        if not vorlagen:
            show_error(self, ValidationError("Es sind keine Ausstattungsvorlagen angelegt."))
            return
        texts = [f"{v.name} ({v.positionen} Positionen)" for v in vorlagen]
        text, ok = QInputDialog.getItem(
            self, "Vorlage buchen", "Welche Ausstattungsvorlage buchen?", texts, 0, False
        )
        if not ok:
            return
        vorlage = vorlagen[texts.index(text)]
        count = self._write(lambda s: svc.vorlage_buchen(s, self.einheit_id, vorlage.id))
        if count:
            self.reload()
            QMessageBox.information(
                self,
                "Vorlage gebucht",
                f"Aus der Vorlage „{vorlage.name}“ wurden {count} Ausstattungen hinzugefügt.",
            )

    def instandhaltung(self) -> None:
        item = self.current()
        if item is None:
            return
        dialog = InstandhaltungDialog(self.ctx, item, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
            self.reload()

    def ticket(self) -> None:
        item = self.current()
        if item is None:
            return
        dialog = TicketDialog(item, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ok, veh_id = choose_veh(self, self.ctx, self.einheit_id)
        if not ok:
            return
        betreff, beschreibung = dialog.betreff.text(), dialog.beschreibung.toPlainText()
        ticket = self._write(
            lambda s: svc.ticket_erstellen(
                s, item.id, betreff, beschreibung, self.ctx.clock.today(), veh_id
            )
        )
        if ticket:
            self.ticket_created.emit(ticket.id)
            QMessageBox.information(
                self,
                "Ticket erstellt",
                f"Das Ticket {ticket.nummer} wurde angelegt; es steht im Infogrid unter Aufträge.",
            )

    def _objekt_id(self) -> int:
        from omclient.services.einheit import load_einheit

        with self.ctx.db.sessions() as session:
            return load_einheit(session, self.einheit_id).objekt_id

    def zur_wohnanlage(self) -> None:
        self.ctx.navigator.open_uebersicht(self._objekt_id(), Register.EINHEITEN)

    def zum_objekt(self) -> None:
        self.ctx.navigator.open_objekt(self._objekt_id())

    def dms(self) -> None:
        if self.open_documents is not None:
            self.open_documents()
