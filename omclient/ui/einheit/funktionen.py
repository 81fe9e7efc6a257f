"""Funktionsträger list with its buttons, reusable for an Einheit or a Bestandsverhältnis.

:class:`FunktionenWidget` ``(ctx, kontext, datensatz_id, parent=None)`` shows
(for an Einheit) the Bestandnehmer and the Funktionsträger with Beginn/Ende,
only the active ones unless **Auch inaktive anzeigen** is ticked, and on the
right the buttons Funktion hinzufügen, bearbeiten, löschen, kopieren,
Enddatum definieren, Aktualisieren, Zur Person and Serienbriefe (templates of
the Hauptdatenmenge "Funktion"). Rows from d+ RW (the
Bestandnehmer and the Funktionen 31000/41000/51000/61000) disable the
changing buttons; the service refuses them as well.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.domain.enums import InfoKontext
from omclient.errors import OmError, ValidationError
from omclient.services import felder
from omclient.services import funktionen as svc
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

RW_TOOLTIP = (
    "Die Funktionen 31000, 41000, 51000, 61000 und die Bestandnehmer kommen aus d+ RW "
    "und können in d+ OM nicht geändert werden."
)

COLUMNS = (
    Column("funktion", "Funktion", width=170),
    Column("code", "Code", width=60),
    Column("person", "Person", width=200),
    Column("beginn", "Beginn", width=90),
    Column("ende", "Ende", width=90),
    Column("aktiv", "aktiv", width=50, value=lambda r: "ja" if r.aktiv else "nein"),
    Column("quelle", "Quelle", width=70, value=lambda r: "d+ RW" if r.aus_rw else "OM"),
    Column("bemerkung", "Bemerkung", width=200),
)


class _Values:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class FunktionDialog(QDialog):
    """Add or edit one Funktion: Funktionsart, Person (with search), Beginn, Ende, Bemerkung."""

    def __init__(
        self,
        ctx: AppContext,
        kontext: InfoKontext,
        datensatz_id: int,
        funktion_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kontext = kontext
        self.datensatz_id = datensatz_id
        self.funktion_id = funktion_id
        self.setObjectName("funktionDialog")
        self.setWindowTitle("Funktion bearbeiten" if funktion_id else "Funktion hinzufügen")
        self.form = EntityForm.of(felder.FUNKTION, parent=self)
        self.person_suche = QLineEdit()
        self.person_suche.setObjectName("personSuche")
        self.person_suche.setPlaceholderText("Name oder Personennummer suchen …")
        self.person_suche.setClearButtonEnabled(True)
        self._current_person: tuple[str, int] | None = None
        with ctx.db.sessions() as session:
            arten = svc.funktionsarten(session)
            current = None
            if funktion_id is not None:
                zeile = svc.funktion(session, funktion_id, ctx.clock.today())
                current = _Values(
                    funktionsart_id=svc.funktionsart_von(session, funktion_id).id,
                    person_id=zeile.person_id,
                    beginn=zeile.beginn,
                    ende=zeile.ende,
                    bemerkung=zeile.bemerkung,
                )
                if zeile.person_id is not None:
                    self._current_person = (zeile.person, zeile.person_id)
        self.form.set_choices("funktionsart_id", [(a.text, a.id) for a in arten])
        layout = QVBoxLayout(self)
        form_layout = QFormLayout()
        form_layout.addRow(self.form.label("funktionsart_id"), self.form.editor("funktionsart_id"))
        form_layout.addRow("Person suchen:", self.person_suche)
        for name in ("person_id", "beginn", "ende", "bemerkung"):
            form_layout.addRow(self.form.label(name), self.form.editor(name))
        layout.addLayout(form_layout)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Speichern")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.person_suche.textChanged.connect(self._search)
        self._search("")
        self.form.load(current or _Values(beginn=ctx.clock.today()))
        self.resize(480, self.sizeHint().height())

    def _search(self, text: str) -> None:
        with self.ctx.db.sessions() as session:
            treffer = svc.personen_suchen(session, text)
        items = [
            (f"{t.name} ({t.person_nr}{', ' + t.ort if t.ort else ''})", t.id) for t in treffer
        ]
        if self._current_person and all(v != self._current_person[1] for _, v in items):
            items.insert(0, self._current_person)
        self.form.set_choices("person_id", items)
        combo = self.form.editor("person_id")
        assert isinstance(combo, QComboBox)
        if text and combo.currentIndex() <= 0 and combo.count() > 1:
            combo.setCurrentIndex(1)

    def accept(self) -> None:
        try:
            values = self.form.values()
            problems = []
            if values.get("funktionsart_id") is None:
                problems.append("Bitte wählen Sie eine Funktion.")
            if values.get("person_id") is None:
                problems.append("Bitte wählen Sie eine Person.")
            if problems:
                raise ValidationError("\n".join(problems), problems)
            with self.ctx.db.sessions.begin() as session:
                if self.funktion_id is None:
                    svc.hinzufuegen(
                        session,
                        self.kontext,
                        self.datensatz_id,
                        values["funktionsart_id"],
                        values["person_id"],
                        values.get("beginn"),
                        values.get("ende"),
                        values.get("bemerkung"),
                        self.ctx.clock.today(),
                    )
                else:
                    svc.bearbeiten(
                        session,
                        self.funktion_id,
                        values["funktionsart_id"],
                        values["person_id"],
                        values.get("beginn"),
                        values.get("ende"),
                        values.get("bemerkung"),
                        self.ctx.clock.today(),
                    )
        except OmError as exc:
            show_error(self, exc)
            return
        super().accept()


class EnddatumDialog(QDialog):
    """Ask the date the Funktion ends (empty: open-ended)."""

    def __init__(self, ende: dt.date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Enddatum definieren")
        self.setObjectName("enddatumDialog")
        self.edit = QLineEdit(fmt.date(ende) if ende else "")
        self.edit.setObjectName("enddatum")
        self.edit.setPlaceholderText("TT.MM.JJJJ")
        layout = QFormLayout(self)
        layout.addRow(QLabel("An welchem Datum endet die Funktion?"))
        layout.addRow("Ende:", self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.value: dt.date | None = None

    def accept(self) -> None:
        text = self.edit.text().strip()
        try:
            self.value = fmt.parse_date(text) if text else None
        except ValueError as exc:
            show_error(self, ValidationError(f"Ende: {exc}"))
            return
        super().accept()


class KopierenDialog(QDialog):
    """Choose the Einheiten/Bestandsverhältnisse a Funktion is copied onto."""

    def __init__(self, ziele: list[svc.KopierZiel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Funktion kopieren")
        self.setObjectName("kopierenDialog")
        self.liste = QListWidget()
        self.liste.setObjectName("kopierziele")
        for ziel in ziele:
            item = QListWidgetItem(ziel.text)
            item.setData(Qt.ItemDataRole.UserRole, ziel)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.liste.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Kopieren")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Auf welche Datensätze soll die Funktion kopiert werden?"))
        layout.addWidget(self.liste, 1)
        layout.addWidget(buttons)
        self.resize(380, 360)

    def gewaehlt(self) -> list[svc.KopierZiel]:
        result = []
        for i in range(self.liste.count()):
            item = self.liste.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                result.append(item.data(Qt.ItemDataRole.UserRole))
        return result


class FunktionenWidget(QWidget):
    """Register Personen (Einheit) / Register Funktionen (Bestandsverhältnis).

    ``kontext`` is ``InfoKontext.EINHEIT`` (Bestandnehmer rows included) or
    ``InfoKontext.BESTANDSVERHAELTNIS``; ``changed`` is emitted after a write.
    """

    changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        kontext: InfoKontext,
        datensatz_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kontext = kontext
        self.datensatz_id = datensatz_id
        self.setObjectName("funktionen")
        self.auch_inaktive = QCheckBox("Auch &inaktive anzeigen")
        self.auch_inaktive.setObjectName("auchInaktive")
        self.model = DtoTableModel(COLUMNS, self, muted=lambda r: not r.aktiv)
        self.view = DtoTableView(self.model)
        self.view.setObjectName("funktionenListe")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hinzufuegen_button = QPushButton("Funktion &hinzufügen")
        self.bearbeiten_button = QPushButton("&Bearbeiten")
        self.loeschen_button = QPushButton("&Löschen")
        self.kopieren_button = QPushButton("&Kopieren")
        self.enddatum_button = QPushButton("&Enddatum definieren")
        self.reload_button = QPushButton("Ak&tualisieren")
        self.person_button = QPushButton("Zur &Person")
        self.serienbriefe_button = QPushButton("&Serienbriefe")
        self.serienbriefe_menu = QMenu(self)
        self.serienbriefe_menu.aboutToShow.connect(self._fill_serienbriefe)
        self.serienbriefe_button.setMenu(self.serienbriefe_menu)
        self.serienbriefe_button.setToolTip("Serienbriefe über Funktionen: Vorlage öffnen")
        for name, button in (
            ("funktionHinzufuegen", self.hinzufuegen_button),
            ("funktionBearbeiten", self.bearbeiten_button),
            ("funktionLoeschen", self.loeschen_button),
            ("funktionKopieren", self.kopieren_button),
            ("enddatumDefinieren", self.enddatum_button),
            ("funktionenAktualisieren", self.reload_button),
            ("zurPerson", self.person_button),
            ("serienbriefe", self.serienbriefe_button),
        ):
            button.setObjectName(name)
        left = QVBoxLayout()
        left.addWidget(self.auch_inaktive)
        left.addWidget(self.view, 1)
        side = QVBoxLayout()
        for button in (
            self.hinzufuegen_button,
            self.bearbeiten_button,
            self.loeschen_button,
            self.kopieren_button,
            self.enddatum_button,
        ):
            side.addWidget(button)
        side.addSpacing(12)
        side.addWidget(self.reload_button)
        side.addWidget(self.person_button)
        side.addWidget(self.serienbriefe_button)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(side)
        self.auch_inaktive.toggled.connect(self.reload)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.row_activated.connect(lambda _row: self._activate())
        self.hinzufuegen_button.clicked.connect(self.hinzufuegen)
        self.bearbeiten_button.clicked.connect(self.bearbeiten)
        self.loeschen_button.clicked.connect(self.loeschen)
        self.kopieren_button.clicked.connect(self.kopieren)
        self.enddatum_button.clicked.connect(self.enddatum)
        self.reload_button.clicked.connect(self.reload)
        self.person_button.clicked.connect(self.zur_person)
        self.reload()

    def reload(self) -> None:
        """Reload the rows (keeps the selected Funktion selected)."""
        current = self.current()
        with self.ctx.db.sessions() as session:
            rows = svc.personen(
                session,
                self.kontext,
                self.datensatz_id,
                self.ctx.clock.today(),
                self.auch_inaktive.isChecked(),
            )
        self.model.set_rows(rows)
        if current is not None:
            row = self.model.find_row(
                lambda r: (
                    (r.funktion_id, r.bestandsverhaeltnis_id)
                    == (current.funktion_id, current.bestandsverhaeltnis_id)
                )
            )
            if row >= 0:
                self.view.select_row(row)
        self._update_buttons()

    def current(self) -> svc.PersonenZeile | None:
        rows = self.view.selected_rows()
        return rows[0] if rows else None

    def _update_buttons(self, *_: object) -> None:
        row = self.current()
        editable = row is not None and row.funktion_id is not None and not row.aus_rw
        for button in (
            self.bearbeiten_button,
            self.loeschen_button,
            self.kopieren_button,
            self.enddatum_button,
        ):
            button.setEnabled(editable)
            button.setToolTip(RW_TOOLTIP if row is not None and row.aus_rw else "")
        self.person_button.setEnabled(row is not None and row.person_id is not None)

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()

    def _activate(self) -> None:
        """Double-click: edit an OM Funktion; a Bestandnehmer row opens its Bestandsverhältnis."""
        row = self.current()
        if row is None:
            return
        if row.funktion_id is None and row.bestandsverhaeltnis_id is not None:
            self.ctx.navigator.open_bestandsverhaeltnis(row.bestandsverhaeltnis_id)
        else:
            self.bearbeiten()

    def hinzufuegen(self) -> None:
        dialog = FunktionDialog(self.ctx, self.kontext, self.datensatz_id, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def bearbeiten(self) -> None:
        row = self.current()
        if row is None or row.funktion_id is None or row.aus_rw:
            return
        dialog = FunktionDialog(self.ctx, self.kontext, self.datensatz_id, row.funktion_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def loeschen(self) -> None:
        row = self.current()
        if row is None or row.funktion_id is None:
            return
        answer = QMessageBox.question(
            self, "Funktion löschen", f"Die Funktion „{row.funktion}“ von {row.person} löschen?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        funktion_id = row.funktion_id
        self._write(lambda s: svc.loeschen(s, funktion_id))

    def kopieren(self) -> None:
        row = self.current()
        if row is None or row.funktion_id is None:
            return
        with self.ctx.db.sessions() as session:
            ziele = svc.kopierziele(session, self.kontext, self.datensatz_id)
        dialog = KopierenDialog(ziele, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        gewaehlt = [(z.kontext, z.datensatz_id) for z in dialog.gewaehlt()]
        funktion_id = row.funktion_id
        if self._write(lambda s: svc.kopieren(s, funktion_id, gewaehlt)):
            QMessageBox.information(
                self, "Funktion kopiert", f"Die Funktion wurde auf {len(gewaehlt)} Ziel(e) kopiert."
            )

    def enddatum(self) -> None:
        row = self.current()
        if row is None or row.funktion_id is None:
            return
        dialog = EnddatumDialog(row.ende or self.ctx.clock.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        funktion_id, ende = row.funktion_id, dialog.value
        self._write(lambda s: svc.enddatum_definieren(s, funktion_id, ende))

    def _write(self, action: Any) -> bool:
        try:
            with self.ctx.db.sessions.begin() as session:
                action(session)
        except OmError as exc:
            show_error(self, exc)
            return False
        self._changed()
        return True

    def _fill_serienbriefe(self) -> None:
        menu = self.serienbriefe_menu
        menu.clear()
        with self.ctx.db.sessions() as session:
            vorlagen = svc.serienbrief_vorlagen(session)
        if not vorlagen:
            menu.addAction("Keine Serienbriefvorlagen über Funktionen").setEnabled(False)
        for v in vorlagen:
            action = menu.addAction(v.name)
            action.setToolTip(v.pfad)
            action.triggered.connect(lambda _c=False, p=v.pfad: self._open_vorlage(p))

    def _open_vorlage(self, pfad: str) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(pfad)):
            show_error(self, ValidationError(f"Die Vorlage {pfad} kann nicht geöffnet werden."))

    def zur_person(self) -> None:
        row = self.current()
        if row is not None and row.person_id is not None:
            self.ctx.navigator.open_person(row.person_id)
