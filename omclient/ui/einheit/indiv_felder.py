"""Register Indiv Felder, reusable for an Einheit or a Bestandsverhältnis.

:class:`IndivFelderWidget` ``(ctx, entitaet, datensatz_id, parent=None)`` shows
one editor per IndivFeld of ``entitaet`` (``IndivEntitaet.EINHEIT`` or
``IndivEntitaet.BESTANDSVERHAELTNIS``): text, number, date (TT.MM.JJJJ),
yes/no and choice list. The host dialog calls :meth:`IndivFelderWidget.save`
from its Speichern (values are validated by type; nothing is written when one
is wrong) and asks :meth:`IndivFelderWidget.is_dirty` before closing.

The button **Indiv. Felder verwalten** opens :class:`IndivFelderVerwaltenDialog`
for administrators; for clerks it is disabled with a tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
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
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import IndivEntitaet, IndivFeldTyp
from omclient.errors import OmError
from omclient.services import indiv as svc
from omclient.ui.common.errors import show_error
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

ADMIN_ONLY_TOOLTIP = "Individuelle Felder können nur Administratoren verwalten."


def _editor_for(feld: svc.IndivFeldDto) -> QWidget:
    if feld.typ is IndivFeldTyp.JA_NEIN:
        combo = QComboBox()
        combo.addItem("", None)
        combo.addItem("Ja", True)
        combo.addItem("Nein", False)
        return combo
    if feld.typ is IndivFeldTyp.AUSWAHL:
        combo = QComboBox()
        combo.addItem("", None)
        for entry in feld.auswahl:
            combo.addItem(entry, entry)
        return combo
    line = QLineEdit()
    if feld.typ is IndivFeldTyp.DATUM:
        line.setPlaceholderText("TT.MM.JJJJ")
        line.setMaxLength(10)
    elif feld.typ is IndivFeldTyp.ZAHL:
        line.setAlignment(Qt.AlignmentFlag.AlignRight)
    return line


class IndivFelderWidget(QWidget):
    """Editors for the individual fields of one record (see module docstring)."""

    changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        entitaet: IndivEntitaet,
        datensatz_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entitaet = entitaet
        self.datensatz_id = datensatz_id
        self.setObjectName("indivFelder")
        self.editors: dict[int, QWidget] = {}
        self.labels: dict[int, QLabel] = {}
        self._loaded: dict[int, str] = {}
        self._loading = False
        self.verwalten_button = QPushButton("Indiv. Felder &verwalten")
        self.verwalten_button.setObjectName("indivFelderVerwalten")
        if ctx.user.ist_admin:
            self.verwalten_button.setToolTip("Felder anlegen, ändern, sortieren und löschen")
        else:
            self.verwalten_button.setEnabled(False)
            self.verwalten_button.setToolTip(ADMIN_ONLY_TOOLTIP)
        self.verwalten_button.clicked.connect(self.verwalten)
        self.leer_label = QLabel("Es sind keine individuellen Felder definiert.")
        self.leer_label.setObjectName("indivFelderLeer")
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.verwalten_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.leer_label)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        """Rebuild the editors from the definitions and load this record's values."""
        with self.ctx.db.sessions() as session:
            werte = svc.werte(session, self.entitaet, self.datensatz_id)
        self._loading = True
        try:
            while self.form.rowCount():
                self.form.removeRow(0)
            self.editors.clear()
            self.labels.clear()
            self._loaded.clear()
            for w in werte:
                editor = _editor_for(w.feld)
                editor.setObjectName(f"indiv_{w.feld.id}")
                label = QLabel(f"{w.feld.bezeichnung}{' *' if w.feld.pflicht else ''}:")
                label.setBuddy(editor)
                self.form.addRow(label, editor)
                self.editors[w.feld.id] = editor
                self.labels[w.feld.id] = label
                self._set(editor, w.wert, w.anzeige)
                self._loaded[w.feld.id] = self._text(editor)
                if isinstance(editor, QComboBox):
                    editor.currentIndexChanged.connect(self._emit)
                elif isinstance(editor, QLineEdit):
                    editor.textChanged.connect(self._emit)
        finally:
            self._loading = False
        self.leer_label.setVisible(not werte)

    def _emit(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()

    @staticmethod
    def _set(editor: QWidget, value: Any, text: str) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0) if value is not None else 0)
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    @staticmethod
    def _text(editor: QWidget) -> str:
        if isinstance(editor, QComboBox):
            return editor.currentText()
        assert isinstance(editor, QLineEdit)
        return editor.text().strip()

    def editor(self, bezeichnung: str) -> QWidget:
        """The editor of the field labelled ``bezeichnung``."""
        for feld_id, label in self.labels.items():
            if label.text().rstrip(":* ") == bezeichnung:
                return self.editors[feld_id]
        raise KeyError(bezeichnung)

    def values(self) -> dict[int, Any]:
        """feld_id → entered value (combo data, or the text for the service to parse)."""
        result: dict[int, Any] = {}
        for feld_id, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                result[feld_id] = editor.currentData()
            else:
                assert isinstance(editor, QLineEdit)
                result[feld_id] = editor.text().strip() or None
        return result

    def is_dirty(self) -> bool:
        return any(
            self._text(editor) != self._loaded.get(feld_id, "")
            for feld_id, editor in self.editors.items()
        )

    def changed_values(self) -> dict[int, Any]:
        """feld_id → value of the fields changed since loading (for the host's Speichern)."""
        return {
            feld_id: value
            for feld_id, value in self.values().items()
            if self._text(self.editors[feld_id]) != self._loaded.get(feld_id, "")
        }

    def save(self) -> None:
        """Store the changed values in their own transaction (ValidationError: nothing written).

        A host that saves its record too passes :meth:`changed_values` to its
        own service call instead, so both are written in one transaction.
        """
        changed = self.changed_values()
        if not changed:
            return
        with self.ctx.db.sessions.begin() as session:
            svc.werte_speichern(session, self.entitaet, self.datensatz_id, changed)
        self.reload()

    def verwalten(self) -> None:
        if not self.ctx.user.ist_admin:
            return
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Indiv. Felder verwalten",
                "Ungespeicherte Eingaben in den individuellen Feldern gehen verloren. Fortfahren?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        dialog = IndivFelderVerwaltenDialog(self.ctx, self.entitaet, self)
        dialog.exec()
        self.reload()


