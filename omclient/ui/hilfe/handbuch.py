"""The bundled user guide: Hilfe → Handbuch, and F1 for the section of the window in front.

The guide is one HTML page (``resources/handbuch/index.html``) shown in a
QTextBrowser, so it works offline and in the bundle. Its table of contents is
read from the page's ``<h2><a name="…"></a>Title</h2>`` headings.
:func:`help_sections` is the one mapping from window class to section anchor.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from omclient.resources_access import handbuch_html

if TYPE_CHECKING:
    from omclient.ui.objekt.main_window import MainWindow

START = "start"
_HEADING = re.compile(r'<h2><a name="([^"]+)"></a>(.*?)</h2>', re.DOTALL)


def inhalt(text: str) -> list[tuple[str, str]]:
    """The guide's sections as (anchor, title), in page order."""
    return [(anchor, html.unescape(title).strip()) for anchor, title in _HEADING.findall(text)]


def help_sections() -> dict[type[QWidget], str]:
    """Which section F1 opens for each window; sub-dialogs use their parent window's.

    The imports are here, not at the top, so the guide does not load every
    window module at start-up; by the time F1 is pressed they are loaded anyway.
    """
    from omclient.ui.berichte.batch import ReportBatchDialog
    from omclient.ui.berichte.preview import BvChoiceDialog, ReportPreviewDialog
    from omclient.ui.bestandsverhaeltnis.dialog import BestandsverhaeltnisDialog
    from omclient.ui.bestandsverhaeltnis.fb_stundung import FbStundungDialog
    from omclient.ui.bestandsverhaeltnis.kaution import KautionDialog
    from omclient.ui.datenbank.verbindung import DatenbankDialog
    from omclient.ui.einheit.dialog import EinheitDialog
    from omclient.ui.einheit.infogrid import InfogridEinstellungenDialog
    from omclient.ui.grundeinstellungen.dialog import GrundeinstellungenDialog
    from omclient.ui.grundeinstellungen.richtsaetze import RichtsaetzeDialog
    from omclient.ui.immomio.dialog import ImmomioDialog
    from omclient.ui.immomio.einstellungen import ImmomioSettingsDialog
    from omclient.ui.immomio.interessenten import InteressentenFenster
    from omclient.ui.objekt.dialog import ObjektDialog
    from omclient.ui.objekt.main_window import MainWindow
    from omclient.ui.rw_import.dialog import RwImportDialog
    from omclient.ui.uebersicht.window import EinheitenUebersicht

    return {
        MainWindow: "objekt",
        ObjektDialog: "objekt",
        EinheitenUebersicht: "einheitenuebersicht",
        EinheitDialog: "einheit",
        BestandsverhaeltnisDialog: "bestandsverhaeltnis",
        FbStundungDialog: "bestandsverhaeltnis",
        KautionDialog: "kaution",
        ReportPreviewDialog: "berichte",
        BvChoiceDialog: "berichte",
        ReportBatchDialog: "berichte",
        ImmomioDialog: "immomio",
        ImmomioSettingsDialog: "immomio",
        InteressentenFenster: "immomio",
        RwImportDialog: "rw-import",
        GrundeinstellungenDialog: "grundeinstellungen",
        RichtsaetzeDialog: "grundeinstellungen",
        InfogridEinstellungenDialog: "grundeinstellungen",
        DatenbankDialog: "datenbankverbindung",
    }


def section_for(widget: QWidget | None) -> str:
    """The section for ``widget``'s window, else its parent windows', else the start."""
    sections = help_sections()
    window = widget.window() if widget is not None else None
    while window is not None:
        for cls in type(window).__mro__:
            if cls in sections:
                return sections[cls]
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    return START


class HandbuchFenster(QWidget):
    """The guide: table of contents on the left, the page on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("omclient – Handbuch")
        self.resize(980, 720)
        text = handbuch_html()
        self.inhalt = QListWidget()
        self.inhalt.setObjectName("handbuchInhalt")
        for anchor, title in inhalt(text):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, anchor)
            self.inhalt.addItem(item)
        self.browser = QTextBrowser()
        self.browser.setObjectName("handbuchText")
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(text)
        self.browser.anchorClicked.connect(self._anchor_clicked)
        self.browser.setOpenLinks(False)
        splitter = QSplitter()
        splitter.addWidget(self.inhalt)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 760])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.inhalt.currentItemChanged.connect(self._toc_changed)
        self.current_section = START

    def show_section(self, anchor: str) -> None:
        """Scroll to ``anchor`` and mark it in the table of contents."""
        self.current_section = anchor
        self.browser.scrollToAnchor(anchor)
        for row in range(self.inhalt.count()):
            item = self.inhalt.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == anchor:
                self.inhalt.blockSignals(True)
                self.inhalt.setCurrentItem(item)
                self.inhalt.blockSignals(False)
                break
        else:
            self.inhalt.clearSelection()

    def _toc_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.show_section(str(item.data(Qt.ItemDataRole.UserRole)))

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("", "file") and url.hasFragment() and not url.path():
            self.show_section(url.fragment())
        elif url.scheme() in ("http", "https", "mailto"):
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)


class Hilfe(QObject):
    """Opens the guide (one window per program) and answers F1 in every window.

    The guide window belongs to the main window, or to the modal dialog in
    front while there is one (a modal dialog would otherwise block it).
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.hauptfenster = parent
        self.fenster: HandbuchFenster | None = None

    def oeffnen(self, anchor: str = START) -> HandbuchFenster:
        """Show the guide at ``anchor`` (raising the window if it is open)."""
        owner = QApplication.activeModalWidget() or self.hauptfenster
        if self.fenster is None:
            self.fenster = HandbuchFenster(owner)
            self.fenster.destroyed.connect(self._vergessen)
        elif self.fenster.parentWidget() is not owner:
            self.fenster.setParent(owner, Qt.WindowType.Window)
        self.fenster.show()
        self.fenster.raise_()
        self.fenster.activateWindow()
        self.fenster.show_section(anchor)
        return self.fenster

    def _vergessen(self) -> None:
        self.fenster = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F1
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QWidget)
        ):
            if watched.window() is not self.fenster:
                self.oeffnen(section_for(watched))
            return True
        return super().eventFilter(watched, event)


def install(window: MainWindow) -> Hilfe:
    """Add Hilfe → Handbuch to ``window`` and let F1 open the guide in every window."""
    hilfe = Hilfe(window)
    hilfe.setObjectName("hilfe")
    action = QAction("&Handbuch\tF1", window)
    action.setObjectName("handbuch")
    action.triggered.connect(lambda: hilfe.oeffnen())
    window.menu_hilfe.insertAction(window.action_ueber, action)
    window.menu_hilfe.insertSeparator(window.action_ueber)
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(hilfe)
    return hilfe
