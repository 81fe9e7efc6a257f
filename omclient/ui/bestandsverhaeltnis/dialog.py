"""Dialog Bestandsverhältnis (Miet-/Personenzuordnung).

Register Allgemein (Stammdaten, Bei Leerstehung, Infogrid, Sicherheitsleistungen
with an activation switch per kind), WBF-Prüfung, Zahlung, Funktionen,
Verkettung and Indiv Felder. Fields converted from d+ RW are greyed with
italic labels through :class:`~omclient.ui.common.forms.EntityForm` (the one mark on
the column). **Speichern** sends every Register in one transaction with the
optimistic version counter; a conflict is reported, nothing is overwritten,
the user's entries stay in the dialog and reloading is offered.

Footer: Aktionen (Drucken; for administrators Anlegen/Löschen), Berichte
(Kontoauszug, Kautionsabrechnung), Dokumente (DMS folder, Serienbrief
templates), Aktualisieren, FB-Stundung, Speichern, Schließen.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from omclient import formatting as fmt
from omclient.domain import (
    Bankgarantie,
    Bestandsverhaeltnis,
    Finanzierungsbeitrag,
    Kaution,
    Sparbuch,
    Vertrag,
    WbfPruefung,
    Zahlungsdaten,
)
from omclient.domain.enums import IndivEntitaet, InfoKontext, Zahlungsart
from omclient.errors import ConflictError, OmError, ValidationError
from omclient.reports.registry import ReportKontext
from omclient.services import bestandsverhaeltnis as svc
from omclient.services import indiv as indiv_svc
from omclient.services import sicherheiten as sich
from omclient.services import wbf as wbf_svc
from omclient.services import zahlung as zahlung_svc
from omclient.services.bankdaten import format_iban
from omclient.services.einheit import dms_root
from omclient.ui.berichte.preview import BerichteButton
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import RW_TOOLTIP, EntityForm, Field
from omclient.ui.common.table_model import (
    Column,
    DtoTableModel,
    DtoTableView,
    amount_text,
    date_text,
)
from omclient.ui.common.unsaved import may_close
from omclient.ui.einheit.funktionen import FunktionenWidget
from omclient.ui.einheit.indiv_felder import IndivFelderWidget
from omclient.ui.einheit.infogrid import InfogridWidget
from omclient.ui.einheit.verkettung import VerkettungWidget

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

log = logging.getLogger(__name__)

ADMIN_ONLY = "Nur für Administratoren: Bestandsverhältnisse werden normalerweise in d+ RW angelegt."
AUS_OBJEKT_HINWEIS = "vom Objekt übernommen (kein Bezugsdatum aus d+ RW)"

ALLGEMEIN_FIELDS = [
    Field("bv_nr", "Bestandsverhältnis-Nr."),
    Field("art", "Art"),
    Field("bestandsart", "Bestandsart"),
    Field("unterbestandsart", "Unterbestandsart", "choice"),
    Field("bezugsdatum", "Bezugsdatum", "date"),
    Field("auszugsdatum", "Auszugsdatum", "date"),
    Field("befristung_bis", "Befristung bis", "date"),
    Field("bemerkung", "Bemerkung", "multiline"),
    Field("leerstand_grund", "Grund", "choice"),
    Field("leerstand_kommentar", "Kommentar", "multiline"),
]

KAUTION_FIELDS = [
    Field("betrag", "Betrag", "money"),
    Field("einzahlungsdatum", "Einzahlungsdatum", "date"),
    Field("auszahlungsdatum", "Ausgezahlt am", "date"),
    Field("auszahlungsbetrag", "Ausgezahlter Betrag", "money"),
    Field("kontoinhaber", "Kontoinhaber"),
    Field("bank", "Bank"),
    Field("iban", "IBAN"),
    Field("bic", "BIC"),
]

FB_FIELDS = [
    Field("betrag", "Betrag", "money"),
    Field("datum", "Datum", "date"),
    Field("verwohnung_prozent_jahr", "Verwohnung % p.a.", "decimal"),
    Field("rueckzahlung_betrag", "Rückzahlung Betrag", "money"),
    Field("rueckzahlung_datum", "Rückzahlung am", "date"),
    Field("abtretung_an", "Abgetreten an"),
    Field("abtretung_datum", "Abtretung am", "date"),
    Field("abtretung_betrag", "Abgetretener Betrag", "money"),
]

BANKGARANTIE_FIELDS = [
    Field("bank", "Bank"),
    Field("nummer", "Garantie-Nr."),
    Field("betrag", "Betrag", "money"),
    Field("gueltig_bis", "Gültig bis", "date"),
]

SPARBUCH_FIELDS = [
    Field("bank", "Bank"),
    Field("nummer", "Sparbuch-Nr."),
    Field("betrag", "Betrag", "money"),
]

SONSTIGES_FIELDS = [
    Field("buergschaft_buerge", "Bürge"),
    Field("buergschaft_betrag", "Betrag", "money"),
    Field("vergebuehrung_datum", "Datum", "date"),
    Field("vergebuehrung_betrag", "Betrag", "money"),
]

WBF_FIELDS = [
    Field("datum", "Prüfdatum", "date"),
    Field("ergebnis", "Ergebnis", "choice", choices=tuple((e, e) for e in wbf_svc.ERGEBNISSE)),
    Field("haushaltsgroesse", "Haushaltsgröße (Personen)", "int"),
    Field("haushaltseinkommen", "Haushaltseinkommen (jährlich, netto)", "money"),
    Field("einkommensgrenze", "Einkommensgrenze", "money"),
    Field("naechste_pruefung", "Nächste Prüfung", "date"),
    Field("bemerkung", "Bemerkung", "multiline"),
]

ZAHLUNG_FIELDS = [
    Field(
        "zahlungsart",
        "Zahlungsart",
        "choice",
        choices=tuple((z.value, z.value) for z in Zahlungsart),
    ),
    Field("kontoinhaber", "Kontoinhaber"),
    Field("bank", "Bank"),
    Field("iban", "IBAN"),
    Field("bic", "BIC"),
    Field("mandatsreferenz", "Mandatsreferenz"),
    Field("mandatsdatum", "Mandatsdatum", "date"),
    Field("faelligkeitstag", "Fälligkeitstag (1–28)", "int"),
]

BANKGARANTIE_COLUMNS = (
    Column("bank", "Bank", width=190),
    Column("nummer", "Garantie-Nr.", width=110),
    Column("betrag", "Betrag €", text=amount_text, align="right", width=100),
    Column("gueltig_bis", "gültig bis", text=date_text, width=90),
)

WBF_COLUMNS = (
    Column("datum", "Prüfdatum", text=date_text, width=90),
    Column("ergebnis", "Ergebnis", width=170),
    Column("haushaltsgroesse", "Personen", align="right", width=70),
    Column("haushaltseinkommen", "Einkommen €", text=amount_text, align="right", width=110),
    Column("einkommensgrenze", "Grenze €", text=amount_text, align="right", width=100),
    Column(
        "ueber_grenze",
        "über Grenze",
        value=lambda r: {True: "ja", False: "nein", None: ""}[r.ueber_grenze],
        width=85,
    ),
    Column("naechste_pruefung", "nächste Prüfung", text=date_text, width=110),
)

#: The kinds of Sicherheitsleistungen: (switch attribute, tab title).
ARTEN = (
    ("kaution_aktiv", "Kaution"),
    ("finanzierungsbeitrag_aktiv", "Finanzierungsbeitrag"),
    ("bankgarantie_aktiv", "Bankgarantien"),
    ("sparbuch_aktiv", "Sparbuch"),
    ("sonstiges_aktiv", "Sonstiges"),
)


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class _Values:
    """Attribute access over a dict, for :meth:`EntityForm.load`."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


