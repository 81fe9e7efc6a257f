"""Detaildialog Einheit: every Register of a unit, RW fields read-only in italics.

``EinheitDialog(ctx, einheit_id, parent=None)`` is opened non-modally by the
Navigator (Einheitenübersicht "Zur Einheit"/double-click, Person dialog).

Register: Allgemein (Bereiche Daten, Kennzeichen, Adresse, Indiv Daten, Info,
Bemerkung, Bemerkung FIBU), Personen, Ausstattung, Flächen / Aufteilung,
Indiv Felder, Verkettung. Footer: Aktualisieren, Dokumente, Navigation,
Berichte, Aktionen (Drucken, Suche nach Interessenten), Speichern, Schließen.

Every field of Register Allgemein goes through :class:`EntityForm`, so a field
d+ RW owns for this unit (the one mark on the column) is disabled and its
label italic. **Speichern** writes the OM fields with the optimistic version
counter; a conflict is reported and the user's input stays in the dialog
until they choose to reload.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
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

from omclient.domain.enums import IndivEntitaet, InfoKontext
from omclient.errors import ConflictError, OmError
from omclient.services import einheit as svc
from omclient.services import felder
from omclient.services import flaechen as flaechen_svc
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm
from omclient.ui.common.table_model import (
    Column,
    DtoTableModel,
    DtoTableView,
    area_text,
    number_text,
)
from omclient.ui.common.unsaved import may_close
from omclient.ui.einheit.ausstattung import AusstattungWidget
from omclient.ui.einheit.funktionen import FunktionenWidget
from omclient.ui.einheit.indiv_felder import IndivFelderWidget
from omclient.ui.einheit.infogrid import InfogridWidget
from omclient.ui.einheit.verkettung import VerkettungWidget

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

EINHEIT = felder.EINHEIT
INDIV_DATEN = EINHEIT.im_bereich("Indiv Daten")

FLAECHEN_COLUMNS = (
    Column("veh_nummer", "VEH", width=50),
    Column("veh_bezeichnung", "Verrechnungseinheit", width=240),
    Column("flaeche", "Fläche", width=100, align="right", text=area_text),
    Column(
        "anteil", "Anteil", width=110, align="right", text=lambda v: f"{number_text(v * 100, 4)} %"
    ),
    Column("gueltig_ab", "gültig ab", width=90),
)

REGISTER = (
    "Allgemein",
    "Personen",
    "Ausstattung",
    "Flächen / Aufteilung",
    "Indiv Felder",
    "Verkettung",
)


def _group(title: str, name: str, content: Any) -> QGroupBox:
    box = QGroupBox(title)
    box.setObjectName(name)
    if isinstance(content, QWidget):
        lay = QVBoxLayout(box)
        lay.addWidget(content)
    else:
        box.setLayout(content)
    return box


class EinheitDialog(QDialog):
    """The detail dialog of one Einheit (see module docstring)."""

    def __init__(self, ctx: AppContext, einheit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.einheit_id = einheit_id
        self.setObjectName("einheitDialog")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self.dto: svc.EinheitDto | None = None
        self.form = EntityForm.of(
            EINHEIT,
            {
                "stiegenhaus_id": {"hint_full_text": True},
                "vergabestelle_id": {"hint_full_text": True},
            },
            self,
        )
        self.form.editor("objekt_id").setMinimumWidth(200)

        self.kopf = QLabel()
        self.kopf.setObjectName("kopf")
        font = self.kopf.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.kopf.setFont(font)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("register")
        self.infogrid = InfogridWidget(ctx, InfoKontext.EINHEIT, einheit_id)
        self.tabs.addTab(self._build_allgemein(), "&Allgemein")
        self.personen = FunktionenWidget(ctx, InfoKontext.EINHEIT, einheit_id)
        self.tabs.addTab(self.personen, "&Personen")
        self.ausstattung = AusstattungWidget(
            ctx, einheit_id, open_documents=lambda: self.open_documents("Ausstattung")
        )
        self.ausstattung.ticket_created.connect(lambda _id: self.infogrid.reload())
        self.ausstattung.goto_aufteilung.connect(
            lambda: self.tabs.setCurrentIndex(REGISTER.index("Flächen / Aufteilung"))
        )
        self.tabs.addTab(self.ausstattung, "A&usstattung")
        self.flaechen_page = QWidget()
        self.flaechen_page.setObjectName("flaechen")
        self.flaechen_layout = QVBoxLayout(self.flaechen_page)
        self.tabs.addTab(self._scroll(self.flaechen_page), "&Flächen / Aufteilung")
        self.indiv = IndivFelderWidget(ctx, IndivEntitaet.EINHEIT, einheit_id)
        self.tabs.addTab(self.indiv, "&Indiv Felder")
        self.verkettung = VerkettungWidget(ctx, InfoKontext.EINHEIT, einheit_id)
        self.tabs.addTab(self.verkettung, "&Verkettung")

        layout = QVBoxLayout(self)
        layout.addWidget(self.kopf)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_footer())
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.reload_asking)
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(1120, min(960, screen.height() - 40) if screen else 860)
        self.reload()

    @staticmethod
    def _scroll(widget: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(widget)
        return scroll

    def _build_allgemein(self) -> QWidget:
        page = QWidget()
        page.setObjectName("allgemein")
        grid = QGridLayout(page)
        self.bereich_daten = _group(
            "Daten", "bereich_daten", self.form.form_layout(EINHEIT.namen("Daten"))
        )
        self.bereich_kennzeichen = _group(
            "Kennzeichen",
            "bereich_kennzeichen",
            self.form.form_layout(EINHEIT.namen("Kennzeichen")),
        )
        self.bereich_adresse = _group(
            "Adresse", "bereich_adresse", self.form.form_layout(EINHEIT.namen("Adresse"))
        )
        self.bereich_indiv = _group(
            "Indiv Daten",
            "bereich_indiv_daten",
            self.form.form_layout(EINHEIT.namen("Indiv Daten")),
        )
        self.bereich_info = _group("Info", "bereich_info", self.infogrid)
        bemerkung = self.form.editor("bemerkung")
        bemerkung_box = QWidget()
        bemerkung_layout = QVBoxLayout(bemerkung_box)
        bemerkung_layout.setContentsMargins(0, 0, 0, 0)
        bemerkung_layout.addWidget(self.form.label("bemerkung"))
        bemerkung_layout.addWidget(bemerkung)
        self.bereich_bemerkung = _group("Bemerkung", "bereich_bemerkung", bemerkung_box)
        fibu = self.form.editor("bemerkung_fibu")
        fibu_box = QWidget()
        fibu_layout = QVBoxLayout(fibu_box)
        fibu_layout.setContentsMargins(0, 0, 0, 0)
        fibu_layout.addWidget(self.form.label("bemerkung_fibu"))
        fibu_layout.addWidget(fibu)
        self.form.label("bemerkung").hide()  # the Bereich's title says it
        self.bereich_fibu = _group("Bemerkung FIBU", "bereich_bemerkung_fibu", fibu_box)
        for editor in (bemerkung, fibu):
            editor.setMaximumHeight(90)
        left = QVBoxLayout()
        left.addWidget(self.bereich_daten)
        left.addWidget(self.bereich_kennzeichen)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.bereich_adresse)
        right.addWidget(self.bereich_indiv)
        right.addWidget(self.bereich_info)
        right.addWidget(self.bereich_bemerkung)
        right.addWidget(self.bereich_fibu)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.form.changed.connect(self._update_title)
        return self._scroll(page)

    def _build_footer(self) -> QHBoxLayout:
        footer = QHBoxLayout()
        self.reload_button = QPushButton("Ak&tualisieren")
        self.reload_button.setObjectName("aktualisieren")
        self.reload_button.setToolTip("Die Daten der Einheit neu laden (F5)")
        self.documents_button = QPushButton("&Dokumente")
        self.documents_button.setObjectName("dokumente")
        self.documents_button.setToolTip("Den Dokumentenordner der Einheit öffnen")
        self.navigation_button = QPushButton("&Navigation")
        self.navigation_button.setObjectName("navigation")
        self.navigation_button.setToolTip("Zum Objekt der Einheit")
        self.reports_button = self._reports_button()
        self.actions_button = QPushButton("A&ktionen")
        self.actions_button.setObjectName("aktionen")
        aktionen = QMenu(self)
        self.print_action = aktionen.addAction("&Drucken", self.print_preview)
        self.print_action.setObjectName("drucken")
        self.interessenten_action = aktionen.addAction(
            "Suche nach &Interessenten", self.find_interessenten
        )
        self.interessenten_action.setObjectName("interessentenSuche")
        self.actions_button.setMenu(aktionen)
        self.save_button = QPushButton("&Speichern")
        self.save_button.setObjectName("speichern")
        self.save_button.setDefault(True)
        self.close_button = QPushButton("Schl&ießen")
        self.close_button.setObjectName("schliessen")
        for button in (
            self.reload_button,
            self.documents_button,
            self.navigation_button,
            self.reports_button,
            self.actions_button,
        ):
            footer.addWidget(button)
        footer.addStretch(1)
        footer.addWidget(self.save_button)
        footer.addWidget(self.close_button)
        self.reload_button.clicked.connect(self.reload_asking)
        self.documents_button.clicked.connect(lambda: self.open_documents())
        self.navigation_button.clicked.connect(self.open_objekt)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        return footer

    def _reports_button(self) -> QPushButton:
        from omclient.reports.registry import ReportKontext
        from omclient.ui.berichte.preview import BerichteButton

        button = BerichteButton(
            self.ctx.db.sessions,
            ReportKontext.EINHEIT,
            lambda: (self.einheit_id, None),
            self.ctx.clock,
            self,
        )
        button.setText("&Berichte")
        if button.menu() is None or not button.menu().actions():
            button.setEnabled(False)
            button.setToolTip("Für Einheiten sind keine Berichte eingerichtet.")
        button.setObjectName("berichte")
        return button

    def reload(self) -> None:
        """Load the unit and every Register from the database (discards unsaved input)."""
        with self.ctx.db.sessions() as session:
            dto = svc.load_einheit(session, self.einheit_id)
            listen = svc.auswahllisten(session, self.einheit_id)
            labels = svc.indiv_daten_labels(session)
            flaechen = flaechen_svc.flaechen(session, self.einheit_id)
        self.dto = dto
        form = self.form
        form.set_choices(
            "objekt_id", [(f"{dto.objekt_nr} {dto.objekt_bezeichnung}", dto.objekt_id)]
        )
        form.set_choices("stiegenhaus_id", [(a.text, a.wert) for a in listen.stiegenhaeuser])
        form.set_choices("stockwerk", [(a.text, a.wert) for a in listen.stockwerke])
        form.set_choices("kategorie", [(a.text, a.wert) for a in listen.kategorien])
        stellen = [(a.text, a.wert) for a in listen.vergabestellen]
        if dto.vergabestelle_id is not None and all(w != dto.vergabestelle_id for _, w in stellen):
            stellen.append(
                (f"{dto.vergabestelle_name} (nicht zuweisungsberechtigt)", dto.vergabestelle_id)
            )
        form.set_choices("vergabestelle_id", stellen)
        form.set_choices(
            "mietzins_kategorie", [(a.text, a.wert) for a in listen.mietzins_kategorien]
        )
        form.set_choices("status_kz", [(a.text, a.wert) for a in listen.status_kz])
        form.set_choices("finanzierung", [(a.text, a.wert) for a in listen.finanzierungen])
        form.set_choices("unterbestandsart", [(a.text, a.wert) for a in listen.unterbestandsarten])
        form.load(dto)
        for name in form.fields:
            editor = form.editor(name)
            if isinstance(editor, QLineEdit) and form.fields[name].kind == "date":
                # no input hint where nothing can be entered
                editor.setPlaceholderText("" if form.is_read_only(name) else "TT.MM.JJJJ")
        form.set_row_visible("unterbestandsart", bool(listen.unterbestandsarten))
        for f in INDIV_DATEN:
            label = labels.get(f.name)
            form.set_row_visible(f.name, label is not None)
            if label is not None:
                form.label(f.name).setText(f"{label}:")
        self.bereich_indiv.setVisible(bool(labels))
        self._fill_flaechen(flaechen)
        self.infogrid.reload()
        self.personen.reload()
        self.ausstattung.reload()
        self.indiv.reload()
        self.verkettung.reload()
        self.kopf.setText(
            f"Einheit {dto.objekt_nr}/{dto.einheit_nr}"
            + (f"  Top {dto.top_nr}" if dto.top_nr else "")
            + f"  –  {dto.einheitsart.value}, {dto.typus.bestandnehmer}objekt"
            + f"  –  {dto.objekt_bezeichnung}"
            + ("" if dto.aktiv else "  (inaktiv)")
        )
        self._update_title()

    def _fill_flaechen(self, dto: flaechen_svc.FlaechenDto) -> None:
        while self.flaechen_layout.count():
            item = self.flaechen_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        head = QLabel(
            f"Nettonutzfläche der Einheit: {area_text(dto.nettonutzflaeche) or '—'}"
            "   ·   Aufteilung nach Verrechnungseinheiten (aus d+ OM, nur Ansicht)"
        )
        head.setObjectName("flaechenKopf")
        self.flaechen_layout.addWidget(head)
        if not dto.gruppen:
            leer = QLabel("Für diese Einheit ist keine Flächenaufteilung erfasst.")
            leer.setObjectName("flaechenLeer")
            self.flaechen_layout.addWidget(leer)
        for gruppe in dto.gruppen:
            model = DtoTableModel(FLAECHEN_COLUMNS, self)
            model.set_rows(gruppe.zeilen)
            view = DtoTableView(model)
            view.setObjectName(f"flaechen_{gruppe.code}")
            view.setSortingEnabled(False)
            rows = len(gruppe.zeilen)
            view.setFixedHeight(
                view.horizontalHeader().sizeHint().height()
                + rows * view.verticalHeader().defaultSectionSize()
                + 6
            )
            summe = QLabel(f"Summe {gruppe.code}: {area_text(gruppe.summe_flaeche)}")
            summe.setAlignment(Qt.AlignmentFlag.AlignRight)
            inner = QWidget()
            lay = QVBoxLayout(inner)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(view)
            lay.addWidget(summe)
            box = _group(
                f"{gruppe.code} – {gruppe.bezeichnung}", f"sachbereich_{gruppe.code}", inner
            )
            self.flaechen_layout.addWidget(box)
        self.flaechen_layout.addStretch(1)

    def _update_title(self) -> None:
        if self.dto is None:
            return
        dirty = "*" if self.is_dirty() else ""
        self.setWindowTitle(f"{dirty}Einheit {self.dto.bezeichnung}")

    def is_dirty(self) -> bool:
        """Unsaved input in Register Allgemein or Indiv Felder."""
        return self.form.is_dirty() or self.indiv.is_dirty()

    def save(self) -> bool:
        """Save the OM fields and Indiv Felder in one transaction; report conflicts and
        errors, keeping the input in the dialog when nothing could be saved."""
        assert self.dto is not None
        try:
            changes = self.form.values(only_changed=True)
            indiv_werte = self.indiv.changed_values()
            if changes or indiv_werte:
                self.dto = svc.save_einheit(
                    self.ctx.db.sessions, self.einheit_id, self.dto.version, changes, indiv_werte
                )
        except ConflictError as exc:
            answer = QMessageBox.warning(
                self,
                exc.title,
                exc.message
                + "\n\nJetzt neu laden? Ihre Eingaben in diesem Dialog gehen dabei verloren."
                " Mit „Nein“ bleiben sie zum Abschreiben stehen.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.reload()
            return False
        except OmError as exc:
            show_error(self, exc)
            return False
        self.reload()
        return True

    def reload_asking(self) -> None:
        """Aktualisieren: reload, asking first when there is unsaved input."""
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Aktualisieren",
                "Es gibt ungespeicherte Änderungen. Beim Aktualisieren gehen sie verloren. "
                "Trotzdem neu laden?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.reload()
        except OmError as exc:
            show_error(self, exc)

    def may_close(self) -> bool:
        """Ask what to do with unsaved input; False when the dialog must stay open."""
        if self.dto is not None and self.is_dirty():
            return may_close(
                self, "Die Einheit wurde geändert. Möchten Sie die Änderungen speichern?", self.save
            )
        return True

    def reject(self) -> None:
        """Schließen, Esc and the window's close button end here (QDialog.closeEvent)."""
        if self.may_close():
            super().reject()

    def open_documents(self, unterordner: str | None = None) -> None:
        """Open the unit's document folder (created on demand) in the file manager."""
        settings = self.ctx.settings
        try:
            with self.ctx.db.sessions() as session:
                root = svc.dms_root(session, settings.dms_root, settings.data_dir)
                folder = svc.dokumente_ordner(session, self.einheit_id, root)
            if unterordner:
                folder = folder / unterordner
                folder.mkdir(exist_ok=True)
        except (OmError, OSError) as exc:
            show_error(self, exc if isinstance(exc, OmError) else OmError(str(exc)))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            QMessageBox.information(
                self, "Dokumente", f"Der Ordner konnte nicht geöffnet werden:\n{folder}"
            )

    def open_objekt(self) -> None:
        assert self.dto is not None
        self.ctx.navigator.open_objekt(self.dto.objekt_id)

    def print_preview(self) -> None:
        """Print the dialog's data through the report layer (``omclient.reports.einheit_druck``),
        shown in a print preview from which it can be printed or saved as PDF."""
        from omclient.reports import einheit_druck
        from omclient.ui.berichte.preview import ReportPreviewDialog

        try:
            with self.ctx.db.sessions() as session:
                pdf = einheit_druck.build(session, self.einheit_id, self.ctx.clock)
        except OmError as exc:
            show_error(self, exc)
            return
        assert self.dto is not None
        name = f"Einheit {self.dto.objekt_nr}/{self.dto.einheit_nr}"
        file_name = f"Einheit_{self.dto.objekt_nr}-{self.dto.einheit_nr}.pdf"
        preview = ReportPreviewDialog(pdf, name, file_name, self)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.open()
        self.preview = preview

    def find_interessenten(self) -> None:
        """Interessenten matching the unit (rooms, area, rent) from the Immomio module."""
        from omclient.immomio.interessenten import suche_fuer_einheit

        try:
            with self.ctx.db.sessions() as session:
                treffer = suche_fuer_einheit(session, self.einheit_id, self.ctx.clock)
        except OmError as exc:
            show_error(self, exc)
            return
        dialog = InteressentenDialog(treffer, self.dto.bezeichnung if self.dto else "", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.interessenten_dialog = dialog


INTERESSENT_COLUMNS = (
    Column("name", "Name", width=170, value=lambda t: t.interessent.name),
    Column("email", "E-Mail", width=190, value=lambda t: t.interessent.email),
    Column("telefon", "Telefon", width=120, value=lambda t: t.interessent.telefon),
    Column("direkt", "Anfrage zu dieser Einheit", width=80, value=lambda t: t.direkt),
    Column("gruende", "passt weil", width=300, value=lambda t: ", ".join(t.gruende)),
)


class InteressentenDialog(QDialog):
    """The Interessenten found for the unit, best matches first."""

    def __init__(self, treffer: list[Any], einheit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interessentenDialog")
        self.setWindowTitle(f"Interessenten für Einheit {einheit}")
        self.model = DtoTableModel(INTERESSENT_COLUMNS, self)
        self.model.set_rows(treffer)
        view = DtoTableView(self.model)
        view.setObjectName("interessentenListe")
        info = QLabel(
            f"{len(treffer)} passende Interessenten (Zimmer, Fläche, Miete)."
            if treffer
            else "Keine passenden Interessenten gefunden."
        )
        info.setObjectName("interessentenInfo")
        close = QPushButton("Schl&ießen")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(900, 400)
