"""The Infogrid box and its dialogs, reusable for an Einheit or a Bestandsverhältnis.

:class:`InfogridWidget` ``(ctx, kontext, datensatz_id, parent=None)`` lists the
kinds configured for ``kontext`` (``InfoKontext.EINHEIT`` or
``InfoKontext.BESTANDSVERHAELTNIS``) with the number of records linked to the
record ``datensatz_id``; per line a "+" button creates a new record, a "→"
button opens the list (:class:`InfoListeDialog`) where each can be viewed,
edited or deleted. Right-click on a line hides it for the current user (or
shows hidden ones again). ``changed`` is emitted after a record was written.

:class:`InfogridEinstellungenDialog` is the administrators' dialog (kinds and
order per context), opened from Extras → Grundeinstellungen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import InfoArt, InfoKontext
from omclient.errors import OmError
from omclient.services import infogrid as svc
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

KONTEXT_TEXT = {
    InfoKontext.EINHEIT: "Einheit",
    InfoKontext.BESTANDSVERHAELTNIS: "Bestandsverhältnis",
}


def choose_veh(parent: QWidget, ctx: AppContext, einheit_id: int) -> tuple[bool, int | None]:
    """Ask which Sachbereich/VEH an Auftrag of the unit uses when that is ambiguous.

    Returns ``(ok, verrechnungseinheit_id)``; ``ok`` is False when the user cancelled.
    Without ambiguity nothing is asked and ``(True, None)`` is returned.
    """
    with ctx.db.sessions() as session:
        uneindeutig, optionen = svc.veh_optionen(session, einheit_id)
    if not uneindeutig:
        return True, None
    texts = [o.text for o in optionen]
    text, ok = QInputDialog.getItem(
        parent,
        "Sachbereich / Verrechnungseinheit wählen",
        "Die Einheit hat einen uneindeutigen Sachbereich.\n"
        "Welcher Sachbereich bzw. welche Verrechnungseinheit soll verwendet werden?",
        texts,
        0,
        False,
    )
    if not ok:
        return False, None
    return True, optionen[texts.index(text)].id


class InfoDatensatzDialog(QDialog):
    """Create or edit one Vertrag/Vermerk/Auftrag/Schlüssel (fields from ``svc.formular``)."""

    def __init__(
        self,
        ctx: AppContext,
        kontext: InfoKontext,
        datensatz_id: int,
        art: InfoArt,
        record_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kontext = kontext
        self.datensatz_id = datensatz_id
        self.art = art
        self.record_id = record_id
        self.saved: svc.InfoDatensatz | None = None
        singular = svc.SINGULAR[art]
        self.setWindowTitle(f"{singular} bearbeiten" if record_id else f"{singular} anlegen")
        self.setObjectName("infoDatensatzDialog")
        self.form = EntityForm.of(svc.formular(art), parent=self)
        if art is InfoArt.AUFTRAG:
            nummer = self.form.editor("nummer")
            assert isinstance(nummer, QLineEdit)
            nummer.setPlaceholderText("wird automatisch vergeben")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.form_layout())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Speichern")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        if record_id is not None:
            with ctx.db.sessions() as session:
                record = svc.lade(session, art, record_id)
            self.form.load(_Values(record.werte))
        else:
            defaults: dict[str, Any] = {}
            if art in (InfoArt.VERMERK, InfoArt.AUFTRAG):
                defaults["datum"] = ctx.clock.today()
            if art is InfoArt.AUFTRAG:
                defaults["status"] = "offen"
            if art is InfoArt.SCHLUESSEL:
                defaults["anzahl"] = 1
            self.form.load(_Values(defaults))

    def accept(self) -> None:
        try:
            values = self.form.values()
            veh_id = None
            if (
                self.record_id is None
                and self.art is InfoArt.AUFTRAG
                and self.kontext is InfoKontext.EINHEIT
            ):
                ok, veh_id = choose_veh(self, self.ctx, self.datensatz_id)
                if not ok:
                    return
            with self.ctx.db.sessions.begin() as session:
                if self.record_id is None:
                    self.saved = svc.anlegen(
                        session,
                        self.kontext,
                        self.datensatz_id,
                        self.art,
                        values,
                        self.ctx.clock.today(),
                        self.ctx.user.login,
                        veh_id,
                    )
                else:
                    self.saved = svc.bearbeiten(session, self.art, self.record_id, values)
        except OmError as exc:
            show_error(self, exc)
            return
        super().accept()


class _Values:
    """Attribute access over a dict, for ``EntityForm.load``."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