class RowDialog(QDialog):
    """Edit one row (a Bankgarantie, a WBF-Prüfung) through an EntityForm."""

    def __init__(
        self,
        title: str,
        model: type,
        fields: list[Field],
        values: object,
        required: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("rowDialog")
        self.required = required
        self.form = EntityForm(model, fields, self)
        self.form.load(values)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.form_layout())
        layout.addWidget(buttons)
        self.result_values: dict[str, Any] = {}

    def accept(self) -> None:
        try:
            values = self.form.values()
        except ValidationError as exc:
            show_error(self, exc)
            return
        missing = [self.form.fields[n].label for n in self.required if values.get(n) in (None, "")]
        if missing:
            show_error(self, ValidationError(f"Bitte füllen Sie aus: {', '.join(missing)}."))
            return
        self.result_values = values
        super().accept()


class ListEditor(QWidget):
    """A list of rows edited in memory (Hinzufügen/Bearbeiten/Entfernen), saved with the dialog."""

    def __init__(
        self,
        name: str,
        columns: tuple[Column, ...],
        edit: Callable[[Any], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._edit = edit
        self.loaded: tuple[Any, ...] = ()
        self.rows: list[Any] = []
        self.model = DtoTableModel(columns, self)
        self.view = DtoTableView(self.model)
        self.view.setObjectName(f"{name}Liste")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.neu_button = QPushButton("&Hinzufügen …")
        self.neu_button.setObjectName(f"{name}Neu")
        self.bearbeiten_button = QPushButton("&Bearbeiten …")
        self.bearbeiten_button.setObjectName(f"{name}Bearbeiten")
        self.entfernen_button = QPushButton("&Entfernen")
        self.entfernen_button.setObjectName(f"{name}Entfernen")
        side = QVBoxLayout()
        for b in (self.neu_button, self.bearbeiten_button, self.entfernen_button):
            side.addWidget(b)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(side)
        self.neu_button.clicked.connect(self.neu)
        self.bearbeiten_button.clicked.connect(self.bearbeiten)
        self.entfernen_button.clicked.connect(self.entfernen)
        self.view.row_activated.connect(lambda _row: self.bearbeiten())
        self.view.selectionModel().selectionChanged.connect(self.update_buttons)
        self.on_change: Callable[[], None] | None = None

    def load(self, rows: tuple[Any, ...]) -> None:
        self.loaded = tuple(rows)
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        self.update_buttons()

    def is_dirty(self) -> bool:
        return tuple(self.rows) != self.loaded

    def update_buttons(self, *_: object) -> None:
        selected = bool(self.view.selected_rows()) and self.isEnabled()
        self.bearbeiten_button.setEnabled(selected)
        self.entfernen_button.setEnabled(selected)

    def _changed(self) -> None:
        self.model.set_rows(self.rows)
        self.update_buttons()
        if self.on_change:
            self.on_change()

    def neu(self) -> None:
        row = self._edit(None)
        if row is not None:
            self.rows.append(row)
            self._changed()

    def bearbeiten(self) -> None:
        selected = self.view.selected_rows()
        if not selected:
            return
        old = selected[0]
        row = self._edit(old)
        if row is not None:
            self.rows[self.rows.index(old)] = row
            self._changed()

    def entfernen(self) -> None:
        selected = self.view.selected_rows()
        if selected:
            self.rows.remove(selected[0])
            self._changed()


class BestandsverhaeltnisDialog(QWidget):
    """The dialog of one Bestandsverhältnis (see module docstring)."""

    def __init__(self, ctx: AppContext, bv_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.bv_id = bv_id
        self.setObjectName("bvDialog")
        self.resize(1180, 860)
        self._loading = False
        self._deleted = False
        self._known_vertraege: set[int] = set()

        self.header = _bold(QLabel())
        self.header.setObjectName("bvHeader")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("bvRegister")
        self.tabs.addTab(self._build_allgemein(), "&Allgemein")
        self.tabs.addTab(self._build_wbf(), "&WBF-Prüfung")
        self.tabs.addTab(self._build_zahlung(), "&Zahlung")
        self.funktionen = FunktionenWidget(ctx, InfoKontext.BESTANDSVERHAELTNIS, bv_id)
        self.tabs.addTab(self.funktionen, "&Funktionen")
        self.verkettung = VerkettungWidget(ctx, InfoKontext.BESTANDSVERHAELTNIS, bv_id)
        self.tabs.addTab(self.verkettung, "&Verkettung")
        self.indiv = IndivFelderWidget(ctx, IndivEntitaet.BESTANDSVERHAELTNIS, bv_id)
        self.tabs.addTab(self.indiv, "&Indiv Felder")

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_footer())

        # Unique object names where several forms share field names (betrag, iban, …).
        for prefix, form in (
            ("kaution", self.kaution_form),
            ("fb", self.fb_form),
            ("sparbuch", self.sparbuch_form),
            ("zahlung", self.zahlung_form),
        ):
            for name in form.fields:
                form.editor(name).setObjectName(f"{prefix}_{name}")
                form.label(name).setObjectName(f"label_{prefix}_{name}")
        QShortcut(QKeySequence.StandardKey.Save, self, self.speichern)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.aktualisieren)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.speichern_button.setToolTip("Alle Register speichern (Strg+S)")
        self.aktualisieren_button.setToolTip("Den Datensatz neu laden (F5)")
        for form in self._forms():
            form.changed.connect(self._update_title)
        self.indiv.changed.connect(self._update_title)
        self.infogrid.changed.connect(self._infogrid_changed)
        self.load()

    # -- construction: Register Allgemein ---------------------------------------------
    def _build_allgemein(self) -> QWidget:
        self.form = EntityForm(Bestandsverhaeltnis, ALLGEMEIN_FIELDS, self)
        self.objekt_edit = self._display("objektAnzeige")
        self.einheit_edit = self._display("einheitAnzeige")
        self.person_edit = self._display("personAnzeige")
        self.objekt_label = QLabel("Objekt:")
        self.einheit_label = QLabel("Wohnungsnr.:")
        self.person_label = QLabel("Mieter:")
        self.person_label.setObjectName("personLabel")
        self.zur_person_button = QPushButton("Zur &Person")
        self.zur_person_button.setObjectName("zurPerson")
        self.zur_person_button.clicked.connect(self.zur_person)
        self.zur_einheit_button = QPushButton("Zur Ei&nheit")
        self.zur_einheit_button.setObjectName("zurEinheit")
        self.zur_einheit_button.clicked.connect(self.zur_einheit)
        self.bezug_hinweis = QLabel()
        self.bezug_hinweis.setObjectName("bezugsdatumHinweis")
        hint_font = self.bezug_hinweis.font()
        hint_font.setPointSizeF(hint_font.pointSizeF() * 0.9)
        self.bezug_hinweis.setFont(hint_font)

        daten = QGroupBox("Daten")
        grid = QFormLayout(daten)
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        grid.addRow(self.objekt_label, self.objekt_edit)
        einheit_row = QHBoxLayout()
        einheit_row.addWidget(self.einheit_edit, 1)
        einheit_row.addWidget(self.zur_einheit_button)
        grid.addRow(self.einheit_label, einheit_row)
        person_row = QHBoxLayout()
        person_row.addWidget(self.person_edit, 1)
        person_row.addWidget(self.zur_person_button)
        grid.addRow(self.person_label, person_row)
        for name in ("bv_nr", "art", "bestandsart", "unterbestandsart", "bezugsdatum"):
            grid.addRow(self.form.label(name), self.form.editor(name))
        grid.addRow("", self.bezug_hinweis)
        for name in ("auszugsdatum", "befristung_bis", "bemerkung"):
            grid.addRow(self.form.label(name), self.form.editor(name))
        self.form.editor("bemerkung").setMaximumHeight(70)

        leer = QGroupBox("Bei Leerstehung")
        leer.setObjectName("beiLeerstehung")
        leer_layout = self.form.form_layout(["leerstand_grund", "leerstand_kommentar"])
        self.form.editor("leerstand_kommentar").setMaximumHeight(70)
        leer.setLayout(leer_layout)

        info = QGroupBox("Info")
        self.infogrid = InfogridWidget(self.ctx, InfoKontext.BESTANDSVERHAELTNIS, self.bv_id)
        info_layout = QVBoxLayout(info)
        info_layout.addWidget(self.infogrid)
        info_layout.addStretch(1)

        right = QVBoxLayout()
        right.addWidget(info)
        right.addWidget(leer)
        right.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(daten, 3)
        top.addLayout(right, 2)

        page = QWidget()
        v = QVBoxLayout(page)
        v.addLayout(top)
        v.addWidget(self._build_sicherheiten(), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        return scroll

    def _display(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setReadOnly(True)
        edit.setEnabled(False)
        return edit

    def _build_sicherheiten(self) -> QGroupBox:
        box = QGroupBox("Sicherheitsleistungen")
        box.setObjectName("sicherheitsleistungen")
        self.sich_tabs = QTabWidget()
        self.sich_tabs.setObjectName("sicherheitenRegister")
        self.sich_pages: dict[str, QWidget] = {}
        self.switches: dict[str, QCheckBox] = {}

        # Kaution
        self.kaution_form = EntityForm(Kaution, KAUTION_FIELDS, self)
        self.auszahlung_button = QPushButton("Aus&zahlungsbetrag …")
        self.auszahlung_button.setObjectName("auszahlungsbetrag")
        self.auszahlung_button.setToolTip(
            "Auszahlungsbetrag zu einem Stichtag mit den Zinsen der Richtsätze berechnen"
        )
        self.auszahlung_button.clicked.connect(self.auszahlungsbetrag)
        kaution = QWidget()
        k = QGridLayout(kaution)
        left = self.kaution_form.form_layout(
            ["betrag", "einzahlungsdatum", "auszahlungsdatum", "auszahlungsbetrag"]
        )
        left.addRow("", self.auszahlung_button)
        konto = QGroupBox("Kautionskonto")
        konto.setLayout(self.kaution_form.form_layout(["kontoinhaber", "bank", "iban", "bic"]))
        k.addLayout(left, 0, 0)
        k.addWidget(konto, 0, 1)
        k.setColumnStretch(0, 1)
        k.setColumnStretch(1, 1)
        self._add_art("kaution_aktiv", "Kaution", kaution)

        # Finanzierungsbeitrag
        self.fb_form = EntityForm(Finanzierungsbeitrag, FB_FIELDS, self)
        fb = QWidget()
        f = QGridLayout(fb)
        f.addLayout(
            self.fb_form.form_layout(
                [
                    "betrag",
                    "datum",
                    "verwohnung_prozent_jahr",
                    "rueckzahlung_betrag",
                    "rueckzahlung_datum",
                ]
            ),
            0,
            0,
        )
        abtretung = QGroupBox("Forderungsabtretung")
        abtretung.setObjectName("forderungsabtretung")
        abtretung.setLayout(
            self.fb_form.form_layout(["abtretung_an", "abtretung_datum", "abtretung_betrag"])
        )
        f.addWidget(abtretung, 0, 1)
        f.setColumnStretch(0, 1)
        f.setColumnStretch(1, 1)
        self._add_art("finanzierungsbeitrag_aktiv", "Finanzierungsbeitrag", fb)

        # Bankgarantien
        self.bankgarantien = ListEditor(
            "bankgarantien", BANKGARANTIE_COLUMNS, self._edit_bankgarantie
        )
        self.bankgarantien.on_change = self._update_title
        self._add_art("bankgarantie_aktiv", "Bankgarantien", self.bankgarantien)

        # Sparbuch
        self.sparbuch_form = EntityForm(Sparbuch, SPARBUCH_FIELDS, self)
        self.losungswort_edit = QLineEdit()
        self.losungswort_edit.setObjectName("losungswort")
        self.losungswort_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.losungswort_edit.setPlaceholderText("neues Losungswort eingeben")
        self.losungswort_edit.textChanged.connect(self._update_title)
        self.losungswort_status = QLabel()
        self.losungswort_status.setObjectName("losungswortStatus")
        self.losungswort_status.setWordWrap(True)
        self.losungswort_anzeigen = QPushButton("An&zeigen")
        self.losungswort_anzeigen.setObjectName("losungswortAnzeigen")
        self.losungswort_anzeigen.clicked.connect(self.losungswort_zeigen)
        self.losungswort_entfernen = QCheckBox("Losungswort entfernen")
        self.losungswort_entfernen.setObjectName("losungswortEntfernen")
        self.losungswort_entfernen.toggled.connect(self._update_title)
        sparbuch = QWidget()
        s = QGridLayout(sparbuch)
        s.addLayout(self.sparbuch_form.form_layout(), 0, 0)
        lw = QGroupBox("Losungswort (nur im Schlüsselbund des Betriebssystems)")
        lw_layout = QFormLayout(lw)
        lw_row = QHBoxLayout()
        lw_row.addWidget(self.losungswort_edit, 1)
        lw_row.addWidget(self.losungswort_anzeigen)
        lw_layout.addRow("Losungswort:", lw_row)
        lw_layout.addRow("", self.losungswort_entfernen)
        lw_layout.addRow(self.losungswort_status)
        s.addWidget(lw, 0, 1)
        s.setColumnStretch(0, 1)
        s.setColumnStretch(1, 1)
        self._add_art("sparbuch_aktiv", "Sparbuch", sparbuch)

        # Sonstiges
        self.sonstiges_form = EntityForm(Bestandsverhaeltnis, SONSTIGES_FIELDS, self)
        sonstiges = QWidget()
        o = QHBoxLayout(sonstiges)
        buergschaft = QGroupBox("Bürgschaft")
        buergschaft.setLayout(
            self.sonstiges_form.form_layout(["buergschaft_buerge", "buergschaft_betrag"])
        )
        vergebuehrung = QGroupBox("Vergebührung")
        vergebuehrung.setLayout(
            self.sonstiges_form.form_layout(["vergebuehrung_datum", "vergebuehrung_betrag"])
        )
        o.addWidget(buergschaft)
        o.addWidget(vergebuehrung)
        self._add_art("sonstiges_aktiv", "Sonstiges", sonstiges)

        switches = QGroupBox("Aktiviert")
        switches.setObjectName("aktivierung")
        sv = QVBoxLayout(switches)
        for attr, _title in ARTEN:
            sv.addWidget(self.switches[attr])
        sv.addStretch(1)
        layout = QHBoxLayout(box)
        layout.addWidget(self.sich_tabs, 1)
        layout.addWidget(switches)
        return box

    def _add_art(self, attr: str, title: str, page: QWidget) -> None:
        page.setObjectName(f"seite_{attr}")
        self.sich_pages[attr] = page
        index = self.sich_tabs.addTab(page, title)
        switch = QCheckBox(title)
        switch.setObjectName(attr)
        switch.setToolTip(f"{title} aktivieren, um die Felder befüllen zu können")
        switch.toggled.connect(lambda on, a=attr, i=index: self._switch_toggled(a, i, on))
        self.switches[attr] = switch

    def _switch_toggled(self, attr: str, index: int, on: bool) -> None:
        self._enable_page(attr, on)
        if attr == "bankgarantie_aktiv":
            self.bankgarantien.update_buttons()
        if attr == "sparbuch_aktiv":
            self._update_losungswort()
        if on and not self._loading:
            self.sich_tabs.setCurrentIndex(index)
        self._update_title()

    def _enable_page(self, attr: str, on: bool) -> None:
        page = self.sich_pages[attr]
        page.setEnabled(on)
        title = self.switches[attr].text()
        page.setToolTip("" if on else f"Zum Befüllen rechts „{title}“ aktivieren.")

    # -- construction: other Register -----------------------------------------------
    def _build_wbf(self) -> QWidget:
        page = QWidget()
        self.wbf_hinweis = QLabel()
        self.wbf_hinweis.setObjectName("wbfHinweis")
        self.wbf = ListEditor("wbf", WBF_COLUMNS, self._edit_wbf)
        self.wbf.on_change = self._wbf_changed
        layout = QVBoxLayout(page)
        layout.addWidget(self.wbf_hinweis)
        layout.addWidget(self.wbf, 1)
        return page

    def _build_zahlung(self) -> QWidget:
        self.zahlung_form = EntityForm(Zahlungsdaten, ZAHLUNG_FIELDS, self)
        page = QWidget()
        konto = QGroupBox("Konto")
        konto.setLayout(self.zahlung_form.form_layout(["kontoinhaber", "bank", "iban", "bic"]))
        mandat = QGroupBox("SEPA-Lastschriftmandat")
        mandat.setObjectName("sepaMandat")
        mandat.setLayout(self.zahlung_form.form_layout(["mandatsreferenz", "mandatsdatum"]))
        self.mandat_box = mandat
        art = self.zahlung_form.form_layout(["zahlungsart", "faelligkeitstag"])
        art.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.zahlung_form.editor("zahlungsart").setMinimumWidth(220)
        self.zahlung_form.editor("faelligkeitstag").setMaximumWidth(80)
        hinweis = QLabel("Die Zahlungsdaten erscheinen auch im Bericht Kontoauszug.")
        hinweis.setObjectName("zahlungHinweis")
        layout = QVBoxLayout(page)
        layout.addLayout(art)
        row = QHBoxLayout()
        row.addWidget(konto, 1)
        row.addWidget(mandat, 1)
        layout.addLayout(row)
        layout.addWidget(hinweis)
        layout.addStretch(1)
        combo = self.zahlung_form.editor("zahlungsart")
        assert isinstance(combo, QComboBox)
        combo.setItemText(0, "(keine Zahlungsdaten)")
        combo.currentIndexChanged.connect(self._zahlungsart_changed)
        return page

    def _build_footer(self) -> QHBoxLayout:
        self.aktionen_button = QPushButton("Akti&onen")
        self.aktionen_button.setObjectName("aktionen")
        aktionen = QMenu(self.aktionen_button)
        self.drucken_action = aktionen.addAction("&Drucken …", self.drucken)
        self.drucken_action.setObjectName("drucken")
        aktionen.addSeparator()
        self.anlegen_action = aktionen.addAction(
            "Neues Bestandsverhältnis für diese Einheit …", self.anlegen
        )
        self.anlegen_action.setObjectName("bvAnlegen")
        self.loeschen_action = aktionen.addAction("Bestandsverhältnis löschen …", self.loeschen)
        self.loeschen_action.setObjectName("bvLoeschen")
        for action in (self.anlegen_action, self.loeschen_action):
            action.setEnabled(self.ctx.is_admin)
            if not self.ctx.is_admin:
                action.setToolTip(ADMIN_ONLY)
        aktionen.setToolTipsVisible(True)
        self.aktionen_button.setMenu(aktionen)

        self.berichte_button = BerichteButton(
            self.ctx.db.sessions,
            ReportKontext.BESTANDSVERHAELTNIS,
            lambda: (self.dto.einheit_id, self.bv_id),
            self.ctx.clock,
            self,
        )
        self.berichte_button.setObjectName("berichte")

        self.dokumente_button = QPushButton("&Dokumente")
        self.dokumente_button.setObjectName("dokumente")
        self.dokumente_menu = QMenu(self.dokumente_button)
        self.dokumente_menu.aboutToShow.connect(self._fill_dokumente)
        self.dokumente_button.setMenu(self.dokumente_menu)

        self.aktualisieren_button = QPushButton("Ak&tualisieren")
        self.aktualisieren_button.setObjectName("aktualisieren")
        self.aktualisieren_button.clicked.connect(self.aktualisieren)
        self.fb_stundung_button = QPushButton("FB-Stund&ung …")
        self.fb_stundung_button.setObjectName("fbStundung")
        self.fb_stundung_button.clicked.connect(self.fb_stundung)
        self.speichern_button = QPushButton("&Speichern")
        self.speichern_button.setObjectName("speichern")
        self.speichern_button.setDefault(True)
        self.speichern_button.clicked.connect(self.speichern)
        self.schliessen_button = QPushButton("S&chließen")
        self.schliessen_button.setObjectName("schliessen")
        self.schliessen_button.clicked.connect(self.close)

        footer = QHBoxLayout()
        for b in (
            self.aktionen_button,
            self.berichte_button,
            self.dokumente_button,
            self.aktualisieren_button,
            self.fb_stundung_button,
        ):
            footer.addWidget(b)
        footer.addStretch(1)
        footer.addWidget(self.speichern_button)
        footer.addWidget(self.schliessen_button)
        return footer

    def _forms(self) -> list[EntityForm]:
        return [
            self.form,
            self.kaution_form,
            self.fb_form,
            self.sparbuch_form,
            self.sonstiges_form,
            self.zahlung_form,
        ]

    # -- loading --------------------------------------------------------------------
    def load(self) -> None:
        """(Re)load every Register from the database; unsaved entries are discarded."""
        with self.ctx.db.sessions() as session:
            self.dto = svc.load_bestandsverhaeltnis(session, self.bv_id)
            self.sicherheiten = sich.load_sicherheiten(session, self.bv_id)
            self.zahlung = zahlung_svc.load_zahlung(session, self.bv_id)
            self.wbf_rows = wbf_svc.load_wbf(session, self.bv_id)
            gruende = svc.leerstandsgruende(session)
            unterarten = svc.unterbestandsarten(session, self.dto.bestandsart)
            self._known_vertraege = set(
                session.scalars(
                    select(Vertrag.id).where(Vertrag.bestandsverhaeltnis_id == self.bv_id)
                )
            )
        d = self.dto
        self._loading = True
        try:
            self.form.set_choices("leerstand_grund", [(g, g) for g in gruende])
            self.form.set_choices("unterbestandsart", [(u, u) for u in unterarten])
            self.form.load(_Values({**d.model_dump(), "bezugsdatum": d.bezugsdatum_wirksam}))
            self.form.set_row_visible(
                "unterbestandsart", bool(unterarten) or bool(d.unterbestandsart)
            )
            self.objekt_edit.setText(f"{d.objekt_nr} {d.objekt_bezeichnung}")
            self.einheit_edit.setText(d.einheit_nr + (f" / Top {d.top_nr}" if d.top_nr else ""))
            self.person_edit.setText(d.person_name or "(kein Bestandnehmer)")
            self.person_label.setText(f"{d.bestandnehmer_bezeichnung}:")
            for label, column in (
                (self.objekt_label, "einheit_id"),
                (self.einheit_label, "einheit_id"),
                (self.person_label, "person_id"),
            ):
                self._mark(label, d.ist_rw(column))
            self.zur_person_button.setEnabled(d.person_id is not None)
            self.bezug_hinweis.setText(AUS_OBJEKT_HINWEIS if d.bezugsdatum_aus_objekt else "")
            self.bezug_hinweis.setVisible(d.bezugsdatum_aus_objekt)

            s = self.sicherheiten
            self.kaution_form.load(
                s.kaution.model_copy(update={"iban": format_iban(s.kaution.iban)})
            )
            self.fb_form.load(s.finanzierungsbeitrag)
            self.bankgarantien.load(s.bankgarantien)
            self.sparbuch_form.load(s.sparbuch)
            self.sonstiges_form.load(s.sonstiges)
            self.losungswort_edit.clear()
            self.losungswort_entfernen.setChecked(False)
            for attr, _title in ARTEN:
                self.switches[attr].setChecked(getattr(s, attr))
                self._enable_page(attr, getattr(s, attr))
            self._update_losungswort()

            self.zahlung_form.load(
                self.zahlung.model_copy(update={"iban": format_iban(self.zahlung.iban)})
            )
            self._zahlungsart_changed()
            self.wbf.load(self.wbf_rows)
            self._wbf_hinweis()
        finally:
            self._loading = False
        self._update_title()

    @staticmethod
    def _mark(label: QLabel, rw: bool) -> None:
        font: QFont = label.font()
        font.setItalic(rw)
        label.setFont(font)
        label.setToolTip(RW_TOOLTIP if rw else "")

    def _update_losungswort(self) -> None:
        s = self.sicherheiten
        aktiv = self.switches["sparbuch_aktiv"].isChecked()
        if not s.keyring_verfuegbar:
            self.losungswort_status.setText(sich.NO_KEYRING_MESSAGE)
        elif s.sparbuch.losungswort_hinterlegt:
            self.losungswort_status.setText("Ein Losungswort ist im Schlüsselbund hinterlegt.")
        else:
            self.losungswort_status.setText("Es ist kein Losungswort hinterlegt.")
        self.losungswort_edit.setEnabled(aktiv and s.keyring_verfuegbar)
        hinterlegt = s.sparbuch.losungswort_hinterlegt and s.keyring_verfuegbar
        self.losungswort_anzeigen.setEnabled(hinterlegt)
        self.losungswort_entfernen.setEnabled(aktiv and hinterlegt)

    def _zahlungsart_changed(self, *_: object) -> None:
        art = self.zahlung_form.editor("zahlungsart")
        assert isinstance(art, QComboBox)
        sepa = art.currentData() == Zahlungsart.SEPA_LASTSCHRIFT.value
        self.mandat_box.setEnabled(sepa)
        self.mandat_box.setToolTip("" if sepa else "Nur bei SEPA-Lastschrift")

    def _wbf_hinweis(self) -> None:
        rows = tuple(sorted(self.wbf.rows, key=lambda r: r.datum, reverse=True))
        naechste = wbf_svc.naechste_faellige(rows)
        if naechste is None:
            self.wbf_hinweis.setText("Keine WBF-Prüfung erfasst.")
        else:
            ueberfaellig = naechste < self.ctx.clock.today()
            self.wbf_hinweis.setText(
                f"Nächste Prüfung: {fmt.date(naechste)}"
                + (" – überfällig!" if ueberfaellig else "")
            )

    def _wbf_changed(self) -> None:
        self._wbf_hinweis()
        self._update_title()

    # -- state ----------------------------------------------------------------------
    def _switches_dirty(self) -> bool:
        return any(
            self.switches[attr].isChecked() != getattr(self.sicherheiten, attr)
            for attr, _title in ARTEN
        )

    def is_dirty(self) -> bool:
        """True when anything in the dialog differs from what was loaded."""
        return (
            any(form.is_dirty() for form in self._forms())
            or self._switches_dirty()
            or self.bankgarantien.is_dirty()
            or self.wbf.is_dirty()
            or bool(self.losungswort_edit.text())
            or self.losungswort_entfernen.isChecked()
            or self.indiv.is_dirty()
        )

    def _update_title(self, *_: object) -> None:
        if self._loading:
            return
        title = self.dto.titel
        d = self.dto
        today = self.ctx.clock.today()
        if d.ist_aktiv_am(today):
            status = "aktiv"
        elif d.auszugsdatum is not None and d.auszugsdatum < today:
            status = f"ausgezogen am {fmt.date(d.auszugsdatum)}"
        else:
            status = "inaktiv"
        self.header.setText(
            f"{d.objekt_nr} {d.objekt_bezeichnung} · Einheit {d.einheit_nr}"
            f"{' / Top ' + d.top_nr if d.top_nr else ''} · "
            f"{d.bestandnehmer_bezeichnung}: {d.person_name or '–'} · {status}"
        )
        self.setWindowTitle(("* " if self.is_dirty() else "") + title)

    # -- collecting the entries -----------------------------------------------------------
    def _allgemein(self) -> dict[str, Any]:
        values = {
            k: v
            for k, v in self.form.values(only_changed=True).items()
            if k in svc.ALLGEMEIN_FELDER
        }
        # The Objekt's Bezugsdatum is only shown; it is not stored on the BV.
        if (
            self.dto.bezugsdatum is None
            and values.get("bezugsdatum") == self.dto.bezugsdatum_objekt
        ):
            values["bezugsdatum"] = None
        return values

    def _sicherheiten_input(self) -> sich.SicherheitenInput | None:
        """The switches and the data of every kind the user changed (others stay untouched,
        so stored data is not re-validated when the clerk edits something else)."""
        problems: list[str] = []

        def changed(form: EntityForm, what: str) -> dict[str, Any] | None:
            if not form.is_dirty():
                return None
            try:
                return form.values()
            except ValidationError as exc:
                problems.extend(f"{what}: {p}" for p in exc.problems)
                return None

        kaution = changed(self.kaution_form, "Kaution")
        fb = changed(self.fb_form, "Finanzierungsbeitrag")
        sonstiges = changed(self.sonstiges_form, "Sonstiges")
        secret = self.losungswort_edit.text()
        sparbuch_dirty = (
            self.sparbuch_form.is_dirty() or bool(secret) or self.losungswort_entfernen.isChecked()
        )
        sparbuch: dict[str, Any] | None = None
        if sparbuch_dirty:
            try:
                sparbuch = self.sparbuch_form.values()
            except ValidationError as exc:
                problems.extend(f"Sparbuch: {p}" for p in exc.problems)
        if problems:
            raise ValidationError(problems[0], problems)
        garantien = self.bankgarantien.is_dirty()
        if not (self._switches_dirty() or garantien or sparbuch_dirty) and (
            kaution is None and fb is None and sonstiges is None
        ):
            return None
        return sich.SicherheitenInput(
            **{attr: self.switches[attr].isChecked() for attr, _title in ARTEN},
            kaution=sich.KautionDto(**kaution) if kaution is not None else None,
            finanzierungsbeitrag=sich.FinanzierungsbeitragDto(**fb) if fb is not None else None,
            bankgarantien=tuple(self.bankgarantien.rows) if garantien else None,
            sparbuch=sich.SparbuchInput(
                **sparbuch,
                losungswort=SecretStr(secret) if secret else None,
                losungswort_entfernen=self.losungswort_entfernen.isChecked(),
            )
            if sparbuch is not None
            else None,
            sonstiges=sich.SonstigesDto(**sonstiges) if sonstiges is not None else None,
        )

    def _zahlung_input(self) -> zahlung_svc.ZahlungInput | None:
        if not self.zahlung_form.is_dirty():
            return None
        return zahlung_svc.ZahlungInput(**self.zahlung_form.values())

    # -- actions --------------------------------------------------------------------
    def speichern(self) -> bool:
        """Save every Register in one transaction; True when saved (or nothing to save)."""
        if not self.is_dirty():
            return True
        try:
            problems: list[str] = []
            parts: dict[str, Any] = {}
            for key, collect in (
                ("allgemein", self._allgemein),
                ("sicherheiten_input", self._sicherheiten_input),
                ("zahlung_input", self._zahlung_input),
            ):
                try:
                    parts[key] = collect()
                except ValidationError as exc:
                    problems.extend(exc.problems)
            if problems:
                raise ValidationError(
                    problems[0] if len(problems) == 1 else "Bitte korrigieren Sie diese Eingaben.",
                    problems,
                )
            indiv_values = self.indiv.values() if self.indiv.is_dirty() else None
            weitere = []
            if indiv_values is not None:
                weitere.append(
                    lambda session: indiv_svc.werte_speichern(
                        session, IndivEntitaet.BESTANDSVERHAELTNIS, self.bv_id, indiv_values
                    )
                )
            svc.save(
                self.ctx.db.sessions,
                self.bv_id,
                self.dto.version,
                today=self.ctx.clock.today(),
                wbf_pruefungen=tuple(self.wbf.rows) if self.wbf.is_dirty() else None,
                weitere=weitere,
                **parts,
            )
        except ConflictError as exc:
            self._conflict(exc)
            return False
        except OmError as exc:
            show_error(self, exc)
            return False
        self.indiv.refresh()
        self.load()
        return True

    def _conflict(self, exc: ConflictError) -> None:
        answer = QMessageBox.question(
            self,
            exc.title,
            exc.message
            + "\n\nJetzt neu laden? Ihre Eingaben in diesem Fenster gehen dabei verloren. "
            "Mit „Nein“ bleiben sie zum Abschreiben stehen.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.aktualisieren(ask=False)

    def aktualisieren(self, ask: bool = True) -> None:
        """Reload the record (asks first when there are unsaved entries)."""
        if ask and self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Aktualisieren",
                "Es gibt ungespeicherte Änderungen. Trotzdem neu laden und sie verwerfen?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.indiv.refresh()
        self.infogrid.refresh()
        self.funktionen.refresh()
        self.verkettung.refresh()
        self.load()

    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            not self._deleted
            and self.is_dirty()
            and not may_close(
                self, "Das Bestandsverhältnis wurde geändert. Änderungen speichern?", self.speichern
            )
        ):
            event.ignore()
            return
        event.accept()

    def zur_person(self) -> None:
        if self.dto.person_id is not None:
            self.ctx.navigator.open_person(self.dto.person_id)

    def zur_einheit(self) -> None:
        self.ctx.navigator.open_einheit(self.dto.einheit_id)

    def _edit_bankgarantie(self, row: sich.BankgarantieDto | None) -> sich.BankgarantieDto | None:
        dialog = RowDialog(
            "Bankgarantie",
            Bankgarantie,
            BANKGARANTIE_FIELDS,
            row or _Values({f.name: None for f in BANKGARANTIE_FIELDS}),
            ("bank", "betrag"),
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return sich.BankgarantieDto(id=row.id if row else None, **dialog.result_values)

    def _edit_wbf(self, row: wbf_svc.WbfPruefungDto | None) -> wbf_svc.WbfPruefungDto | None:
        initial = row or _Values(
            {**{f.name: None for f in WBF_FIELDS}, "datum": self.ctx.clock.today()}
        )
        dialog = RowDialog("WBF-Prüfung", WbfPruefung, WBF_FIELDS, initial, ("datum",), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return wbf_svc.WbfPruefungDto(id=row.id if row else None, **dialog.result_values)

    def _infogrid_changed(self) -> None:
        """After a new Vertrag: offer its Vertragsende as Befristung (when not RW-owned)."""
        with self.ctx.db.sessions() as session:
            ids = set(
                session.scalars(
                    select(Vertrag.id).where(Vertrag.bestandsverhaeltnis_id == self.bv_id)
                )
            )
            neue = sorted(ids - self._known_vertraege)
            angebote = [
                (vid, ende)
                for vid in neue
                if (ende := svc.kann_befristung_uebernehmen(session, self.bv_id, vid)) is not None
            ]
        self._known_vertraege = ids
        if not angebote or self.dto.ist_rw("befristung_bis"):
            return
        vertrag_id, ende = angebote[-1]
        answer = QMessageBox.question(
            self,
            "Befristung übernehmen",
            f"Der neue Vertrag endet am {fmt.date(ende)}. Soll dieses Vertragsende als "
            "Befristung des Bestandsverhältnisses übernommen werden?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.form.is_dirty():
            # Keep the clerk's other entries: set the field, save with Speichern.
            editor = self.form.editor("befristung_bis")
            assert isinstance(editor, QLineEdit)
            editor.setText(fmt.date(ende))
            return
        try:
            svc.befristung_aus_vertrag(
                self.ctx.db.sessions, self.bv_id, vertrag_id, self.dto.version
            )
        except ConflictError as exc:
            self._conflict(exc)
            return
        except OmError as exc:
            show_error(self, exc)
            return
        # The Allgemein form held no entries; other Registers keep theirs.
        with self.ctx.db.sessions() as session:
            self.dto = svc.load_bestandsverhaeltnis(session, self.bv_id)
        self._loading = True
        try:
            self.form.load(
                _Values({**self.dto.model_dump(), "bezugsdatum": self.dto.bezugsdatum_wirksam})
            )
        finally:
            self._loading = False
        self._update_title()

    def auszahlungsbetrag(self) -> None:
        """The Kaution's payout at a Stichtag (the dialog of the Kaution feature)."""
        try:
            values = self.kaution_form.values()
        except ValidationError as exc:
            show_error(self, exc)
            return
        betrag: Decimal | None = values.get("betrag")
        eingezahlt: dt.date | None = values.get("einzahlungsdatum")
        if betrag is None or eingezahlt is None:
            show_error(
                self,
                ValidationError(
                    "Bitte erfassen Sie zuerst Betrag und Einzahlungsdatum der Kaution."
                ),
            )
            return
        from omclient.ui.bestandsverhaeltnis.kaution import KautionDialog

        dialog = KautionDialog(
            self.ctx,
            bv_id=self.bv_id,
            betrag=betrag,
            einzahlungsdatum=eingezahlt,
            offer_apply=True,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._auszahlung_uebernehmen(dialog))
        self.kaution_dialog = dialog
        dialog.open()

    def _auszahlung_uebernehmen(self, dialog: Any) -> None:
        """Übernehmen: Stichtag and Auszahlungsbetrag into the Kaution (saved with Speichern)."""
        result = dialog.aufstellung
        if result is None:
            return
        for name, value in (
            ("auszahlungsdatum", fmt.date(dialog.stichtag)),
            ("auszahlungsbetrag", fmt.money(result.auszahlungsbetrag)),
        ):
            editor = self.kaution_form.editor(name)
            assert isinstance(editor, QLineEdit)
            editor.setText(value)

    def losungswort_zeigen(self) -> None:
        try:
            with self.ctx.db.sessions() as session:
                wort = sich.sparbuch_losungswort(session, self.bv_id)
        except OmError as exc:
            show_error(self, exc)
            return
        QMessageBox.information(
            self,
            "Losungswort",
            f"Losungswort des Sparbuchs: {wort}" if wort else "Es ist kein Losungswort hinterlegt.",
        )

    def fb_stundung(self) -> None:
        from omclient.ui.bestandsverhaeltnis.fb_stundung import FbStundungDialog

        dialog = FbStundungDialog(self.ctx, self.bv_id, self)
        self.fb_stundung_dialog = dialog
        dialog.open()

    def drucken(self) -> None:
        """The dialog's data as a printable PDF (report layer), in the print preview.

        Prints what is saved: unsaved entries are pointed out first.
        """
        from omclient.reports import bv_druck
        from omclient.ui.berichte.preview import ReportPreviewDialog

        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Drucken",
                "Gedruckt wird der gespeicherte Stand. Zuerst speichern?",
                QMessageBox.StandardButton.Yes
                | QMessageBox.StandardButton.No
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Yes,
            )
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Yes and not self.speichern()
            ):
                return
        try:
            with self.ctx.db.sessions() as session:
                pdf = bv_druck.build(session, self.bv_id, self.ctx.clock)
        except OmError as exc:
            show_error(self, exc)
            return
        d = self.dto
        name = f"Bestandsverhaeltnis_{d.objekt_nr}-{d.einheit_nr}-{d.bv_nr}.pdf"
        preview = ReportPreviewDialog(pdf, d.titel, name, self)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = preview
        preview.open()

    def _fill_dokumente(self) -> None:
        menu = self.dokumente_menu
        menu.clear()
        ordner = menu.addAction("Dokumentenordner (DMS) öffnen", self.dms_oeffnen)
        ordner.setObjectName("dmsOeffnen")
        menu.addSeparator()
        with self.ctx.db.sessions() as session:
            vorlagen = svc.serienbrief_vorlagen(session)
        if not vorlagen:
            leer = menu.addAction("Keine Serienbriefvorlagen für Bestandsverhältnisse")
            leer.setEnabled(False)
        for v in vorlagen:
            action = menu.addAction(f"Serienbrief: {v.name}")
            action.setToolTip(v.pfad)
            action.triggered.connect(lambda _c=False, p=v.pfad: self._open_path(p))

    def dokumente_ordner(self) -> str:
        with self.ctx.db.sessions() as session:
            root = dms_root(session, self.ctx.settings.dms_root, self.ctx.settings.data_dir)
            return str(svc.dokumente_ordner(session, self.bv_id, root))

    def dms_oeffnen(self) -> None:
        try:
            folder = self.dokumente_ordner()
        except OmError as exc:
            show_error(self, exc)
            return
        self._open_path(folder)

    def _open_path(self, path: str) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            show_error(self, ValidationError(f"{path} kann nicht geöffnet werden."))

    def anlegen(self) -> None:
        """Administrators: create a further Bestandsverhältnis for this Einheit (warned)."""
        if not self.ctx.is_admin:
            return
        dialog = BvAnlegenDialog(self.ctx, self.dto.einheit_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created is not None:
            self.ctx.navigator.open_bestandsverhaeltnis(dialog.created.id)

    def loeschen(self) -> None:
        """Administrators: delete this Bestandsverhältnis after a warning."""
        if not self.ctx.is_admin:
            return
        answer = QMessageBox.warning(
            self,
            "Bestandsverhältnis löschen",
            f"{svc.LOESCHEN_WARNUNG}\n\n{self.dto.titel} wirklich löschen?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.delete_bestandsverhaeltnis(
                self.ctx.db.sessions, self.ctx.user, self.bv_id, self.dto.version
            )
        except OmError as exc:
            show_error(self, exc)
            return
        self._deleted = True
        self.close()


class BvAnlegenDialog(QDialog):
    """Administrators: a new Bestandsverhältnis for an Einheit (Person, Art, Bezugsdatum)."""

    def __init__(self, ctx: AppContext, einheit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from omclient.services import funktionen as funktionen_svc

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
        from omclient.domain.enums import BvArt

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
