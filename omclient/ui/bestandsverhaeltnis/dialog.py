"""Dialog Bestandsverhältnis (Miet-/Personenzuordnung).

The dialog composes its Register widgets, one module each: Allgemein
(``allgemein.py``, with the Bereich Sicherheitsleistungen from
``sicherheitsleistungen.py``), WBF-Prüfung (``wbf.py``), Zahlung
(``zahlung.py``), and the Funktionen, Verkettung and Indiv Felder widgets it
shares with the Einheit dialog. It owns the header, the footer and
**Speichern**, which sends every Register in one transaction with the
optimistic version counter; a conflict is reported, nothing is overwritten, the
user's entries stay in the dialog and reloading is offered. Fields converted
from d+ RW are greyed with italic labels by the forms (``omclient.ui.common.forms``).

Footer: Aktionen (Drucken; for administrators Anlegen/Löschen), Berichte
(Kontoauszug, Kautionsabrechnung), Dokumente (DMS folder, Serienbrief
templates), Aktualisieren, FB-Stundung, Speichern, Schließen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.domain.enums import IndivEntitaet, InfoKontext
from omclient.errors import ConflictError, OmError, ValidationError
from omclient.reports.registry import ReportKontext
from omclient.services import bestandsverhaeltnis as svc
from omclient.services import indiv as indiv_svc
from omclient.services import sicherheiten as sich
from omclient.services import wbf as wbf_svc
from omclient.services import zahlung as zahlung_svc
from omclient.services.einheit import dms_root
from omclient.ui.berichte.preview import BerichteButton
from omclient.ui.bestandsverhaeltnis.allgemein import AllgemeinRegister
from omclient.ui.bestandsverhaeltnis.anlegen import BvAnlegenDialog
from omclient.ui.bestandsverhaeltnis.sicherheitsleistungen import SicherheitsleistungenWidget
from omclient.ui.bestandsverhaeltnis.wbf import WbfRegister
from omclient.ui.bestandsverhaeltnis.zahlung import ZahlungRegister
from omclient.ui.common.errors import show_error
from omclient.ui.common.unsaved import may_close
from omclient.ui.einheit.funktionen import FunktionenWidget
from omclient.ui.einheit.indiv_felder import IndivFelderWidget
from omclient.ui.einheit.verkettung import VerkettungWidget

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

ADMIN_ONLY = "Nur für Administratoren: Bestandsverhältnisse werden normalerweise in d+ RW angelegt."


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class BestandsverhaeltnisDialog(QWidget):
    """The dialog of one Bestandsverhältnis (see module docstring)."""

    def __init__(self, ctx: AppContext, bv_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.preview: QDialog | None = None
        self.ctx = ctx
        self.bv_id = bv_id
        self.setObjectName("bvDialog")
        self.resize(1180, 860)
        self._loading = False
        self._deleted = False
        self._known_vertraege: set[int] = set()

        self.header = _bold(QLabel())
        self.header.setObjectName("bvHeader")
        self.sicherheitsleistungen = SicherheitsleistungenWidget(ctx, bv_id)
        self.allgemein = AllgemeinRegister(ctx, bv_id, self.sicherheitsleistungen)
        self.wbf = WbfRegister(ctx.clock)
        self.zahlung = ZahlungRegister()
        self.funktionen = FunktionenWidget(ctx, InfoKontext.BESTANDSVERHAELTNIS, bv_id)
        self.verkettung = VerkettungWidget(ctx, InfoKontext.BESTANDSVERHAELTNIS, bv_id)
        self.indiv = IndivFelderWidget(ctx, IndivEntitaet.BESTANDSVERHAELTNIS, bv_id)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("bvRegister")
        self.tabs.addTab(self.allgemein, "&Allgemein")
        self.tabs.addTab(self.wbf, "&WBF-Prüfung")
        self.tabs.addTab(self.zahlung, "&Zahlung")
        self.tabs.addTab(self.funktionen, "&Funktionen")
        self.tabs.addTab(self.verkettung, "&Verkettung")
        self.tabs.addTab(self.indiv, "&Indiv Felder")

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_footer())

        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload_asking)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.save_button.setToolTip("Alle Register speichern (Strg+S)")
        self.reload_button.setToolTip("Den Datensatz neu laden (F5)")
        for register in (self.allgemein, self.sicherheitsleistungen, self.wbf, self.zahlung):
            register.changed.connect(self._update_title)
        self.indiv.changed.connect(self._update_title)
        self.allgemein.infogrid.changed.connect(self._infogrid_changed)
        self.reload()

    def _build_footer(self) -> QHBoxLayout:
        self.actions_button = QPushButton("Akti&onen")
        self.actions_button.setObjectName("aktionen")
        aktionen = QMenu(self.actions_button)
        self.print_action = aktionen.addAction("&Drucken …", self.print_preview)
        self.print_action.setObjectName("drucken")
        aktionen.addSeparator()
        self.create_action = aktionen.addAction(
            "Neues Bestandsverhältnis für diese Einheit …", self.create_bv
        )
        self.create_action.setObjectName("bvAnlegen")
        self.delete_action = aktionen.addAction("Bestandsverhältnis löschen …", self.delete_bv)
        self.delete_action.setObjectName("bvLoeschen")
        for action in (self.create_action, self.delete_action):
            action.setEnabled(self.ctx.is_admin)
            if not self.ctx.is_admin:
                action.setToolTip(ADMIN_ONLY)
        aktionen.setToolTipsVisible(True)
        self.actions_button.setMenu(aktionen)

        self.reports_button = BerichteButton(
            self.ctx.db.sessions,
            ReportKontext.BESTANDSVERHAELTNIS,
            lambda: (self.dto.einheit_id, self.bv_id),
            self.ctx.clock,
            self,
        )
        self.reports_button.setObjectName("berichte")

        self.documents_button = QPushButton("&Dokumente")
        self.documents_button.setObjectName("dokumente")
        self.documents_menu = QMenu(self.documents_button)
        self.documents_menu.aboutToShow.connect(self._fill_documents_menu)
        self.documents_button.setMenu(self.documents_menu)

        self.reload_button = QPushButton("Ak&tualisieren")
        self.reload_button.setObjectName("aktualisieren")
        self.reload_button.clicked.connect(self.reload_asking)
        self.fb_stundung_button = QPushButton("FB-Stund&ung …")
        self.fb_stundung_button.setObjectName("fbStundung")
        self.fb_stundung_button.clicked.connect(self.open_fb_stundung)
        self.save_button = QPushButton("&Speichern")
        self.save_button.setObjectName("speichern")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton("S&chließen")
        self.close_button.setObjectName("schliessen")
        self.close_button.clicked.connect(self.close)

        footer = QHBoxLayout()
        for b in (
            self.actions_button,
            self.reports_button,
            self.documents_button,
            self.reload_button,
            self.fb_stundung_button,
        ):
            footer.addWidget(b)
        footer.addStretch(1)
        footer.addWidget(self.save_button)
        footer.addWidget(self.close_button)
        return footer

    def reload(self) -> None:
        """(Re)load every Register from the database; unsaved entries are discarded."""
        with self.ctx.db.sessions() as session:
            self.dto = svc.load_bestandsverhaeltnis(session, self.bv_id)
            sicherheiten = sich.load_sicherheiten(session, self.bv_id)
            zahlung = zahlung_svc.load_zahlung(session, self.bv_id)
            wbf_rows = wbf_svc.load_wbf(session, self.bv_id)
            gruende = svc.leerstandsgruende(session)
            unterarten = svc.unterbestandsarten(session, self.dto.bestandsart)
            self._known_vertraege = svc.vertrag_ids(session, self.bv_id)
        self._loading = True
        try:
            self.allgemein.load(self.dto, gruende, unterarten)
            self.sicherheitsleistungen.load(sicherheiten)
            self.zahlung.load(zahlung)
            self.wbf.load(wbf_rows)
        finally:
            self._loading = False
        self._update_title()

    def is_dirty(self) -> bool:
        """True when anything in the dialog differs from what was loaded."""
        return (
            self.allgemein.is_dirty()
            or self.sicherheitsleistungen.is_dirty()
            or self.zahlung.is_dirty()
            or self.wbf.is_dirty()
            or self.indiv.is_dirty()
        )

    def _update_title(self, *_: object) -> None:
        if self._loading:
            return
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
        self.setWindowTitle(("* " if self.is_dirty() else "") + d.titel)

    def save(self) -> bool:
        """Save every Register in one transaction; True when saved (or nothing to save)."""
        if not self.is_dirty():
            return True
        try:
            problems: list[str] = []
            parts: dict[str, Any] = {}
            for key, collect in (
                ("allgemein", self.allgemein.collect),
                ("sicherheiten_input", self.sicherheitsleistungen.collect),
                ("zahlung_input", self.zahlung.collect),
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
                wbf_pruefungen=self.wbf.collect(),
                weitere=weitere,
                **parts,
            )
        except ConflictError as exc:
            self._conflict(exc)
            return False
        except OmError as exc:
            show_error(self, exc)
            return False
        self.indiv.reload()
        self.reload()
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
            self.reload_asking(ask=False)

    def reload_asking(self, ask: bool = True) -> None:
        """Aktualisieren: reload the record, asking first when there are unsaved entries."""
        if ask and self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Aktualisieren",
                "Es gibt ungespeicherte Änderungen. Trotzdem neu laden und sie verwerfen?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.indiv.reload()
        self.allgemein.infogrid.reload()
        self.funktionen.reload()
        self.verkettung.reload()
        self.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            not self._deleted
            and self.is_dirty()
            and not may_close(
                self, "Das Bestandsverhältnis wurde geändert. Änderungen speichern?", self.save
            )
        ):
            event.ignore()
            return
        event.accept()

    def _infogrid_changed(self) -> None:
        """After a new Vertrag: offer its Vertragsende as Befristung (when not RW-owned)."""
        with self.ctx.db.sessions() as session:
            ids = svc.vertrag_ids(session, self.bv_id)
            neue = sorted(ids - self._known_vertraege)
            angebote = [
                (vid, ende)
                for vid in neue
                if (ende := svc.kann_befristung_uebernehmen(session, self.bv_id, vid)) is not None
            ]
        self._known_vertraege = ids
        if not angebote or "befristung_bis" in self.dto.rw_owned:
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
        if self.allgemein.is_dirty():
            # Keep the clerk's other entries: set the field, save with Speichern.
            editor = self.allgemein.form.editor("befristung_bis")
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
            self.allgemein.show_stammdaten(self.dto)
        finally:
            self._loading = False
        self._update_title()

    def open_fb_stundung(self) -> None:
        from omclient.ui.bestandsverhaeltnis.fb_stundung import FbStundungDialog

        dialog = FbStundungDialog(self.ctx, self.bv_id, self)
        self.fb_stundung_dialog = dialog
        dialog.open()

    def print_preview(self) -> None:
        """The dialog's data as a printable PDF (report layer), in the print preview.

        Prints what is saved: unsaved entries are pointed out first.
        """
        from omclient.reports import bv_druck
        from omclient.ui.berichte.preview import ReportPreviewDialog, preview_in_background

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
                answer == QMessageBox.StandardButton.Yes and not self.save()
            ):
                return
        d = self.dto
        bv_id, clock = self.bv_id, self.ctx.clock

        def opened(preview: ReportPreviewDialog) -> None:
            self.preview = preview

        preview_in_background(
            self,
            self.ctx.db.sessions,
            lambda session: bv_druck.build(session, bv_id, clock),
            d.titel,
            f"Bestandsverhaeltnis_{d.objekt_nr}-{d.einheit_nr}-{d.bv_nr}.pdf",
            opened,
        )

    def _fill_documents_menu(self) -> None:
        menu = self.documents_menu
        menu.clear()
        ordner = menu.addAction("Dokumentenordner (DMS) öffnen", self.open_documents)
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

    def documents_folder(self) -> str:
        with self.ctx.db.sessions() as session:
            root = dms_root(session, self.ctx.settings.dms_root, self.ctx.settings.data_dir)
            return str(svc.dokumente_ordner(session, self.bv_id, root))

    def open_documents(self) -> None:
        try:
            folder = self.documents_folder()
        except OmError as exc:
            show_error(self, exc)
            return
        self._open_path(folder)

    def _open_path(self, path: str) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            show_error(self, ValidationError(f"{path} kann nicht geöffnet werden."))

    def create_bv(self) -> None:
        """Administrators: create a further Bestandsverhältnis for this Einheit (warned)."""
        if not self.ctx.is_admin:
            return
        dialog = BvAnlegenDialog(self.ctx, self.dto.einheit_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created is not None:
            self.ctx.navigator.open_bestandsverhaeltnis(dialog.created.id)

    def delete_bv(self) -> None:
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
