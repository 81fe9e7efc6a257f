"""Grundeinstellungen → Richtsätze: the interest rates of the Kaution and how it is computed.

Administrators add, change and delete Richtsätze (gültig ab, Zinssatz % p.a.,
Bemerkung) and set the KESt-Satz and the Zinstage-Methode; clerks see the same
dialog read-only. Every change is audited; the Änderungsprotokoll tab lists it.
The entry form opens window-modal (``open()``), errors stay inside it, and
nothing is saved unless the service accepted it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.errors import OmError, ValidationError
from omclient.services import kaution, richtsaetze
from omclient.services.kaution import KautionsEinstellungen, Zinsmethode, zinssatz_text
from omclient.services.richtsaetze import RichtsatzAenderungDto, RichtsatzDto
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm, Field
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView, date_text
from omclient.ui.context import AppContext

READ_ONLY_HINT = (
    "Die Richtsätze und die Berechnungseinstellungen können nur Administratoren ändern."
)


@dataclass(frozen=True)
class RichtsatzZeile:
    """A Richtsatz as listed: with the day it ends (the day before the next one)."""

    richtsatz: RichtsatzDto
    gueltig_bis: dt.date | None
    aktuell: bool

    @property
    def gueltig_ab(self) -> dt.date:
        return self.richtsatz.gueltig_ab

    @property
    def zinssatz(self) -> Decimal:
        return self.richtsatz.zinssatz

    @property
    def bemerkung(self) -> str | None:
        return self.richtsatz.bemerkung


def zeilen(rows: list[RichtsatzDto], today: dt.date) -> list[RichtsatzZeile]:
    """Rows (oldest first) with their end date and the one in force ``today`` marked."""
    ordered = sorted(rows, key=lambda r: r.gueltig_ab)
    result = []
    for i, row in enumerate(ordered):
        following = ordered[i + 1].gueltig_ab if i + 1 < len(ordered) else None
        bis = following - dt.timedelta(days=1) if following else None
        aktuell = row.gueltig_ab <= today and (following is None or today < following)
        result.append(RichtsatzZeile(row, bis, aktuell))
    return result


def _rate(value: Decimal | None) -> str:
    return "" if value is None else zinssatz_text(value)


RICHTSATZ_COLUMNS = (
    Column("gueltig_ab", "Gültig ab", text=date_text, width=95),
    Column("gueltig_bis", "Gültig bis", text=lambda v: date_text(v) or "laufend", width=95),
    Column("zinssatz", "Zinssatz p.a.", text=_rate, align="right", width=100),
    Column("aktuell", "", text=lambda v: "aktuell" if v else "", width=70),
    Column("bemerkung", "Bemerkung", width=260),
)

AENDERUNG_COLUMNS = (
    Column(
        "zeitpunkt",
        "Zeitpunkt",
        text=lambda v: f"{fmt.date(v)} {v:%H:%M}",
        width=125,
    ),
    Column("benutzer", "Benutzer", width=100),
    Column("aktion", "Aktion", width=80),
    Column("gueltig_ab", "Gültig ab", text=date_text, width=90),
    Column("zinssatz_alt", "Zinssatz alt", text=_rate, align="right", width=95),
    Column("zinssatz_neu", "Zinssatz neu", text=_rate, align="right", width=95),
    Column("bemerkung", "Bemerkung", width=200),
)

RICHTSATZ_FIELDS = [
    Field("gueltig_ab", "Gültig ab", kind="date"),
    Field("zinssatz", "Zinssatz (% p.a.)", kind="decimal", digits=3),
    Field("bemerkung", "Bemerkung"),
]


def _entry(values: dict[str, object]) -> tuple[dt.date | None, Decimal | None, str | None]:
    """Gültig ab, Zinssatz and Bemerkung of the form's parsed values."""
    datum, satz, text = (values.get(k) for k in ("gueltig_ab", "zinssatz", "bemerkung"))
    return (
        datum if isinstance(datum, dt.date) else None,
        satz if isinstance(satz, Decimal) else None,
        text if isinstance(text, str) else None,
    )


