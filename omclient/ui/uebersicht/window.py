"""The Einheitenübersicht: the Einheiten and Bestandnehmer of one Objekt in two Register.

Top area (both Register): the Objekt, field Objekt + Suchen to switch, Sachbereich
→ VEH and Stiegenhaus to narrow, zum Objekt. Register *Einheiten*
(:mod:`~omclient.ui.uebersicht.einheiten`) and Register *Eigentümer / Mieter*
(:mod:`~omclient.ui.uebersicht.bestandnehmer`) each with their checkboxes, quick
filter, sortable list and buttons on the right (their shared base:
:mod:`~omclient.ui.uebersicht.page`); Export (CSV, Excel) and Aktualisieren below.

Filters that change *which records belong to the list* (Objekt, Sachbereich/VEH,
Stiegenhaus, Alle/nur Eigentümer/nur Mieter, Bestandsart) query the database.
The checkboxes "Auch inaktive/ausgezogene anzeigen" only hide or show rows of
the loaded list (the service returns the wider set with flags), so switching
them is instant and the status line can say how many rows are hidden.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omclient.errors import OmError
from omclient.services import objekte as objekte_svc
from omclient.services import uebersicht as svc
from omclient.services.listen_export import write_csv, write_xlsx
from omclient.services.uebersicht import Register, UebersichtFilter, UebersichtKopf
from omclient.ui.common.background import BackgroundOp, OpContext
from omclient.ui.common.errors import show_error
from omclient.ui.context import AppContext
from omclient.ui.uebersicht.bestandnehmer import BestandnehmerPage
from omclient.ui.uebersicht.einheiten import EinheitenPage
from omclient.ui.uebersicht.page import RegisterPage, plural

SETTINGS_PREFIX = "einheitenuebersicht"


def last_register(login: str) -> Register:
    """The Register ``login`` looked at last."""
    value = QSettings().value(f"{SETTINGS_PREFIX}/{login}/register")
    return Register(value) if value in set(Register) else Register.EINHEITEN


class EinheitenUebersicht(QMainWindow):
    """The Einheitenübersicht of an Objekt, opened on ``register``.

    ``register``: a :class:`Register` (or its value "einheiten"/"bestandnehmer");
    None opens the Register this user looked at last. Several may be open at
    once (one per Objekt or not).
    """

    def __init__(
        self,
        ctx: AppContext,
        objekt_id: int,
        register: str | None = Register.EINHEITEN,
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

        self.einheiten_page = EinheitenPage(ctx)
        self.bestandnehmer_page = BestandnehmerPage(ctx)
        self.pages: list[RegisterPage] = [self.einheiten_page, self.bestandnehmer_page]

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._build_top_area())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("register")
        self.tabs.addTab(self.einheiten_page, "&Einheiten")
        self.tabs.addTab(self.bestandnehmer_page, "Eigentümer / &Mieter")
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_bottom_row())
        self.setCentralWidget(central)
        self.status_label = QLabel()
        self.status_label.setObjectName("statuszeile")
        self.statusBar().addWidget(self.status_label, 1)
        self._build_shortcuts()
        for page in self.pages:
            self._connect(page)

        self._show_kopf()
        self._restore_settings()
        wanted = Register(register) if register is not None else last_register(ctx.user.login)
        self.tabs.setCurrentWidget(self._page(wanted))
        self.tabs.currentChanged.connect(self._register_changed)
        for page in self.pages:
            page.apply_predicate()
        self._ensure_loaded()
        self._update_buttons()

    def _connect(self, page: RegisterPage) -> None:
        page.filter_changed.connect(lambda: self._reload(page))
        page.rows_reloaded.connect(lambda: self._reload(page))
        page.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        page.selection_changed.connect(self._update_buttons)
        page.model.rows_changed.connect(self._update_status)
        page.model.modelReset.connect(self._update_buttons)

    def _page(self, register: Register) -> RegisterPage:
        return next(p for p in self.pages if p.register is register)

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
        self.reload_button = QPushButton("Aktualisieren (F5)")
        self.reload_button.setObjectName("aktualisieren")
        self.reload_button.clicked.connect(self.reload)
        self.close_button = QPushButton("Schließen")
        self.close_button.setObjectName("schliessen")
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.export_button)
        row.addWidget(self.reload_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        return row

    def _build_shortcuts(self) -> None:
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.focus_quick_filter)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.activated.connect(self.reload)
        close = QShortcut(QKeySequence.StandardKey.Close, self)
        close.activated.connect(self.close)

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
        for page in self.pages:
            page.objekt_id = kopf.objekt_id

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
        for page in self.pages:
            page.forget_choices()
        self._mark_stale()

    @property
    def objekt_id(self) -> int:
        return self.kopf.objekt_id

    def current_filter(self) -> UebersichtFilter:
        """The database filter of the top area and the Register pages.

        The checkbox filters are not part of it: rows are loaded with them on and
        hidden in the list.
        """
        sachbereich_id = self.sachbereich_combo.currentData()
        fields: dict[str, Any] = {}
        for page in self.pages:
            fields.update(page.filter_fields())
        return UebersichtFilter(
            stiegenhaus_id=self.stiegenhaus_combo.currentData(),
            sachbereich_id=sachbereich_id,
            veh_id=self.veh_combo.currentData() if sachbereich_id is not None else None,
            auch_inaktive=True,
            auch_ausgezogene=True,
            **fields,
        )

    def _sachbereich_changed(self, *_: object) -> None:
        had_veh = self.veh_combo.currentData() is not None
        self._fill_veh_combo()
        if had_veh:
            self._selection_filter_changed()

    def _selection_filter_changed(self, *_: object) -> None:
        self._mark_stale()

    def _mark_stale(self) -> None:
        for page in self.pages:
            page.stale = True
        self._ensure_loaded()

    def current_page(self) -> RegisterPage:
        page = self.tabs.currentWidget()
        assert isinstance(page, RegisterPage)
        return page

    def current_register(self) -> Register:
        return self.current_page().register

    def _register_changed(self, *_: object) -> None:
        self._ensure_loaded()
        self._update_status()
        self._update_buttons()

    def _ensure_loaded(self) -> None:
        page = self.current_page()
        if page.stale:
            self._reload(page)

    def _reload(self, page: RegisterPage) -> None:
        """Load ``page``'s rows for the current filter; the other Register later."""
        selected_ids, current_id = page.selection_ids()
        try:
            rows = page.fetch(self.kopf, self.current_filter, self.ctx.clock.today())
        except OmError as exc:
            show_error(self, exc)
            return
        page.show_rows(rows, selected_ids, current_id)
        self._update_status()
        self._update_buttons()

    def reload(self) -> None:
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
            )
            self.kopf = kopf
            self._show_kopf()
            self._restore_filters(*filters)
        for page in self.pages:
            page.forget_choices()
        self._mark_stale()

    def _restore_filters(
        self, stiege: int | None, sachbereich: int | None, veh: int | None
    ) -> None:
        self._select_data(self.stiegenhaus_combo, stiege)
        self._select_data(self.sachbereich_combo, sachbereich)
        self._fill_veh_combo()
        self._select_data(self.veh_combo, veh)

    @staticmethod
    def _select_data(combo: QComboBox, value: object) -> None:
        blocked = combo.blockSignals(True)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        combo.blockSignals(blocked)

    def status_text(self) -> str:
        """The status line of the current Register, e.g. "7 Einheiten (1 inaktive ausgeblendet)"."""
        return self.current_page().status_text()

    def _update_status(self, *_: object) -> None:
        self.status_label.setText(self.status_text())

    def _update_buttons(self, *_: object) -> None:
        for page in self.pages:
            page.update_buttons()
        self.export_button.setEnabled(self.current_page().model.rowCount() > 0)

    def focus_quick_filter(self) -> None:
        page = self.current_page()
        page.quick_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        page.quick_filter.selectAll()

    def export(self, kind: str) -> Path | None:
        """Export the visible rows of the current Register as "csv" or "xlsx".

        The rows are taken as shown; the file is written off the GUI thread and the
        status bar says when it is done. Returns the chosen path (None: cancelled).
        """
        page = self.current_page()
        model = page.model
        register = page.title.replace(" / ", "_")
        suffix = ".csv" if kind == "csv" else ".xlsx"
        default = Path.home() / f"{register}_{self.kopf.objekt_nr}{suffix}"
        pattern = "CSV-Dateien (*.csv)" if kind == "csv" else "Excel-Dateien (*.xlsx)"
        name, _ = QFileDialog.getSaveFileName(self, "Exportieren", str(default), pattern)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        csv_rows = model.export_texts() if kind == "csv" else None
        xlsx_rows = model.export_table() if kind != "csv" else None
        formats = [c.excel_format for c in model.columns]
        title = f"{page.title} {self.kopf.objekt_nr}"

        def write(_op: OpContext) -> int:
            if csv_rows is not None:
                return write_csv(path, *csv_rows)
            assert xlsx_rows is not None
            return write_xlsx(path, *xlsx_rows, formats=formats, title=title)

        def done(count: int) -> None:
            self.statusBar().showMessage(
                f"{plural(count, 'Zeile', 'Zeilen')} nach {path} exportiert.", 8000
            )

        self.statusBar().showMessage(f"Export nach {path} läuft …")
        BackgroundOp(
            write,
            parent=self,
            on_success=done,
            title="Exportieren",
            label="Export wird geschrieben …",
        ).start()
        return path

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value(f"{self._settings_key}/geometrie")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        for page in self.pages:
            page.restore_state(settings, self._settings_key)

    def save_settings(self) -> None:
        """Remember geometry, column widths/order/sorting and the Register (per user)."""
        settings = QSettings()
        settings.setValue(f"{self._settings_key}/geometrie", self.saveGeometry())
        settings.setValue(f"{self._settings_key}/register", self.current_register().value)
        for page in self.pages:
            page.save_state(settings, self._settings_key)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