LIST_COLUMNS = (
    Column("datum", "Datum", width=90),
    Column("titel", "Bezeichnung", width=380),
)


class InfoListeDialog(QDialog):
    """The records of one kind linked to the record: view, edit, create, delete."""

    def __init__(
        self,
        ctx: AppContext,
        kontext: InfoKontext,
        datensatz_id: int,
        art: InfoArt,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kontext = kontext
        self.datensatz_id = datensatz_id
        self.art = art
        self.changed = False
        self.setObjectName("infoListeDialog")
        self.setWindowTitle(f"{art.value} der {KONTEXT_TEXT[kontext]}")
        self.model = DtoTableModel(LIST_COLUMNS, self)
        self.view = DtoTableView(self.model)
        self.view.setObjectName("infoListe")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.neu_button = QPushButton("&Neu")
        self.bearbeiten_button = QPushButton("&Bearbeiten")
        self.loeschen_button = QPushButton("&Löschen")
        close = QPushButton("Schl&ießen")
        side = QVBoxLayout()
        for b in (self.neu_button, self.bearbeiten_button, self.loeschen_button):
            side.addWidget(b)
        side.addStretch(1)
        side.addWidget(close)
        layout = QHBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(side)
        self.neu_button.clicked.connect(self.neu)
        self.bearbeiten_button.clicked.connect(self.bearbeiten)
        self.loeschen_button.clicked.connect(self.loeschen)
        close.clicked.connect(self.accept)
        self.view.row_activated.connect(lambda _row: self.bearbeiten())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.resize(640, 360)
        self.reload()

    def reload(self) -> None:
        with self.ctx.db.sessions() as session:
            rows = svc.liste(session, self.kontext, self.datensatz_id, self.art)
        self.model.set_rows(rows)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        has = bool(self.view.selected_rows())
        self.bearbeiten_button.setEnabled(has)
        self.loeschen_button.setEnabled(has)

    def neu(self) -> None:
        dialog = InfoDatensatzDialog(
            self.ctx, self.kontext, self.datensatz_id, self.art, None, self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self.reload()

    def bearbeiten(self) -> None:
        rows = self.view.selected_rows()
        if not rows:
            return
        dialog = InfoDatensatzDialog(
            self.ctx, self.kontext, self.datensatz_id, self.art, rows[0].id, self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self.reload()

    def loeschen(self) -> None:
        rows = self.view.selected_rows()
        if not rows:
            return
        answer = QMessageBox.question(
            self,
            f"{svc.SINGULAR[self.art]} löschen",
            f"„{rows[0].titel}“ wirklich löschen?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ctx.db.sessions.begin() as session:
                svc.loeschen(session, self.art, rows[0].id)
        except OmError as exc:
            show_error(self, exc)
            return
        self.changed = True
        self.reload()


class InfogridWidget(QWidget):
    """The Infogrid of one Einheit or Bestandsverhältnis (see module docstring).

    Each line has the object names ``info_<kind>`` (count label),
    ``neu_<kind>`` ("+") and ``liste_<kind>`` ("→") with ``<kind>`` the
    InfoArt name in lower case (``vertrag``, ``vermerk``, ``auftrag``, ``schluessel``).
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
        self.setObjectName("infogrid")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._background_menu)
        self.eintraege: list[svc.InfogridEintrag] = []
        self.reload()

    def reload(self) -> None:
        """Reload kinds and counts."""
        with self.ctx.db.sessions() as session:
            self.eintraege = svc.eintraege(
                session, self.kontext, self.datensatz_id, self.ctx.user.id
            )
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for row, eintrag in enumerate(self.eintraege):
            key = eintrag.art.name.lower()
            label = QLabel(eintrag.art.value)
            label.setObjectName(f"art_{key}")
            count = QLabel(str(eintrag.anzahl))
            count.setObjectName(f"info_{key}")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count.setMinimumWidth(28)
            neu = QToolButton()
            neu.setText("+")
            neu.setObjectName(f"neu_{key}")
            neu.setToolTip(f"{svc.SINGULAR[eintrag.art]} neu anlegen")
            liste = QToolButton()
            liste.setText("→")
            liste.setObjectName(f"liste_{key}")
            liste.setToolTip(f"Liste der {eintrag.art.value} öffnen")
            neu.clicked.connect(lambda _=False, art=eintrag.art: self.neu(art))
            liste.clicked.connect(lambda _=False, art=eintrag.art: self.liste(art))
            for widget in (label, count):
                widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                widget.customContextMenuRequested.connect(
                    lambda pos, art=eintrag.art, w=widget: self._line_menu(art, w.mapToGlobal(pos))
                )
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(count, row, 1)
            self.grid.addWidget(neu, row, 2)
            self.grid.addWidget(liste, row, 3)
        if not self.eintraege:
            empty = QLabel("Alle Einträge sind ausgeblendet (Rechtsklick: wieder einblenden).")
            empty.setWordWrap(True)
            empty.setObjectName("infogridLeer")
            self.grid.addWidget(empty, 0, 0, 1, 4)

    def anzahl(self, art: InfoArt) -> int | None:
        """The count shown for ``art`` (None when the line is not shown)."""
        for e in self.eintraege:
            if e.art is art:
                return e.anzahl
        return None

    def neu(self, art: InfoArt) -> None:
        dialog = InfoDatensatzDialog(self.ctx, self.kontext, self.datensatz_id, art, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.changed.emit()

    def liste(self, art: InfoArt) -> None:
        dialog = InfoListeDialog(self.ctx, self.kontext, self.datensatz_id, art, self)
        dialog.exec()
        if dialog.changed:
            self.reload()
            self.changed.emit()

    def ausblenden(self, art: InfoArt) -> None:
        """Hide the line ``art`` for the current user."""
        with self.ctx.db.sessions.begin() as session:
            svc.ausblenden(session, self.ctx.user.id, self.kontext, art, self.ctx.clock.now())
        self.reload()

    def alle_einblenden(self) -> None:
        with self.ctx.db.sessions.begin() as session:
            svc.einblenden(session, self.ctx.user.id, self.kontext)
        self.reload()

    def _line_menu(self, art: InfoArt, global_pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(f"„{art.value}“ ausblenden", lambda: self.ausblenden(art))
        menu.addAction("Ausgeblendete Einträge wieder einblenden", self.alle_einblenden)
        menu.exec(global_pos)

    def _background_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Ausgeblendete Einträge wieder einblenden", self.alle_einblenden)
        menu.exec(self.mapToGlobal(pos))


class InfogridEinstellungenDialog(QDialog):
    """Infogrid-Einstellungen (administrators): which kinds show per context, in which order."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Infogrid-Einstellungen")
        self.setObjectName("infogridEinstellungen")
        self.lists: dict[InfoKontext, QListWidget] = {}
        tabs = QTabWidget()
        for kontext in InfoKontext:
            page = QWidget()
            lay = QHBoxLayout(page)
            lst = QListWidget()
            lst.setObjectName(f"einstellungen_{kontext.name.lower()}")
            with ctx.db.sessions() as session:
                rows = svc.einstellungen(session, kontext)
            for r in rows:
                item = QListWidgetItem(r.art.value)
                item.setData(Qt.ItemDataRole.UserRole, r.art)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if r.sichtbar else Qt.CheckState.Unchecked)
                lst.addItem(item)
            lst.setCurrentRow(0)
            up = QPushButton("Nach &oben")
            down = QPushButton("Nach &unten")
            up.clicked.connect(lambda _=False, w=lst: _move(w, -1))
            down.clicked.connect(lambda _=False, w=lst: _move(w, 1))
            side = QVBoxLayout()
            side.addWidget(up)
            side.addWidget(down)
            side.addStretch(1)
            lay.addWidget(lst, 1)
            lay.addLayout(side)
            tabs.addTab(page, KONTEXT_TEXT[kontext])
            self.lists[kontext] = lst
        hint = QLabel(
            "Angehakte Einträge werden im Infogrid in dieser Reihenfolge angezeigt. "
            "Benutzer können einzelne Einträge zusätzlich per Rechtsklick ausblenden."
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Speichern")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.resize(420, 340)

    def accept(self) -> None:
        try:
            with self.ctx.db.sessions.begin() as session:
                for kontext, lst in self.lists.items():
                    order = []
                    for i in range(lst.count()):
                        item = lst.item(i)
                        order.append(
                            (
                                InfoArt(item.data(Qt.ItemDataRole.UserRole)),
                                item.checkState() == Qt.CheckState.Checked,
                            )
                        )
                    svc.einstellungen_speichern(session, self.ctx.user, kontext, order)
        except OmError as exc:
            show_error(self, exc)
            return
        super().accept()


def _move(lst: QListWidget, step: int) -> None:
    row = lst.currentRow()
    target = row + step
    if row < 0 or not 0 <= target < lst.count():
        return
    item = lst.takeItem(row)
    lst.insertItem(target, item)
    lst.setCurrentRow(target)


__all__ = [
    "InfoDatensatzDialog",
    "InfoListeDialog",
    "InfogridEinstellungenDialog",
    "InfogridWidget",
    "choose_veh",
]
