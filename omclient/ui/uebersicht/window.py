"""The Einheitenübersicht: the Einheiten and Bestandnehmer of one Objekt in two Register.

Top area (both Register): the Objekt, field Objekt + Suchen to switch, Sachbereich
→ VEH and Stiegenhaus to narrow, zum Objekt. Register *Einheiten* and Register
*Eigentümer / Mieter* each with their checkboxes, quick filter, sortable list and
buttons on the right; Export (CSV, Excel) and Aktualisieren below.

Filters that change *which records belong to the list* (Objekt, Sachbereich/VEH,
Stiegenhaus, Alle/nur Eigentümer/nur Mieter, Bestandsart) query the database.
The checkboxes "Auch inaktive/ausgezogene anzeigen" only hide or show rows of
the loaded list (the service returns the wider set with flags), so switching
them is instant and the status line can say how many rows are hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import BvArt
from omclient.errors import OmError
from omclient.services import objekte as objekte_svc
from omclient.services import uebersicht as svc
from omclient.services.listen_export import write_csv, write_xlsx
from omclient.services.uebersicht import (
    REGISTER_BESTANDNEHMER,
    REGISTER_EINHEITEN,
    BestandnehmerZeile,
    EinheitZeile,
    UebersichtFilter,
    UebersichtKopf,
    VergabestelleZeile,
)
from omclient.ui.common.errors import show_error
from omclient.ui.common.table_model import (
    Column,
    DtoTableModel,
    DtoTableView,
    area_text,
    date_text,
)
from omclient.ui.context import AppContext

EINHEITEN_COLUMNS = (
    Column("typus", "Typus", value=lambda r: r.typus_text, width=80),
    Column("einheit_nr", "Einheitennummer", width=125),
    Column("top_nr", "Top", width=55),
    Column("einheitsart", "Einheitsart", width=90),
    Column("stiege", "Stiege", width=55),
    Column("stockwerk", "Etage", width=65),
    Column("lage", "Lage", width=80),
    Column(
        "nettonutzflaeche",
        "Nettonutzfläche",
        text=area_text,
        align="right",
        width=110,
        excel_format="#,##0.00",
    ),
    Column("raeume", "Räume", align="right", width=55, excel_format="0"),
    Column("kategorie", "Kategorie", align="center", width=70),
    Column("status", "Status", width=90),
    Column("vergabestelle", "Vergabestelle", width=170),
    Column("bestandnehmer", "Bestandnehmer", width=220),
)

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

REGISTER_TITLES = {REGISTER_EINHEITEN: "Einheiten", REGISTER_BESTANDNEHMER: "Eigentümer / Mieter"}
SETTINGS_PREFIX = "einheitenuebersicht"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def last_register(login: str) -> str:
    """The Register ("einheiten"/"bestandnehmer") ``login`` looked at last."""
    value = QSettings().value(f"{SETTINGS_PREFIX}/{login}/register")
    return value if value in REGISTER_TITLES else REGISTER_EINHEITEN


class VergabestelleDialog(QDialog):
    """Choose one of the zuweisungsberechtigte Vergabestellen."""

    def __init__(
        self, stellen: list[VergabestelleZeile], anzahl: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Vergabestelle zuweisen")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Zuweisungsberechtigte Vergabestelle für "
                f"{_plural(anzahl, 'Einheit', 'Einheiten')}:"
            )
        )
        self.liste = QListWidget()
        self.liste.setObjectName("vergabestellen")
        for stelle in stellen:
            text = stelle.name
            if stelle.gemeindekennziffer:
                text += f"  (GKZ {stelle.gemeindekennziffer})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, stelle.id)
            self.liste.addItem(item)
        layout.addWidget(self.liste)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Zuweisen")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.liste.itemDoubleClicked.connect(lambda *_: self.accept())
        self.liste.currentRowChanged.connect(self._update)
        if stellen:
            self.liste.setCurrentRow(0)
        self._update()
        self.resize(420, 300)

    def _update(self, *_: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.liste.currentItem() is not None)

    def selected_id(self) -> int | None:
        item = self.liste.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


class _RegisterPage(QWidget):
    """One Register: filter row, quick filter, list and buttons on the right."""

    def __init__(self, model: DtoTableModel, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.model = model
        self.filter_row = QHBoxLayout()
        self.quick_filter = QLineEdit()
        self.quick_filter.setObjectName(f"{name}Schnellfilter")
        self.quick_filter.setPlaceholderText("Schnellfilter (Strg+F) …")
        self.quick_filter.setClearButtonEnabled(True)
        self.quick_filter.setMinimumWidth(220)
        self.view = DtoTableView(model)
        self.view.setObjectName(f"{name}Liste")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.button_actions: list[tuple[QPushButton, QAction]] = []
        self.button_column = QVBoxLayout()
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addLayout(self.button_column)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_row)
        layout.addLayout(body, 1)
        self.quick_filter.textChanged.connect(model.set_quick_filter)

    def finish_filter_row(self) -> None:
        self.filter_row.addStretch(1)
        label = QLabel("Schnell&filter:")
        label.setBuddy(self.quick_filter)
        self.filter_row.addWidget(label)
        self.filter_row.addWidget(self.quick_filter)

    def add_button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.button_column.addWidget(button)
        action = QAction(text.replace("&", ""), self.view)
        action.triggered.connect(slot)
        self.view.addAction(action)
        self.button_actions.append((button, action))
        return button

    def sync_actions(self) -> None:
        """The row context menu offers what the buttons offer, enabled alike."""
        for button, action in self.button_actions:
            action.setEnabled(button.isEnabled())


class EinheitenUebersicht(QMainWindow):
    """The Einheitenübersicht of an Objekt, opened on ``register``.

    ``register``: "einheiten" or "bestandnehmer"; None opens the Register this
    user looked at last. Several may be open at once (one per Objekt or not).
    """

    def __init__(
        self,
        ctx: AppContext,
        objekt_id: int,
        register: str | None = REGISTER_EINHEITEN,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("einheitenUebersicht")
        # wide enough for every column of the Register Einheiten where the screen allows
        available = self.screen().availableGeometry()
        self.resize(min(1480, available.width() - 40), min(760, available.height() - 60))
        self._settings_key = f"{SETTINGS_PREFIX}/{ctx.user.login}"
        self.kopf: UebersichtKopf = self._load_kopf(objekt_id)
        self._stale = {REGISTER_EINHEITEN: True, REGISTER_BESTANDNEHMER: True}

        self.einheiten_model = DtoTableModel(EINHEITEN_COLUMNS, self, muted=lambda r: not r.aktiv)
        self.bestandnehmer_model = DtoTableModel(
            BESTANDNEHMER_COLUMNS,
            self,
            muted=lambda r: r.ausgezogen or not r.einheit_aktiv,
        )

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._build_top_area())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("register")
        self.einheiten_page = self._build_einheiten_page()
        self.bestandnehmer_page = self._build_bestandnehmer_page()
        self.tabs.addTab(self.einheiten_page, "&Einheiten")
        self.tabs.addTab(self.bestandnehmer_page, "Eigentümer / &Mieter")
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_bottom_row())
        self.setCentralWidget(central)
        self.status_label = QLabel()
        self.status_label.setObjectName("statuszeile")
        self.statusBar().addWidget(self.status_label, 1)
        self._build_shortcuts()

        self._show_kopf()
        self._restore_settings()
        wanted = register or last_register(ctx.user.login)
        self.tabs.setCurrentIndex(1 if wanted == REGISTER_BESTANDNEHMER else 0)
        self.tabs.currentChanged.connect(self._register_changed)
        self._apply_einheiten_predicate()
        self._apply_bestandnehmer_predicate()
        self._ensure_loaded()
        self._update_buttons()

    # -- construction ----------------------------------------------------------------
    def _build_top_area(self) -> QVBoxLayout:
        area = QVBoxLayout()
        self.objekt_label = QLabel()
        self.objekt_label.setObjectName("objektTitel")
        font = QFont(self.objekt_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.objekt_label.setFont(font)
        self.objekt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        area.addWidget(self.objekt_label)

        row = QHBoxLayout()
        objekt_label = QLabel("&Objekt:")
        self.objekt_edit = QLineEdit()
        self.objekt_edit.setObjectName("objektNummer")
        self.objekt_edit.setPlaceholderText("Objektnummer")
        self.objekt_edit.setMaximumWidth(120)
        objekt_label.setBuddy(self.objekt_edit)
        self.suchen_button = QPushButton("&Suchen")
        self.suchen_button.setObjectName("suchen")
        row.addWidget(objekt_label)
        row.addWidget(self.objekt_edit)
        row.addWidget(self.suchen_button)
        row.addSpacing(16)

        self.sachbereich_combo = QComboBox()
        self.sachbereich_combo.setObjectName("sachbereich")
        self.veh_combo = QComboBox()
        self.veh_combo.setObjectName("veh")
        self.veh_combo.setMinimumWidth(200)
        self.stiegenhaus_combo = QComboBox()
        self.stiegenhaus_combo.setObjectName("stiegenhaus")
        self.stiegenhaus_combo.setMinimumWidth(200)
        for text, combo in (
            ("Sach&bereich:", self.sachbereich_combo),
            ("&VEH:", self.veh_combo),
            ("S&tiegenhaus:", self.stiegenhaus_combo),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            row.addWidget(label)
            row.addWidget(combo)
        row.addStretch(1)
        self.zum_objekt_button = QPushButton("zum Ob&jekt")
        self.zum_objekt_button.setObjectName("zumObjekt")
        self.zum_objekt_button.setToolTip("Stammdaten des Objekts öffnen")
        row.addWidget(self.zum_objekt_button)
        area.addLayout(row)

        self.suchen_button.clicked.connect(self.search_objekt)
        self.objekt_edit.returnPressed.connect(self.search_objekt)
        self.sachbereich_combo.currentIndexChanged.connect(self._sachbereich_changed)
        self.veh_combo.currentIndexChanged.connect(self._selection_filter_changed)
        self.stiegenhaus_combo.currentIndexChanged.connect(self._selection_filter_changed)
        self.zum_objekt_button.clicked.connect(
            lambda: self.ctx.navigator.open_objekt(self.kopf.objekt_id)
        )
        return area

    def _build_einheiten_page(self) -> _RegisterPage:
        page = _RegisterPage(self.einheiten_model, "einheiten")
        self.einheiten_view = page.view
        self.auch_inaktive_einheiten = QCheckBox("Auch &inaktive anzeigen")
        self.auch_inaktive_einheiten.setObjectName("einheitenAuchInaktive")
        page.filter_row.addWidget(self.auch_inaktive_einheiten)
        page.finish_filter_row()
        self.zur_einheit_button = page.add_button(
            "Zur Ei&nheit", "zurEinheit", self.open_selected_einheit
        )
        self.vergabestelle_zuweisen_button = page.add_button(
            "Vergabestelle &zuweisen …", "vergabestelleZuweisen", self.assign_vergabestelle
        )
        self.vergabestelle_entfernen_button = page.add_button(
            "Vergabestelle entfe&rnen", "vergabestelleEntfernen", self.remove_vergabestelle
        )
        self.berichte_button = page.add_button("Beric&hte …", "berichte", self.open_report_batch)
        self.berichte_button.setToolTip(
            "Berichte für die markierten Einheiten (oder alle) erzeugen"
        )
        page.button_column.addStretch(1)
        self.auch_inaktive_einheiten.toggled.connect(self._apply_einheiten_predicate)
        page.view.row_activated.connect(lambda _row: self.open_selected_einheit())
        page.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.einheiten_model.rows_changed.connect(self._update_status)
        self.einheiten_model.modelReset.connect(self._update_buttons)
        return page

    def _build_bestandnehmer_page(self) -> _RegisterPage:
        page = _RegisterPage(self.bestandnehmer_model, "bestandnehmer")
        self.bestandnehmer_view = page.view
        self.auch_ausgezogene = QCheckBox("Auch a&usgezogene anzeigen")
        self.auch_ausgezogene.setObjectName("auchAusgezogene")
        self.auch_inaktive_bestandnehmer = QCheckBox("Auch &inaktive anzeigen")
        self.auch_inaktive_bestandnehmer.setObjectName("bestandnehmerAuchInaktive")
        page.filter_row.addWidget(self.auch_ausgezogene)
        page.filter_row.addWidget(self.auch_inaktive_bestandnehmer)
        page.filter_row.addSpacing(16)
        self.art_group = QButtonGroup(self)
        self.alle_radio = QRadioButton("&Alle")
        self.alle_radio.setObjectName("alle")
        self.eigentuemer_radio = QRadioButton("nur Ei&gentümer")
        self.eigentuemer_radio.setObjectName("nurEigentuemer")
        self.mieter_radio = QRadioButton("nur Miete&r")
        self.mieter_radio.setObjectName("nurMieter")
        for radio in (self.alle_radio, self.eigentuemer_radio, self.mieter_radio):
            self.art_group.addButton(radio)
            page.filter_row.addWidget(radio)
        self.alle_radio.setChecked(True)
        page.filter_row.addSpacing(16)
        label = QLabel("Bestan&dsart:")
        self.bestandsart_combo = QComboBox()
        self.bestandsart_combo.setObjectName("bestandsart")
        self.bestandsart_combo.setMinimumWidth(160)
        label.setBuddy(self.bestandsart_combo)
        page.filter_row.addWidget(label)
        page.filter_row.addWidget(self.bestandsart_combo)
        page.finish_filter_row()
        self.zur_person_button = page.add_button("Zur &Person", "zurPerson", self.open_person)
        self.zur_zuordnung_button = page.add_button(
            "Zur &Zuordnung", "zurZuordnung", self.open_zuordnung
        )
        self.bv_zur_einheit_button = page.add_button(
            "Zur Ei&nheit", "bvZurEinheit", self.open_bv_einheit
        )
        page.button_column.addStretch(1)
        self.auch_ausgezogene.toggled.connect(self._apply_bestandnehmer_predicate)
        self.auch_inaktive_bestandnehmer.toggled.connect(self._apply_bestandnehmer_predicate)
        self.art_group.buttonToggled.connect(self._art_changed)
        self.bestandsart_combo.currentIndexChanged.connect(
            lambda *_: self._reload(REGISTER_BESTANDNEHMER)
        )
        page.view.row_activated.connect(lambda _row: self.open_zuordnung())
        page.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.bestandnehmer_model.rows_changed.connect(self._update_status)
        self.bestandnehmer_model.modelReset.connect(self._update_buttons)
        return page

    def _build_bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.export_button = QToolButton()
        self.export_button.setObjectName("export")
        self.export_button.setText("E&xport")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.action_export_csv = QAction("als &CSV-Datei …", self)
        self.action_export_csv.triggered.connect(lambda: self.export("csv"))
        self.action_export_xlsx = QAction("als &Excel-Datei (.xlsx) …", self)
        self.action_export_xlsx.triggered.connect(lambda: self.export("xlsx"))
        menu.addAction(self.action_export_csv)
        menu.addAction(self.action_export_xlsx)
        self.export_button.setMenu(menu)
        self.aktualisieren_button = QPushButton("Aktualisieren (F5)")
        self.aktualisieren_button.setObjectName("aktualisieren")
        self.aktualisieren_button.clicked.connect(self.refresh)
        self.schliessen_button = QPushButton("Schließen")
        self.schliessen_button.setObjectName("schliessen")
        self.schliessen_button.clicked.connect(self.close)
        row.addWidget(self.export_button)
        row.addWidget(self.aktualisieren_button)
        row.addStretch(1)
        row.addWidget(self.schliessen_button)
        return row

    def _build_shortcuts(self) -> None:
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.focus_quick_filter)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.activated.connect(self.refresh)
        close = QShortcut(QKeySequence.StandardKey.Close, self)
        close.activated.connect(self.close)

    # -- the Objekt ----------------------------------------------------------------------
    def _load_kopf(self, objekt_id: int) -> UebersichtKopf:
        with self.ctx.db.sessions() as session:
            return svc.uebersicht_kopf(session, objekt_id)

    def _show_kopf(self) -> None:
        kopf = self.kopf
        self.setWindowTitle(f"Einheitenübersicht – {kopf.titel}")
        self.objekt_label.setText(f"Objekt {kopf.titel}    {kopf.adresse}")
        self.objekt_edit.setText(kopf.objekt_nr)
        self._fill_combo(self.stiegenhaus_combo, [(a.text, a.id) for a in kopf.stiegenhaeuser])
        self._fill_combo(self.sachbereich_combo, [(a.text, a.id) for a in kopf.sachbereiche])
        self._fill_veh_combo()
        self._bestandsarten_objekt: int | None = None

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, Any]], empty: str = "(alle)") -> None:
        blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItem(empty, None)
        for text, value in items:
            combo.addItem(text, value)
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(0)
        combo.blockSignals(blocked)

    def _fill_veh_combo(self) -> None:
        sachbereich_id = self.sachbereich_combo.currentData()
        vehs = self.kopf.vehs_fuer(sachbereich_id)
        empty = "(alle)" if sachbereich_id is not None else "(erst Sachbereich wählen)"
        self._fill_combo(self.veh_combo, [(v.text, v.id) for v in vehs], empty=empty)
        self.veh_combo.setEnabled(sachbereich_id is not None and bool(vehs))
        self.veh_combo.setToolTip(
            ""
            if sachbereich_id is not None
            else "Eine VEH kann erst gewählt werden, wenn ein Sachbereich gewählt ist."
        )

    def search_objekt(self) -> None:
        """Switch to the Objekt typed in field Objekt; unknown number → message, no change."""
        nummer = self.objekt_edit.text().strip()
        try:
            with self.ctx.db.sessions() as session:
                objekt_id = objekte_svc.objekt_id_by_nr(
                    session, nummer, mandant_id=self.kopf.mandant_id
                )
                kopf = svc.uebersicht_kopf(session, objekt_id)
        except OmError as exc:
            show_error(self, exc)
            self.objekt_edit.setText(self.kopf.objekt_nr)
            self.objekt_edit.selectAll()
            return
        self.switch_objekt(kopf)

    def switch_objekt(self, kopf: UebersichtKopf) -> None:
        self.kopf = kopf
        self._show_kopf()
        self._mark_stale()

    @property
    def objekt_id(self) -> int:
        return self.kopf.objekt_id

    # -- filters ---------------------------------------------------------------------------
    def current_filter(self) -> UebersichtFilter:
        """The database filter of the top area and Register Eigentümer / Mieter.

        The checkbox filters are not part of it: rows are loaded with them on and
        hidden in the list.
        """
        art = None
        if self.eigentuemer_radio.isChecked():
            art = BvArt.EIGENTUM
        elif self.mieter_radio.isChecked():
            art = BvArt.MIETE
        sachbereich_id = self.sachbereich_combo.currentData()
        return UebersichtFilter(
            stiegenhaus_id=self.stiegenhaus_combo.currentData(),
            sachbereich_id=sachbereich_id,
            veh_id=self.veh_combo.currentData() if sachbereich_id is not None else None,
            auch_inaktive=True,
            auch_ausgezogene=True,
            bestandnehmer_art=art,
            bestandsart=self.bestandsart_combo.currentData(),
        )

    def _sachbereich_changed(self, *_: object) -> None:
        had_veh = self.veh_combo.currentData() is not None
        self._fill_veh_combo()
        if had_veh:
            self._selection_filter_changed()

    def _selection_filter_changed(self, *_: object) -> None:
        self._mark_stale()

    def _art_changed(self, _button: object, checked: bool) -> None:
        if checked:
            self._reload(REGISTER_BESTANDNEHMER)

    def _mark_stale(self) -> None:
        self._stale = {REGISTER_EINHEITEN: True, REGISTER_BESTANDNEHMER: True}
        self._ensure_loaded()

    def _apply_einheiten_predicate(self, *_: object) -> None:
        if self.auch_inaktive_einheiten.isChecked():
            self.einheiten_model.set_predicate(None)
        else:
            self.einheiten_model.set_predicate(lambda r: r.aktiv)

    def _apply_bestandnehmer_predicate(self, *_: object) -> None:
        ausgezogene = self.auch_ausgezogene.isChecked()
        inaktive = self.auch_inaktive_bestandnehmer.isChecked()
        if ausgezogene and inaktive:
            self.bestandnehmer_model.set_predicate(None)
        else:
            self.bestandnehmer_model.set_predicate(
                lambda r: (ausgezogene or not r.ausgezogen) and (inaktive or r.einheit_aktiv)
            )

    # -- loading --------------------------------------------------------------------------
    def current_register(self) -> str:
        return REGISTER_BESTANDNEHMER if self.tabs.currentIndex() == 1 else REGISTER_EINHEITEN

    def _register_changed(self, *_: object) -> None:
        self._ensure_loaded()
        self._update_status()
        self._update_buttons()

    def _ensure_loaded(self) -> None:
        register = self.current_register()
        if self._stale[register]:
            self._reload(register)

    def _reload(self, register: str) -> None:
        """Load ``register``'s rows for the current filter; the other Register later."""
        view = self.einheiten_view if register == REGISTER_EINHEITEN else self.bestandnehmer_view
        selected_ids = {r.id for r in view.selected_rows()}
        current = view.currentIndex()
        current_id = view.dto_model().row_at(current.row()).id if current.isValid() else None
        try:
            with self.ctx.db.sessions() as session:
                flt = self.current_filter()
                today = self.ctx.clock.today()
                if register == REGISTER_EINHEITEN:
                    rows: list[Any] = svc.einheiten_zeilen(
                        session, self.kopf.objekt_id, flt, stichtag=today
                    )
                else:
                    if self._bestandsarten_objekt != self.kopf.objekt_id:
                        self._fill_bestandsarten(svc.bestandsarten(session, self.kopf.objekt_id))
                        flt = self.current_filter()
                    rows = svc.bestandnehmer_zeilen(
                        session, self.kopf.objekt_id, flt, stichtag=today
                    )
        except OmError as exc:
            show_error(self, exc)
            return
        view.dto_model().set_rows(rows)
        self._stale[register] = False
        self._reselect(view, selected_ids, current_id)
        self._update_status()
        self._update_buttons()

    def _fill_bestandsarten(self, arten: list[str]) -> None:
        """Choices of the Bestandsart filter, loaded with Register Eigentümer / Mieter."""
        chosen = self.bestandsart_combo.currentData()
        self._fill_combo(self.bestandsart_combo, [(a, a) for a in arten], empty="(alle)")
        self._select_data(self.bestandsart_combo, chosen)
        self._bestandsarten_objekt = self.kopf.objekt_id

    @staticmethod
    def _reselect(view: DtoTableView, ids: set[int], current_id: int | None) -> None:
        if not ids:
            return
        model = view.dto_model()
        selection = view.selectionModel()
        for n, row in enumerate(model.visible_rows()):
            if row.id in ids:
                selection.select(
                    model.index(n, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
                if row.id == current_id:
                    selection.setCurrentIndex(model.index(n, 0), selection.SelectionFlag.NoUpdate)

    def refresh(self) -> None:
        """Aktualisieren: reload the Objekt's choices and the current Register."""
        try:
            kopf = self._load_kopf(self.kopf.objekt_id)
        except OmError as exc:
            show_error(self, exc)
            return
        if kopf != self.kopf:
            filters = (
                self.stiegenhaus_combo.currentData(),
                self.sachbereich_combo.currentData(),
                self.veh_combo.currentData(),
                self.bestandsart_combo.currentData(),
            )
            self.kopf = kopf
            self._show_kopf()
            self._restore_filters(*filters)
        self._bestandsarten_objekt = None
        self._mark_stale()

    def _restore_filters(
        self, stiege: int | None, sachbereich: int | None, veh: int | None, bestandsart: str | None
    ) -> None:
        self._select_data(self.stiegenhaus_combo, stiege)
        self._select_data(self.sachbereich_combo, sachbereich)
        self._fill_veh_combo()
        self._select_data(self.veh_combo, veh)
        self._select_data(self.bestandsart_combo, bestandsart)

    @staticmethod
    def _select_data(combo: QComboBox, value: object) -> None:
        blocked = combo.blockSignals(True)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        combo.blockSignals(blocked)

    # -- status and buttons ---------------------------------------------------------------
    def status_text(self) -> str:
        """The status line of the current Register, e.g. "7 Einheiten (1 inaktive ausgeblendet)"."""
        if self.current_register() == REGISTER_EINHEITEN:
            model = self.einheiten_model
            rows = model.all_rows
            hidden = (
                [] if self.auch_inaktive_einheiten.isChecked() else [r for r in rows if not r.aktiv]
            )
            shown = len(rows) - len(hidden)
            what = _plural(shown, "Einheit", "Einheiten")
            notes = [f"{len(hidden)} inaktive"] if hidden else []
        else:
            model = self.bestandnehmer_model
            rows = model.all_rows
            ausgezogene = self.auch_ausgezogene.isChecked()
            inaktive = self.auch_inaktive_bestandnehmer.isChecked()
            hidden_inaktiv = 0 if inaktive else sum(1 for r in rows if not r.einheit_aktiv)
            hidden_ausgezogen = (
                0
                if ausgezogene
                else sum(1 for r in rows if r.ausgezogen and (inaktive or r.einheit_aktiv))
            )
            shown = len(rows) - hidden_inaktiv - hidden_ausgezogen
            what = _plural(shown, "Bestandnehmer", "Bestandnehmer")
            notes = []
            if hidden_ausgezogen:
                notes.append(f"{hidden_ausgezogen} ausgezogene")
            if hidden_inaktiv:
                notes.append(f"{hidden_inaktiv} inaktive")
        text = what
        if model.quick_filter:
            text = f"{model.rowCount()} von {what}"
        if notes:
            text += f" ({', '.join(notes)} ausgeblendet)"
        return text

    def _update_status(self, *_: object) -> None:
        self.status_label.setText(self.status_text())

    def _update_buttons(self, *_: object) -> None:
        einheiten = self.einheiten_view.selected_rows()
        for button in (
            self.zur_einheit_button,
            self.vergabestelle_zuweisen_button,
            self.vergabestelle_entfernen_button,
        ):
            button.setEnabled(bool(einheiten))
        bvs = self.bestandnehmer_view.selected_rows()
        self.zur_zuordnung_button.setEnabled(bool(bvs))
        self.bv_zur_einheit_button.setEnabled(bool(bvs))
        self.zur_person_button.setEnabled(any(r.person_id is not None for r in bvs))
        has_rows = self._current_model().rowCount() > 0
        self.export_button.setEnabled(has_rows)
        self.einheiten_page.sync_actions()
        self.bestandnehmer_page.sync_actions()

    def _current_model(self) -> DtoTableModel:
        if self.current_register() == REGISTER_EINHEITEN:
            return self.einheiten_model
        return self.bestandnehmer_model

    def _current_view(self) -> DtoTableView:
        if self.current_register() == REGISTER_EINHEITEN:
            return self.einheiten_view
        return self.bestandnehmer_view

    def focus_quick_filter(self) -> None:
        page = self.einheiten_page if self.tabs.currentIndex() == 0 else self.bestandnehmer_page
        page.quick_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        page.quick_filter.selectAll()

    # -- navigation ------------------------------------------------------------------------
    @staticmethod
    def _current_or_first(view: DtoTableView) -> Any | None:
        current = view.currentIndex()
        selected = view.selected_rows()
        if current.isValid() and view.selectionModel().isRowSelected(current.row()):
            return view.dto_model().row_at(current.row())
        return selected[0] if selected else None

    def open_selected_einheit(self) -> None:
        """Zur Einheit (Register Einheiten): the current or first selected Einheit."""
        row: EinheitZeile | None = self._current_or_first(self.einheiten_view)
        if row is not None:
            self.ctx.navigator.open_einheit(row.id)

    def open_person(self) -> None:
        row: BestandnehmerZeile | None = self._current_or_first(self.bestandnehmer_view)
        if row is not None and row.person_id is not None:
            self.ctx.navigator.open_person(row.person_id)

    def open_zuordnung(self) -> None:
        row: BestandnehmerZeile | None = self._current_or_first(self.bestandnehmer_view)
        if row is not None:
            self.ctx.navigator.open_bestandsverhaeltnis(row.id)

    def open_bv_einheit(self) -> None:
        row: BestandnehmerZeile | None = self._current_or_first(self.bestandnehmer_view)
        if row is not None:
            self.ctx.navigator.open_einheit(row.einheit_id)

    def open_report_batch(self) -> None:
        """Berichte for the selected Einheiten (all visible ones when none is selected)."""
        from omclient.ui.berichte.batch import open_batch

        rows = self.einheiten_view.selected_rows() or self.einheiten_model.visible_rows()
        open_batch(self.ctx, self.kopf.objekt_id, [r.id for r in rows], parent=self)

    # -- Vergabestelle ---------------------------------------------------------------------
    def assign_vergabestelle(self) -> None:
        rows = self.einheiten_view.selected_rows()
        if not rows:
            return
        try:
            with self.ctx.db.sessions() as session:
                stellen = svc.zuweisungsberechtigte_vergabestellen(session)
        except OmError as exc:
            show_error(self, exc)
            return
        if not stellen:
            QMessageBox.information(
                self,
                "Vergabestelle zuweisen",
                "Es sind keine zuweisungsberechtigten Vergabestellen erfasst "
                "(Extras – Grundeinstellungen).",
            )
            return
        dialog = VergabestelleDialog(stellen, len(rows), self)
        current = {r.vergabestelle_id for r in rows}
        if len(current) == 1:
            for n in range(dialog.liste.count()):
                if dialog.liste.item(n).data(Qt.ItemDataRole.UserRole) in current:
                    dialog.liste.setCurrentRow(n)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.selected_id() is None:
            return
        stelle_id = dialog.selected_id()
        assert stelle_id is not None
        try:
            with self.ctx.db.sessions() as session:
                changed = svc.vergabestelle_zuweisen(session, [r.id for r in rows], stelle_id)
        except OmError as exc:
            show_error(self, exc)
            return
        name = next(s.name for s in stellen if s.id == stelle_id)
        self._reload(REGISTER_EINHEITEN)
        self.statusBar().showMessage(
            f"Vergabestelle „{name}“ bei {_plural(changed, 'Einheit', 'Einheiten')} eingetragen.",
            8000,
        )

    def remove_vergabestelle(self) -> None:
        rows = self.einheiten_view.selected_rows()
        if not rows:
            return
        with_stelle = [r for r in rows if r.vergabestelle_id is not None]
        if not with_stelle:
            QMessageBox.information(
                self,
                "Vergabestelle entfernen",
                "Die markierten Einheiten haben keine Vergabestelle.",
            )
            return
        answer = QMessageBox.question(
            self,
            "Vergabestelle entfernen",
            f"Die Vergabestelle bei {_plural(len(with_stelle), 'Einheit', 'Einheiten')} entfernen?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ctx.db.sessions() as session:
                changed = svc.vergabestelle_entfernen(session, [r.id for r in rows])
        except OmError as exc:
            show_error(self, exc)
            return
        self._reload(REGISTER_EINHEITEN)
        self.statusBar().showMessage(
            f"Vergabestelle bei {_plural(changed, 'Einheit', 'Einheiten')} entfernt.", 8000
        )

    # -- export ----------------------------------------------------------------------------
    def export(self, kind: str) -> Path | None:
        """Export the visible rows of the current Register as "csv" or "xlsx"."""
        model = self._current_model()
        register = REGISTER_TITLES[self.current_register()].replace(" / ", "_")
        suffix = ".csv" if kind == "csv" else ".xlsx"
        default = Path.home() / f"{register}_{self.kopf.objekt_nr}{suffix}"
        pattern = "CSV-Dateien (*.csv)" if kind == "csv" else "Excel-Dateien (*.xlsx)"
        name, _ = QFileDialog.getSaveFileName(self, "Exportieren", str(default), pattern)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        try:
            if kind == "csv":
                headers, texts = model.export_texts()
                count = write_csv(path, headers, texts)
            else:
                headers, table = model.export_table()
                count = write_xlsx(
                    path,
                    headers,
                    table,
                    formats=[c.excel_format for c in model.columns],
                    title=f"{REGISTER_TITLES[self.current_register()]} {self.kopf.objekt_nr}",
                )
        except OmError as exc:
            show_error(self, exc)
            return None
        self.statusBar().showMessage(
            f"{_plural(count, 'Zeile', 'Zeilen')} nach {path} exportiert.", 8000
        )
        return path

    # -- settings -------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value(f"{self._settings_key}/geometrie")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.einheiten_view.restore_state(settings, f"{self._settings_key}/einheiten")
        self.bestandnehmer_view.restore_state(settings, f"{self._settings_key}/bestandnehmer")

    def save_settings(self) -> None:
        """Remember geometry, column widths/order/sorting and the Register (per user)."""
        settings = QSettings()
        settings.setValue(f"{self._settings_key}/geometrie", self.saveGeometry())
        settings.setValue(f"{self._settings_key}/register", self.current_register())
        self.einheiten_view.save_state(settings, f"{self._settings_key}/einheiten")
        self.bestandnehmer_view.save_state(settings, f"{self._settings_key}/bestandnehmer")
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
