"""Detaildialog Einheit: every Register of a unit, RW fields read-only in italics.

``EinheitDialog(ctx, einheit_id, parent=None)`` is opened non-modally by the
Navigator (Einheitenübersicht "Zur Einheit"/double-click, Person dialog).

The dialog composes its Register widgets, one module each: Allgemein
(``allgemein.py``), Personen (``funktionen.py``), Ausstattung
(``ausstattung.py``), Flächen / Aufteilung (``flaechen.py``), Indiv Felder
(``indiv_felder.py``), Verkettung (``verkettung.py``). It owns the header and
the footer: Aktualisieren, Dokumente, Navigation, Berichte, Aktionen (Drucken,
Suche nach Interessenten), Speichern, Schließen. **Speichern** writes the OM
fields with the optimistic version counter; a conflict is reported and the
user's input stays in the dialog until they choose to reload.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import IndivEntitaet, InfoKontext
from omclient.errors import ConflictError, OmError
from omclient.services import einheit as svc
from omclient.services import flaechen as flaechen_svc
from omclient.ui.common.errors import show_error
from omclient.ui.common.unsaved import may_close
from omclient.ui.einheit.allgemein import AllgemeinRegister
from omclient.ui.einheit.ausstattung import AusstattungWidget
from omclient.ui.einheit.flaechen import FlaechenRegister
from omclient.ui.einheit.funktionen import FunktionenWidget
from omclient.ui.einheit.indiv_felder import IndivFelderWidget
from omclient.ui.einheit.infogrid import InfogridWidget
from omclient.ui.einheit.interessenten import InteressentenDialog
from omclient.ui.einheit.verkettung import VerkettungWidget

if TYPE_CHECKING:
    from omclient.ui.context import AppContext


class EinheitDialog(QDialog):
    """The detail dialog of one Einheit (see module docstring)."""

    def __init__(self, ctx: AppContext, einheit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: QDialog | None = None
        self.ctx = ctx
        self.einheit_id = einheit_id
        self.setObjectName("einheitDialog")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self.dto: svc.EinheitDto | None = None
        self.kopf = QLabel()
        self.kopf.setObjectName("kopf")
        font = self.kopf.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.kopf.setFont(font)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("register")
        self.infogrid = InfogridWidget(ctx, InfoKontext.EINHEIT, einheit_id)
        self.allgemein = AllgemeinRegister(self.infogrid)
        self.allgemein.form.changed.connect(self._update_title)
        self.tabs.addTab(self.allgemein, "&Allgemein")
        self.personen = FunktionenWidget(ctx, InfoKontext.EINHEIT, einheit_id)
        self.tabs.addTab(self.personen, "&Personen")
        self.ausstattung = AusstattungWidget(
            ctx, einheit_id, open_documents=lambda: self.open_documents("Ausstattung")
        )
        self.flaechen = FlaechenRegister()
        self.ausstattung.ticket_created.connect(lambda _id: self.infogrid.reload())
        self.ausstattung.goto_aufteilung.connect(lambda: self.tabs.setCurrentWidget(self.flaechen))
        self.tabs.addTab(self.ausstattung, "A&usstattung")
        self.tabs.addTab(self.flaechen, "&Flächen / Aufteilung")
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
        self.allgemein.load(dto, listen, labels)
        self.flaechen.load(flaechen)
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

    def _update_title(self) -> None:
        if self.dto is None:
            return
        dirty = "*" if self.is_dirty() else ""
        self.setWindowTitle(f"{dirty}Einheit {self.dto.bezeichnung}")

    def is_dirty(self) -> bool:
        """Unsaved input in Register Allgemein or Indiv Felder."""
        return self.allgemein.form.is_dirty() or self.indiv.is_dirty()

    def save(self) -> bool:
        """Save the OM fields and Indiv Felder in one transaction; report conflicts and
        errors, keeping the input in the dialog when nothing could be saved."""
        assert self.dto is not None
        try:
            changes = self.allgemein.form.values(only_changed=True)
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
        from omclient.ui.berichte.preview import ReportPreviewDialog, preview_in_background

        assert self.dto is not None
        einheit_id, clock = self.einheit_id, self.ctx.clock

        def opened(preview: ReportPreviewDialog) -> None:
            self.preview = preview

        preview_in_background(
            self,
            self.ctx.db.sessions,
            lambda session: einheit_druck.build(session, einheit_id, clock),
            f"Einheit {self.dto.objekt_nr}/{self.dto.einheit_nr}",
            f"Einheit_{self.dto.objekt_nr}-{self.dto.einheit_nr}.pdf",
            opened,
        )

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
