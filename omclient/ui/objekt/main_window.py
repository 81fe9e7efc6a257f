"""The main window: Objekt search and list, menus, toolbar, status bar.

Feature modules add their actions to the menus exposed here
(``menu_datei``, ``menu_objekt``, ``menu_objekt_aktionen``, ``menu_extras``,
``menu_grundeinstellungen``, ``menu_hilfe``) and the ``toolbar``.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from omclient import __version__
from omclient.services.objekte import search_objekte
from omclient.services.uebersicht import Register
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView
from omclient.ui.context import AppContext
from omclient.ui.immomio.dialog import install_actions as install_immomio_actions
from omclient.ui.uebersicht.window import last_register

SEARCH_LIMIT = 200

OBJEKT_COLUMNS = (
    Column("objekt_nr", "Objekt-Nr.", width=90),
    Column("bezeichnung", "Bezeichnung", width=260),
    Column("adresse", "Adresse", width=220),
    Column("plz", "PLZ", width=60),
    Column("ort", "Ort", width=120),
    Column("mandant", "Mandant", width=220),
    Column("einheiten", "Einheiten", align="right", width=80, excel_format="0"),
)
"""The Objekt list's columns (Einheiten: number of active Einheiten)."""


class MainWindow(QMainWindow):
    """Objekt search and list; the starting point of all work on an Objekt."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("omclient – Objektmanagement")
        self.resize(1200, 760)

        central = QWidget()
        layout = QVBoxLayout(central)
        search_row = QHBoxLayout()
        search_label = QLabel("Objekt &suchen:")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("objektSuche")
        self.search_edit.setPlaceholderText("Objektnummer oder Bezeichnung, Ort …")
        self.search_edit.setClearButtonEnabled(True)
        search_label.setBuddy(self.search_edit)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        layout.addLayout(search_row)

        self.model = DtoTableModel(OBJEKT_COLUMNS, self, muted=lambda r: not r.aktiv)
        self.table = DtoTableView(self.model)
        self.table.setObjectName("objektListe")
        self.table.setToolTip(
            "Doppelklick oder Enter öffnet die Einheitenübersicht im zuletzt benutzten Register"
        )
        self.table.restore_state(QSettings(), f"hauptfenster/{ctx.user.login}/objektliste")
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.einheiten_button = QPushButton("&Einheiten")
        self.bestandnehmer_button = QPushButton("&Bestandsnehmerdaten")
        self.stammdaten_button = QPushButton("Objekt-&Stammdaten")
        for button in (self.einheiten_button, self.bestandnehmer_button, self.stammdaten_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setCentralWidget(central)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(80)
        self._search_timer.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._open_first_or_selected)

        self._build_actions()
        self._build_menus()
        install_immomio_actions(self)
        from omclient.ui.einheit import aktionen as einheit_aktionen

        einheit_aktionen.install(self)
        from omclient.ui.rw_import import dialog as rw_import_dialog

        rw_import_dialog.install(self)
        from omclient.ui.datenbank import aktionen as datenbank_aktionen

        datenbank_aktionen.install(self)
        from omclient.ui.hilfe import handbuch

        handbuch.install(self)
        self.table.row_activated.connect(lambda _row: self.open_uebersicht())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.einheiten_button.clicked.connect(self.open_einheiten)
        self.bestandnehmer_button.clicked.connect(self.open_bestandnehmer)
        self.stammdaten_button.clicked.connect(self.open_stammdaten)

        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(
            QLabel(f"{ctx.db.display_name}  |  Benutzer: {ctx.user.name} ({ctx.user.rolle.value})")
        )
        self.statusBar().addWidget(self.status_label)
        self._restore_geometry()
        self.reload()

    def _build_actions(self) -> None:
        self.action_einheiten = QAction("&Einheiten", self)
        self.action_einheiten.setShortcut(QKeySequence("Ctrl+E"))
        self.action_einheiten.triggered.connect(self.open_einheiten)
        self.action_bestandnehmer = QAction("&Bestandsnehmerdaten", self)
        self.action_bestandnehmer.setShortcut(QKeySequence("Ctrl+B"))
        self.action_bestandnehmer.triggered.connect(self.open_bestandnehmer)
        self.action_stammdaten = QAction("Objekt-&Stammdaten (zum Objekt)", self)
        self.action_stammdaten.triggered.connect(self.open_stammdaten)
        self.action_suchen = QAction("Objekt &suchen", self)
        self.action_suchen.setShortcut(QKeySequence.StandardKey.Find)
        self.action_suchen.triggered.connect(self._focus_search)
        self.action_aktualisieren = QAction("&Aktualisieren", self)
        self.action_aktualisieren.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.action_aktualisieren.triggered.connect(self.reload)
        self.action_beenden = QAction("&Beenden", self)
        self.action_beenden.setShortcut(QKeySequence("Ctrl+Q"))
        self.action_beenden.triggered.connect(self.close)
        self.action_ueber = QAction("Ü&ber omclient", self)
        self.action_ueber.triggered.connect(self.show_about)
        self.addActions([self.action_suchen, self.action_aktualisieren])

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_datei = bar.addMenu("&Datei")
        self.menu_objekt = bar.addMenu("&Objekt")
        self.menu_extras = bar.addMenu("E&xtras")
        self.menu_hilfe = bar.addMenu("&Hilfe")

        self.menu_datei.addAction(self.action_aktualisieren)
        self._datei_end = self.menu_datei.addSeparator()
        self.menu_datei.addAction(self.action_beenden)

        self.menu_objekt.addAction(self.action_suchen)
        self.menu_objekt.addSeparator()
        self.menu_objekt.addAction(self.action_einheiten)
        self.menu_objekt.addAction(self.action_bestandnehmer)
        self.menu_objekt.addAction(self.action_stammdaten)
        self.menu_objekt.addSeparator()
        self.menu_objekt_aktionen = self.menu_objekt.addMenu("&Aktionen")

        self.menu_grundeinstellungen = self.menu_extras.addMenu("&Grundeinstellungen")
        self.action_grundeinstellungen = QAction(
            "&Vergabestellen, Status aller Art, Konfiguration, Benutzer …", self
        )
        self.action_grundeinstellungen.triggered.connect(self.open_grundeinstellungen)
        self.menu_grundeinstellungen.addAction(self.action_grundeinstellungen)
        self.action_richtsaetze = QAction("&Richtsätze…", self)
        self.action_richtsaetze.triggered.connect(self.open_richtsaetze)
        self.menu_grundeinstellungen.addAction(self.action_richtsaetze)
        self.menu_hilfe.addAction(self.action_ueber)

        self.toolbar = QToolBar("Werkzeuge")
        self.toolbar.setObjectName("hauptWerkzeuge")
        self.toolbar.addAction(self.action_einheiten)
        self.toolbar.addAction(self.action_bestandnehmer)
        self.toolbar.addAction(self.action_stammdaten)
        self.toolbar.addSeparator()
        self.addToolBar(self.toolbar)
        self._update_actions()

    def add_datei_action(self, action: QAction) -> None:
        """Insert a feature's action into the Datei menu before Beenden."""
        self.menu_datei.insertAction(self._datei_end, action)

    def reload(self) -> None:
        """Search again for the text in the search field (as you type, F5); keep the selection."""
        selected = set(self.selected_objekt_ids())
        text = self.search_edit.text().strip()
        with self.ctx.db.sessions() as session:
            rows = search_objekte(session, text, limit=SEARCH_LIMIT + 1)
        more = len(rows) > SEARCH_LIMIT
        self.model.set_rows(rows[:SEARCH_LIMIT])
        selection = self.table.selectionModel()
        for row, zeile in enumerate(self.model.visible_rows()):
            if zeile.id in selected:
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
        shown = self.model.rowCount()
        count = f"{shown} Objekt" if shown == 1 else f"{shown} Objekte"
        if more:
            count = f"die ersten {count} (bitte Suche verfeinern)"
        self.status_label.setText(f"{count} zu „{text}“" if text else count)
        self._update_actions()

    def selected_objekt_ids(self) -> list[int]:
        """Ids of the selected Objekte in list order."""
        return [zeile.id for zeile in self.table.selected_rows()]

    def current_objekt_id(self) -> int | None:
        """The current selected Objekt (else the first selected, else the current row)."""
        index = self.table.currentIndex()
        selected = self.selected_objekt_ids()
        if index.isValid() and (
            not selected or self.table.selectionModel().isRowSelected(index.row())
        ):
            return int(self.model.row_at(index.row()).id)
        return selected[0] if selected else None

    def _update_actions(self, *_: object) -> None:
        has = bool(self.table.selectionModel().selectedRows())
        for action in (self.action_einheiten, self.action_bestandnehmer, self.action_stammdaten):
            action.setEnabled(has)
        for button in (self.einheiten_button, self.bestandnehmer_button, self.stammdaten_button):
            button.setEnabled(has)

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _open_first_or_selected(self) -> None:
        if not self.table.selectionModel().selectedRows() and self.model.rowCount():
            self.table.select_row(0)
        self.open_uebersicht()

    def open_einheiten(self) -> None:
        objekt_id = self.current_objekt_id()
        if objekt_id is not None:
            self.ctx.navigator.open_uebersicht(objekt_id, Register.EINHEITEN)

    def open_uebersicht(self) -> None:
        """The Einheitenübersicht of the Objekt on the Register this user used last."""
        objekt_id = self.current_objekt_id()
        if objekt_id is not None:
            self.ctx.navigator.open_uebersicht(objekt_id, last_register(self.ctx.user.login))

    def open_bestandnehmer(self) -> None:
        objekt_id = self.current_objekt_id()
        if objekt_id is not None:
            self.ctx.navigator.open_uebersicht(objekt_id, Register.BESTANDNEHMER)

    def open_stammdaten(self) -> None:
        objekt_id = self.current_objekt_id()
        if objekt_id is not None:
            self.ctx.navigator.open_objekt(objekt_id)

    def open_grundeinstellungen(self) -> None:
        from omclient.ui.grundeinstellungen.dialog import GrundeinstellungenDialog

        GrundeinstellungenDialog(self.ctx, self).exec()

    def open_richtsaetze(self) -> None:
        from omclient.ui.grundeinstellungen.richtsaetze import RichtsaetzeDialog

        RichtsaetzeDialog(self.ctx, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "Über omclient",
            f"<b>omclient {__version__}</b><br>Objektmanagement: Einheiten, "
            "Bestandsverhältnisse, Kautionen, Berichte und Immomio.<br><br>"
            f"Datenbank: {self.ctx.db.display_name}<br>Benutzer: {self.ctx.user.name}",
        )

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("hauptfenster/geometrie")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("hauptfenster/zustand")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("hauptfenster/geometrie", self.saveGeometry())
        settings.setValue("hauptfenster/zustand", self.saveState())
        self.table.save_state(settings, f"hauptfenster/{self.ctx.user.login}/objektliste")
        for window in list(self.ctx.navigator.open_windows):
            if not window.close():
                event.ignore()
                return
        super().closeEvent(event)