FELD_COLUMNS = (
    Column("position", "Nr.", width=40, value=lambda f: f.position + 1, align="right"),
    Column("bezeichnung", "Bezeichnung", width=180),
    Column("typ", "Typ", width=70),
    Column("auswahl", "Auswahlliste", width=170, value=lambda f: ", ".join(f.auswahl)),
    Column("pflicht", "Pflicht", width=50),
    Column("anzahl_werte", "Werte", width=50, align="right"),
)


class IndivFeldDialog(QDialog):
    """Define one field: Bezeichnung, Typ, Auswahlliste (one entry per line), Pflichtfeld."""

    def __init__(self, feld: svc.IndivFeldDto | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Feld bearbeiten" if feld else "Neues Feld")
        self.setObjectName("indivFeldDialog")
        self.bezeichnung = QLineEdit(feld.bezeichnung if feld else "")
        self.bezeichnung.setObjectName("bezeichnung")
        self.bezeichnung.setMaxLength(100)
        self.typ = QComboBox()
        self.typ.setObjectName("typ")
        for t in IndivFeldTyp:
            self.typ.addItem(t.value, t)
        if feld:
            self.typ.setCurrentIndex(self.typ.findData(feld.typ))
        self.auswahl = QPlainTextEdit("\n".join(feld.auswahl) if feld else "")
        self.auswahl.setObjectName("auswahlliste")
        self.auswahl.setPlaceholderText("Ein Eintrag pro Zeile")
        self.pflicht = QCheckBox("Pflichtfeld")
        self.pflicht.setObjectName("pflicht")
        self.pflicht.setChecked(bool(feld and feld.pflicht))
        layout = QFormLayout(self)
        layout.addRow("Bezeichnung:", self.bezeichnung)
        layout.addRow("Typ:", self.typ)
        layout.addRow("Auswahlliste:", self.auswahl)
        layout.addRow("", self.pflicht)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.typ.currentIndexChanged.connect(self._update)
        self._update()
        self.resize(420, 320)

    def _update(self, *_: object) -> None:
        # Qt hands the StrEnum back as a plain str
        self.auswahl.setEnabled(IndivFeldTyp(self.typ.currentData()) is IndivFeldTyp.AUSWAHL)

    def daten(self) -> tuple[str, IndivFeldTyp, str, bool]:
        return (
            self.bezeichnung.text(),
            IndivFeldTyp(self.typ.currentData()),
            self.auswahl.toPlainText(),
            self.pflicht.isChecked(),
        )


class IndivFelderVerwaltenDialog(QDialog):
    """Administrators: create, edit, reorder and delete the field definitions of an entity."""

    def __init__(
        self, ctx: AppContext, entitaet: IndivEntitaet, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entitaet = entitaet
        self.setObjectName("indivFelderVerwaltenDialog")
        what = "Einheiten" if entitaet is IndivEntitaet.EINHEIT else "Bestandsverhältnisse"
        self.setWindowTitle(f"Indiv. Felder verwalten – {what}")
        self.model = DtoTableModel(FELD_COLUMNS, self)
        self.view = DtoTableView(self.model)
        self.view.setObjectName("indivFeldListe")
        self.view.setSortingEnabled(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.neu_button = QPushButton("&Neu …")
        self.bearbeiten_button = QPushButton("&Bearbeiten …")
        self.hoch_button = QPushButton("Nach &oben")
        self.runter_button = QPushButton("Nach &unten")
        self.loeschen_button = QPushButton("&Löschen")
        close = QPushButton("Schl&ießen")
        side = QVBoxLayout()
        for b in (
            self.neu_button,
            self.bearbeiten_button,
            self.hoch_button,
            self.runter_button,
            self.loeschen_button,
        ):
            side.addWidget(b)
        side.addStretch(1)
        side.addWidget(close)
        layout = QHBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(side)
        self.neu_button.clicked.connect(self.neu)
        self.bearbeiten_button.clicked.connect(self.bearbeiten)
        self.hoch_button.clicked.connect(lambda: self.verschieben(-1))
        self.runter_button.clicked.connect(lambda: self.verschieben(1))
        self.loeschen_button.clicked.connect(self.loeschen)
        close.clicked.connect(self.accept)
        self.view.row_activated.connect(lambda _row: self.bearbeiten())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.resize(760, 380)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        with self.ctx.db.sessions() as session:
            rows = svc.felder(session, self.entitaet)
        self.model.set_rows(rows)
        if select_id is not None:
            row = self.model.find_row(lambda f: f.id == select_id)
            if row >= 0:
                self.view.select_row(row)
        self._update_buttons()

    def current(self) -> svc.IndivFeldDto | None:
        rows = self.view.selected_rows()
        return rows[0] if rows else None

    def _update_buttons(self, *_: object) -> None:
        has = self.current() is not None
        for b in (
            self.bearbeiten_button,
            self.hoch_button,
            self.runter_button,
            self.loeschen_button,
        ):
            b.setEnabled(has)

    def _write(self, action: Any) -> Any:
        try:
            with self.ctx.db.sessions.begin() as session:
                return action(session)
        except OmError as exc:
            show_error(self, exc)
            return None

    def neu(self) -> None:
        dialog = IndivFeldDialog(None, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            bez, typ, auswahl, pflicht = dialog.daten()
            feld = self._write(
                lambda s, bez=bez, typ=typ, auswahl=auswahl, pflicht=pflicht: svc.feld_anlegen(
                    s, self.ctx.user, self.entitaet, bez, typ, auswahl, pflicht
                )
            )
            if feld is not None:
                self.reload(feld.id)
                return

    def bearbeiten(self) -> None:
        current = self.current()
        if current is None:
            return
        dialog = IndivFeldDialog(current, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            bez, typ, auswahl, pflicht = dialog.daten()
            feld = self._write(
                lambda s, bez=bez, typ=typ, auswahl=auswahl, pflicht=pflicht: svc.feld_bearbeiten(
                    s, self.ctx.user, current.id, bez, typ, auswahl, pflicht
                )
            )
            if feld is not None:
                self.reload(feld.id)
                return

    def verschieben(self, schritt: int) -> None:
        current = self.current()
        if current is None:
            return
        self._write(lambda s: svc.feld_verschieben(s, self.ctx.user, current.id, schritt))
        self.reload(current.id)

    def loeschen(self) -> None:
        current = self.current()
        if current is None:
            return
        with self.ctx.db.sessions() as session:
            count = svc.anzahl_werte(session, current.id)
        if count:
            text = (
                f"Für das Feld „{current.bezeichnung}“ sind {count} Werte erfasst.\n"
                "Beim Löschen gehen diese Werte verloren. Trotzdem löschen?"
            )
        else:
            text = f"Das Feld „{current.bezeichnung}“ löschen?"
        answer = QMessageBox.question(self, "Feld löschen", text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._write(
            lambda s: svc.feld_loeschen(s, self.ctx.user, current.id, auch_werte=bool(count))
        )
        self.reload()
