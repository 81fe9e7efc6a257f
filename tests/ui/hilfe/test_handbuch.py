"""The bundled guide: Hilfe → Handbuch, F1 opens the section of the window in front."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction

from omclient.resources_access import handbuch_html
from omclient.ui.einheit.dialog import EinheitDialog
from omclient.ui.hilfe.handbuch import HandbuchFenster, help_sections, inhalt
from omclient.ui.objekt.main_window import MainWindow

MANUAL_SECTIONS = [
    "Objekt",
    "Einheitenübersicht",
    "Einheit",
    "Bestandsverhältnis",
    "Kaution",
    "Berichte",
    "Immomio",
    "RW-Import",
    "Grundeinstellungen",
    "Datensicherung",
    "Datenbankverbindung",
]


def _guide(window: MainWindow) -> HandbuchFenster:
    """The guide window of ``window`` (it belongs to the main window); it must be shown."""
    guide = window.findChild(HandbuchFenster)
    assert guide is not None
    assert guide.isVisible()
    return guide


def _top_line(guide: HandbuchFenster) -> str:
    """The text of the first line the reader sees at the top of the page."""
    cursor = guide.browser.cursorForPosition(QPoint(10, 10))
    return cursor.block().text().strip()


def test_every_anchor_of_the_mapping_exists_in_the_guide():
    text = handbuch_html()
    anchors = set(re.findall(r'<a name="([^"]+)">', text))
    assert set(help_sections().values()) <= anchors
    links = set(re.findall(r'href="#([^"]+)"', text))
    assert links <= anchors


def test_the_guide_has_the_manuals_sections_in_order():
    titles = [title for _anchor, title in inhalt(handbuch_html())]
    assert [t for t in titles if t in MANUAL_SECTIONS] == MANUAL_SECTIONS


def test_hilfe_handbuch_opens_the_guide_at_its_start(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    action = window.findChild(QAction, "handbuch")
    assert action in window.menu_hilfe.actions()
    assert action.text() == "&Handbuch\tF1"
    action.trigger()
    guide = _guide(window)
    assert guide.windowTitle() == "omclient – Handbuch"
    entries = [guide.inhalt.item(row).text() for row in range(guide.inhalt.count())]
    assert entries[:3] == ["Grundsätzliches", "Objekt", "Einheitenübersicht"]
    assert _top_line(guide) == "omclient – Handbuch für die Sachbearbeitung"


def test_f1_in_the_einheit_dialog_shows_the_einheit_section(qtbot, ctx, portfolio):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = EinheitDialog(ctx, portfolio.einheit["1010/0001"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_F1)
    guide = _guide(window)
    assert guide.inhalt.currentItem().text() == "Einheit"
    assert _top_line(guide) == "Einheit"

    qtbot.keyClick(window.search_edit, Qt.Key.Key_F1)
    assert _guide(window) is guide
    assert guide.inhalt.currentItem().text() == "Objekt"
    assert _top_line(guide) == "Objekt"


def test_table_of_contents_and_links_jump_to_their_section(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.findChild(QAction, "handbuch").trigger()
    guide = _guide(window)
    row = [guide.inhalt.item(r).text() for r in range(guide.inhalt.count())].index("Kaution")
    guide.inhalt.setCurrentRow(row)
    assert _top_line(guide) == "Kaution"
    guide.browser.anchorClicked.emit(guide.browser.source().resolved("#datensicherung"))
    assert _top_line(guide) == "Datensicherung"
    assert guide.inhalt.currentItem().text() == "Datensicherung"


def test_f1_in_a_modal_dialog_gives_a_guide_the_dialog_does_not_block(qtbot, admin_ctx):
    from omclient.ui.grundeinstellungen.dialog import GrundeinstellungenDialog

    window = MainWindow(admin_ctx)
    qtbot.addWidget(window)
    dialog = GrundeinstellungenDialog(admin_ctx, window)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_F1)
    guide = dialog.findChild(HandbuchFenster)
    assert guide is not None and guide.isVisible()
    # A window that belongs to the modal dialog still takes input while it is open.
    assert guide.parentWidget() is dialog
    assert _top_line(guide) == "Grundeinstellungen"
    dialog.close()

    qtbot.keyClick(window.search_edit, Qt.Key.Key_F1)
    assert _guide(window) is guide
    assert _top_line(guide) == "Objekt"