class RichtsatzEditor(QDialog):
    """Form for one Richtsatz. ``save(values)`` writes it; an OmError it raises is
    shown in the form, which stays open with the input kept."""

    def __init__(
        self,
        title: str,
        save: Callable[[dict[str, object]], object],
        current: RichtsatzDto | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("richtsatzEditor")
        self._save = save
        self.form = EntityForm(richtsaetze.MODELL, RICHTSATZ_FIELDS, self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.form_layout())
        if current is not None:
            self.form.load(current)
        self.fehler_label = QLabel()
        self.fehler_label.setObjectName("fehler")
        self.fehler_label.setWordWrap(True)
        self.fehler_label.setStyleSheet("color: #b00020;")
        self.fehler_label.hide()
        layout.addWidget(self.fehler_label)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("&Speichern", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton("&Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def editor(self, name: str) -> QWidget:
        return self.form.editor(name)

    def submit(self) -> None:
        """Validate and save; close only when the service accepted the entry."""
        try:
            self._save(self.form.values())
        except OmError as exc:
            problems = exc.problems if isinstance(exc, ValidationError) else [exc.message]
            self.fehler_label.setText("\n".join(problems))
            self.fehler_label.show()
            return
        self.accept()


class RichtsaetzeDialog(QDialog):
    """Grundeinstellungen → Richtsätze (editable by administrators)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editor: RichtsatzEditor | None = None
        self.setWindowTitle("Grundeinstellungen – Richtsätze")
        self.setObjectName("richtsaetzeDialog")
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_richtsaetze(), "&Richtsätze")
        self.tabs.addTab(self._build_protokoll(), "Änderungs&protokoll")
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox()
        buttons.addButton("S&chließen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()
        self.resize(760, 560)

    def _build_richtsaetze(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            "Zinssätze für die Verzinsung der Kautionen. Ein Satz gilt ab seinem Datum bis "
            "zum Tag vor dem nächsten; je Datum ist nur ein Satz möglich."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.hinweis_label = QLabel(READ_ONLY_HINT)
        self.hinweis_label.setObjectName("hinweis")
        self.hinweis_label.setVisible(not self.ctx.is_admin)
        self.hinweis_label.setStyleSheet("color: #8a5a00;")
        layout.addWidget(self.hinweis_label)

        self.model = DtoTableModel(RICHTSATZ_COLUMNS, self)
        self.table = DtoTableView(self.model)
        self.table.setObjectName("richtsaetze")
        self.table.setSelectionMode(DtoTableView.SelectionMode.SingleSelection)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.row_activated.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.neu_button = QPushButton("&Neu…")
        self.neu_button.clicked.connect(self.add_new)
        self.bearbeiten_button = QPushButton("&Bearbeiten…")
        self.bearbeiten_button.clicked.connect(self.edit_selected)
        self.loeschen_button = QPushButton("&Löschen")
        self.loeschen_button.clicked.connect(self.delete_selected)
        for button in (self.neu_button, self.bearbeiten_button, self.loeschen_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(self._build_berechnung())

        admin = self.ctx.is_admin
        for widget in (self.kest_edit, self.methode_combo, self.einstellungen_button):
            widget.setEnabled(admin)
        self.neu_button.setEnabled(admin)
        if not admin:
            for widget in (
                self.neu_button,
                self.bearbeiten_button,
                self.loeschen_button,
                self.einstellungen_button,
            ):
                widget.setToolTip(READ_ONLY_HINT)
        return page

    def _build_berechnung(self) -> QGroupBox:
        """KESt-Satz and Zinstage of the Kaution interest, with their own Speichern."""
        box = QGroupBox("Berechnung der Kautionszinsen")
        form = QFormLayout(box)
        self.kest_edit = QLineEdit()
        self.kest_edit.setObjectName("kest")
        self.kest_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.kest_edit.setMaximumWidth(90)
        kest_row = QHBoxLayout()
        kest_row.addWidget(self.kest_edit)
        kest_row.addWidget(QLabel("%"))
        kest_row.addStretch(1)
        kest_label = QLabel("&KESt-Satz:")
        kest_label.setBuddy(self.kest_edit)
        form.addRow(kest_label, kest_row)
        self.methode_combo = QComboBox()
        self.methode_combo.setObjectName("zinsmethode")
        for methode in Zinsmethode:
            self.methode_combo.addItem(methode.bezeichnung, methode.value)
        methode_label = QLabel("&Zinstage:")
        methode_label.setBuddy(self.methode_combo)
        form.addRow(methode_label, self.methode_combo)
        self.einstellungen_button = QPushButton("Einstellungen &speichern")
        self.einstellungen_button.setObjectName("einstellungenSpeichern")
        self.einstellungen_button.clicked.connect(self.save_settings)
        self.einstellungen_status = QLabel()
        self.einstellungen_status.setObjectName("einstellungenStatus")
        self.einstellungen_status.setWordWrap(True)
        save_row = QHBoxLayout()
        save_row.addWidget(self.einstellungen_button)
        save_row.addWidget(self.einstellungen_status, 1)
        form.addRow(save_row)
        return box

    def _build_protokoll(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.protokoll_model = DtoTableModel(AENDERUNG_COLUMNS, self)
        self.protokoll_table = DtoTableView(self.protokoll_model)
        self.protokoll_table.setObjectName("protokoll")
        layout.addWidget(self.protokoll_table)
        return page

    def reload(self) -> None:
        """Read Richtsätze, settings and the audit trail again."""
        today = self.ctx.clock.today()
        with self.ctx.db.sessions() as session:
            rows = richtsaetze.list_richtsaetze(session)
            trail: list[RichtsatzAenderungDto] = richtsaetze.list_aenderungen(session)
            einstellungen = kaution.load_settings(session)
        self.model.set_rows(zeilen(rows, today))
        self.protokoll_model.set_rows(trail)
        self.kest_edit.setText(fmt.number(einstellungen.kest_prozent, 2))
        self.methode_combo.setCurrentIndex(
            self.methode_combo.findData(einstellungen.zinsmethode.value)
        )
        self._update_buttons()

    def _selected(self) -> RichtsatzZeile | None:
        rows = self.table.selected_rows()
        return rows[0] if rows else None

    def _update_buttons(self, *_: object) -> None:
        editable = self.ctx.is_admin and self._selected() is not None
        self.bearbeiten_button.setEnabled(editable)
        self.loeschen_button.setEnabled(editable)

    def _select(self, gueltig_ab: dt.date) -> None:
        row = self.model.find_row(lambda z: z.gueltig_ab == gueltig_ab)
        if row >= 0:
            self.table.select_row(row)

    def add_new(self) -> None:
        """Open the form for a new Richtsatz (admins only)."""
        if not self.ctx.is_admin:
            return

        def save(values: dict[str, object]) -> None:
            saved = richtsaetze.add_richtsatz(
                self.ctx.db.sessions,
                self.ctx.user,
                *_entry(values),
                clock=self.ctx.clock,
            )
            self._after_save(saved.gueltig_ab)

        self._open_editor(RichtsatzEditor("Neuer Richtsatz", save, parent=self))

    def edit_selected(self) -> None:
        """Open the form for the selected Richtsatz (admins only)."""
        zeile = self._selected()
        if zeile is None or not self.ctx.is_admin:
            return
        current = zeile.richtsatz

        def save(values: dict[str, object]) -> None:
            saved = richtsaetze.update_richtsatz(
                self.ctx.db.sessions,
                self.ctx.user,
                current.id,
                *_entry(values),
                clock=self.ctx.clock,
            )
            self._after_save(saved.gueltig_ab)

        title = f"Richtsatz ab {fmt.date(current.gueltig_ab)} bearbeiten"
        self._open_editor(RichtsatzEditor(title, save, current, parent=self))

    def _open_editor(self, editor: RichtsatzEditor) -> None:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(self._editor_closed)
        self.editor = editor
        editor.open()

    def _editor_closed(self) -> None:
        self.editor = None

    def _after_save(self, gueltig_ab: dt.date) -> None:
        self.reload()
        self._select(gueltig_ab)

    def delete_selected(self) -> None:
        """Delete the selected Richtsatz after asking (admins only)."""
        zeile = self._selected()
        if zeile is None or not self.ctx.is_admin:
            return
        answer = QMessageBox.question(
            self,
            "Richtsatz löschen",
            f"Den Richtsatz ab {fmt.date(zeile.gueltig_ab)} ({zinssatz_text(zeile.zinssatz)}) "
            "löschen? Kautionen werden danach mit dem vorherigen Satz verzinst.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            richtsaetze.delete_richtsatz(
                self.ctx.db.sessions, self.ctx.user, zeile.richtsatz.id, clock=self.ctx.clock
            )
        except OmError as exc:
            show_error(self, exc)
        self.reload()

    def save_settings(self) -> None:
        """Store KESt-Satz and Zinstage-Methode (admins only); the outcome is shown inline."""
        try:
            kest = fmt.parse_decimal(self.kest_edit.text().replace("%", ""))
        except ValueError as exc:
            self._settings_status(f"KESt-Satz: {exc}", error=True)
            return
        try:
            saved = kaution.save_settings(
                self.ctx.db.sessions,
                self.ctx.user,
                KautionsEinstellungen(
                    kest_prozent=kest, zinsmethode=Zinsmethode(self.methode_combo.currentData())
                ),
                self.ctx.clock,
            )
        except OmError as exc:
            self._settings_status(exc.message, error=True)
            return
        self.kest_edit.setText(fmt.number(saved.kest_prozent, 2))
        self._settings_status(
            f"Gespeichert: KESt {kaution.prozent_text(saved.kest_prozent)}, "
            f"Zinstage {saved.zinsmethode.value}.",
            error=False,
        )

    def _settings_status(self, text: str, *, error: bool) -> None:
        self.einstellungen_status.setText(text)
        self.einstellungen_status.setStyleSheet("color: #b00020;" if error else "color: #1b6e2d;")
