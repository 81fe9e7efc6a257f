"""The reusable widgets (Infogrid, Funktionen, Indiv Felder, Verkettung) driven as a user does."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
)
from sqlalchemy import select

from omclient.domain import Auftrag, Funktion, IndivFeld, Vermerk
from omclient.domain.enums import IndivEntitaet, InfoArt, InfoKontext
from omclient.ui.einheit.funktionen import FunktionenWidget
from omclient.ui.einheit.indiv_felder import IndivFelderVerwaltenDialog, IndivFelderWidget
from omclient.ui.einheit.infogrid import InfogridWidget
from omclient.ui.einheit.verkettung import VerkettungWidget

EK = InfoKontext.EINHEIT


def _row_of(view, text: str) -> int:
    model = view.model()
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            if model.index(r, c).data() == text:
                return r
    raise AssertionError(f"{text!r} not shown")


def _click_row(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _when_dialog(action, cls=QDialog) -> None:
    """Run ``action(dialog)`` on the next modal dialog of type ``cls`` that opens."""

    def handle() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, cls):
            action(widget)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def _when_popup(action) -> None:
    """Run ``action(menu)`` on the next context menu that pops up."""

    def handle() -> None:
        widget = QApplication.activePopupWidget()
        if isinstance(widget, QMenu):
            action(widget)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


# -- Infogrid ------------------------------------------------------------------


def test_infogrid_shows_counts_and_creates_a_vermerk(qtbot, ctx, portfolio) -> None:
    widget = InfogridWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    assert widget.findChild(QLabel, "info_vertrag").text() == "1"
    assert widget.findChild(QLabel, "info_vermerk").text() == "1"

    def fill(dialog: QDialog) -> None:
        edit = dialog.findChild(QLineEdit, "betreff")
        qtbot.keyClicks(edit, "Schimmel im Bad")
        dialog.accept()

    _when_dialog(fill)
    qtbot.mouseClick(widget.findChild(QToolButton, "neu_vermerk"), Qt.MouseButton.LeftButton)
    assert widget.findChild(QLabel, "info_vermerk").text() == "2"
    with ctx.db.sessions() as s:
        v = s.scalar(select(Vermerk).where(Vermerk.betreff == "Schimmel im Bad"))
        assert v is not None and v.einheit_id == portfolio.einheit["1010/0001"]
        assert v.datum == dt.date(2026, 11, 23) and v.benutzer == "sb"


def test_infogrid_hide_by_right_click_is_per_user(qtbot, ctx, admin_ctx, portfolio) -> None:
    widget = InfogridWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    label = widget.findChild(QLabel, "art_vertrag")

    def choose(menu: QMenu) -> None:
        menu.actions()[0].trigger()
        menu.close()

    _when_popup(choose)
    label.customContextMenuRequested.emit(QPoint(2, 2))
    assert widget.findChild(QLabel, "art_vertrag") is None
    assert widget.anzahl(InfoArt.VERTRAG) is None
    other = InfogridWidget(admin_ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(other)
    assert other.anzahl(InfoArt.VERTRAG) == 1


@pytest.fixture
def boxes(monkeypatch):
    """QMessageBox/QInputDialog answers scripted; records titles of what was shown."""
    shown: list[str] = []
    state: dict[str, object] = {"question": QMessageBox.StandardButton.Yes, "item": None}

    def box(kind):
        def fake(parent, title, text, *args, **kwargs):
            shown.append(title)
            return state[kind] if kind == "question" else QMessageBox.StandardButton.Ok

        return staticmethod(fake)

    for kind in ("question", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))

    def get_item(parent, title, label, items, current=0, editable=False, *a, **k):
        shown.append(title)
        wanted = state["item"]
        if wanted is None:
            return "", False
        match = next(i for i in items if str(wanted) in i)
        return match, True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))

    class Boxes:
        titles = shown

        def answer(self, button) -> None:
            state["question"] = button

        def choose(self, text: str | None) -> None:
            state["item"] = text

    return Boxes()


# -- Funktionen ----------------------------------------------------------------


def _select(qtbot, view, text: str) -> None:
    _click_row(qtbot, view, _row_of(view, text))


def test_funktion_hinzufuegen_bearbeiten_enddatum_loeschen(qtbot, ctx, portfolio, boxes) -> None:
    e2 = portfolio.einheit["1010/0002"]
    widget = FunktionenWidget(ctx, EK, e2)
    qtbot.addWidget(widget)
    widget.show()

    def fill(dialog: QDialog) -> None:
        art = dialog.findChild(QComboBox, "funktionsart_id")
        texts = [art.itemText(i) for i in range(art.count())]
        assert not any(t.startswith(("31000", "41000", "51000", "61000")) for t in texts)
        art.setCurrentIndex(art.findText("90020 Notfallkontakt"))
        qtbot.keyClicks(dialog.findChild(QLineEdit, "personSuche"), "Gruber")
        dialog.accept()

    _when_dialog(fill)
    qtbot.mouseClick(widget.hinzufuegen_button, Qt.MouseButton.LeftButton)
    row = _row_of(widget.view, "Gruber Peter")
    assert widget.model.text(row, 0) == "Notfallkontakt"
    assert widget.model.text(row, 3) == "23.11.2026"

    _select(qtbot, widget.view, "Gruber Peter")

    def end(dialog: QDialog) -> None:
        edit = dialog.findChild(QLineEdit, "enddatum")
        edit.clear()
        qtbot.keyClicks(edit, "30.11.2026")
        dialog.accept()

    _when_dialog(end)
    qtbot.mouseClick(widget.enddatum_button, Qt.MouseButton.LeftButton)
    assert widget.model.text(_row_of(widget.view, "Gruber Peter"), 4) == "30.11.2026"

    _select(qtbot, widget.view, "Gruber Peter")
    boxes.answer(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(widget.loeschen_button, Qt.MouseButton.LeftButton)
    with pytest.raises(AssertionError):
        _row_of(widget.view, "Gruber Peter")
    with ctx.db.sessions() as s:
        assert s.scalar(select(Funktion).where(Funktion.einheit_id == e2)) is None


def test_funktion_kopieren_onto_other_units(qtbot, ctx, portfolio, boxes) -> None:
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    _select(qtbot, widget.view, "Notfallkontakt")

    def choose(dialog: QDialog) -> None:
        lst = dialog.liste
        for i in range(lst.count()):
            if lst.item(i).text().startswith(("0002", "0003")):
                lst.item(i).setCheckState(Qt.CheckState.Checked)
        dialog.accept()

    _when_dialog(choose)
    qtbot.mouseClick(widget.kopieren_button, Qt.MouseButton.LeftButton)
    assert "Funktion kopiert" in boxes.titles
    with ctx.db.sessions() as s:
        copies = s.scalars(
            select(Funktion).where(
                Funktion.einheit_id.in_(
                    [portfolio.einheit["1010/0002"], portfolio.einheit["1010/0003"]]
                )
            )
        ).all()
    assert len(copies) == 2 and {c.person_id for c in copies} == {portfolio.person["Berger"]}


def test_rw_function_buttons_disabled(qtbot, ctx, portfolio) -> None:
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    _select(qtbot, widget.view, "Hausbesorger")
    for button in (
        widget.bearbeiten_button,
        widget.loeschen_button,
        widget.kopieren_button,
        widget.enddatum_button,
    ):
        assert not button.isEnabled()
        assert "d+ RW" in button.toolTip()
    assert widget.person_button.isEnabled()


def test_zur_person_opens_person(qtbot, ctx, portfolio, monkeypatch) -> None:
    opened: list[int] = []
    monkeypatch.setattr(ctx.navigator, "open_person", lambda pid, parent=None: opened.append(pid))
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    _select(qtbot, widget.view, "Hausbesorger")
    qtbot.mouseClick(widget.person_button, Qt.MouseButton.LeftButton)
    assert opened == [portfolio.person["Gruber"]]


# -- Infogrid list, ambiguous Sachbereich --------------------------------------


def test_infogrid_list_edit_and_delete(qtbot, ctx, portfolio, boxes) -> None:
    widget = InfogridWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    seen: list[str] = []

    def work(dialog: QDialog) -> None:
        view = dialog.view
        seen.append(view.model().index(0, 1).data())
        _click_row(qtbot, view, 0)

        def edit(inner: QDialog) -> None:
            betreff = inner.findChild(QLineEdit, "betreff")
            betreff.clear()
            qtbot.keyClicks(betreff, "Wasserschaden Bad behoben")
            inner.accept()

        QTimer.singleShot(20, lambda: _when_dialog_now(edit, "infoDatensatzDialog"))
        qtbot.mouseClick(dialog.bearbeiten_button, Qt.MouseButton.LeftButton)
        seen.append(view.model().index(0, 1).data())
        _click_row(qtbot, view, 0)
        qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
        seen.append(str(view.model().rowCount()))
        dialog.accept()

    _when_dialog(work)
    qtbot.mouseClick(widget.findChild(QToolButton, "liste_vermerk"), Qt.MouseButton.LeftButton)
    assert seen == ["Wasserschaden Bad gemeldet", "Wasserschaden Bad behoben", "0"]
    assert widget.findChild(QLabel, "info_vermerk").text() == "0"


def _when_dialog_now(action, name: str) -> None:
    widget = QApplication.activeModalWidget()
    if widget is not None and widget.objectName() == name:
        action(widget)
    else:
        QTimer.singleShot(20, lambda: _when_dialog_now(action, name))


def test_auftrag_for_ambiguous_sachbereich_asks_for_veh(qtbot, ctx, portfolio, boxes) -> None:
    from decimal import Decimal

    from omclient.domain import Flaechenaufteilung

    e6 = portfolio.einheit["1010/0006"]
    with ctx.db.sessions.begin() as s:
        for veh in ("1010/BK/01", "1010/BK/02"):
            s.add(
                Flaechenaufteilung(
                    einheit_id=e6,
                    verrechnungseinheit_id=portfolio.veh[veh],
                    flaeche=Decimal("7"),
                    anteil=Decimal("0.01"),
                )
            )
    widget = InfogridWidget(ctx, EK, e6)
    qtbot.addWidget(widget)
    widget.show()
    boxes.choose("BK 02")

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.findChild(QLineEdit, "betreff"), "Garagentor klemmt")
        dialog.accept()

    _when_dialog(fill)
    qtbot.mouseClick(widget.findChild(QToolButton, "neu_auftrag"), Qt.MouseButton.LeftButton)
    assert "Sachbereich / Verrechnungseinheit wählen" in boxes.titles
    assert widget.anzahl(InfoArt.AUFTRAG) == 1
    with ctx.db.sessions() as s:
        auftrag = s.scalar(select(Auftrag).where(Auftrag.einheit_id == e6))
        assert auftrag.verrechnungseinheit_id == portfolio.veh["1010/BK/02"]
        assert auftrag.nummer == "A-2026-0001"


def test_infogrid_einstellungen_admin_reorders(qtbot, admin_ctx, portfolio) -> None:
    from omclient.ui.einheit.infogrid import InfogridEinstellungenDialog

    dialog = InfogridEinstellungenDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    lst = dialog.lists[EK]
    lst.setCurrentRow(2)  # Aufträge
    up = next(b for b in lst.parentWidget().findChildren(QPushButton) if b.text() == "Nach &oben")
    qtbot.mouseClick(up, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(up, Qt.MouseButton.LeftButton)
    lst.item(3).setCheckState(Qt.CheckState.Unchecked)  # Schlüssel off
    dialog.accept()
    widget = InfogridWidget(admin_ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    assert [e.art for e in widget.eintraege] == [InfoArt.AUFTRAG, InfoArt.VERTRAG, InfoArt.VERMERK]


# -- Indiv Felder --------------------------------------------------------------


def test_indiv_felder_verwalten_create_and_delete_asks(qtbot, admin_ctx, portfolio, boxes) -> None:
    dialog = IndivFelderVerwaltenDialog(admin_ctx, IndivEntitaet.EINHEIT)
    qtbot.addWidget(dialog)
    dialog.show()

    def define(inner: QDialog) -> None:
        qtbot.keyClicks(inner.findChild(QLineEdit, "bezeichnung"), "Balkonfarbe")
        typ = inner.findChild(QComboBox, "typ")
        typ.setCurrentIndex(typ.findText("Auswahl"))
        auswahl = inner.findChild(QPlainTextEdit, "auswahlliste")
        qtbot.keyClicks(auswahl, "rot")
        qtbot.keyClick(auswahl, Qt.Key.Key_Return)
        qtbot.keyClicks(auswahl, "blau")
        inner.accept()

    _when_dialog(define)
    qtbot.mouseClick(dialog.neu_button, Qt.MouseButton.LeftButton)
    assert _row_of(dialog.view, "Balkonfarbe") == 3
    # a value exists for "Haustiere" → deleting asks with the count
    from omclient.services import indiv

    with admin_ctx.db.sessions.begin() as s:
        feld = s.scalar(select(IndivFeld).where(IndivFeld.bezeichnung == "Haustiere"))
        indiv.werte_speichern(
            s, IndivEntitaet.EINHEIT, portfolio.einheit["1010/0001"], {feld.id: "Hund"}
        )
    dialog.refresh()
    _click_row(qtbot, dialog.view, _row_of(dialog.view, "Haustiere"))
    boxes.answer(QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
    assert boxes.titles[-1] == "Feld löschen"
    assert _row_of(dialog.view, "Haustiere") >= 0
    boxes.answer(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
    with pytest.raises(AssertionError):
        _row_of(dialog.view, "Haustiere")
    # reorder: move Balkonfarbe to the top
    _click_row(qtbot, dialog.view, _row_of(dialog.view, "Balkonfarbe"))
    for _ in range(3):
        qtbot.mouseClick(dialog.hoch_button, Qt.MouseButton.LeftButton)
    assert _row_of(dialog.view, "Balkonfarbe") == 0


def test_indiv_felder_widget_for_bestandsverhaeltnis(qtbot, ctx, portfolio) -> None:
    widget = IndivFelderWidget(ctx, IndivEntitaet.BESTANDSVERHAELTNIS, portfolio.bv["1010/0001/1"])
    qtbot.addWidget(widget)
    combo = widget.editor("Wohnbeihilfe")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("Ja"))
    assert widget.is_dirty()
    widget.save()
    assert not widget.is_dirty() and widget.editor("Wohnbeihilfe").currentText() == "Ja"


# -- Verkettung ----------------------------------------------------------------


def test_verkettung_shows_role_and_opens_partner(qtbot, ctx, portfolio, monkeypatch) -> None:
    opened: list[int] = []
    monkeypatch.setattr(
        ctx.navigator, "open_bestandsverhaeltnis", lambda bid, parent=None: opened.append(bid)
    )
    widget = VerkettungWidget(ctx, InfoKontext.BESTANDSVERHAELTNIS, portfolio.bv["1010/0006/1"])
    qtbot.addWidget(widget)
    widget.show()
    assert widget.status_label.text() == "Verkettet als Sub-Bestandnehmer (1 Verkettung)."
    assert widget.model.text(0, 1) == "Sub-Bestandnehmer"
    assert widget.model.text(0, 2) == "1010/0001 Top 1"
    rect = widget.view.visualRect(widget.model.index(0, 0))
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [portfolio.bv["1010/0001/1"]]


def test_serienbriefe_menu_lists_funktion_templates(qtbot, ctx, portfolio, monkeypatch) -> None:
    from omclient.domain import SerienbriefVorlage
    from omclient.ui.einheit import funktionen as mod

    with ctx.db.sessions.begin() as s:
        s.add(
            SerienbriefVorlage(
                name="Hausbesorger-Info", hauptdatenmenge="Funktion", pfad="/tmp/hb.docx"
            )
        )
        s.add(
            SerienbriefVorlage(
                name="Mahnung", hauptdatenmenge="Bestandsverhaeltnis", pfad="/tmp/m.docx"
            )
        )
    opened: list[str] = []
    monkeypatch.setattr(
        mod.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.serienbriefe_menu.aboutToShow.emit()
    actions = widget.serienbriefe_menu.actions()
    assert [a.text() for a in actions] == ["Hausbesorger-Info"]
    actions[0].trigger()
    assert opened == ["/tmp/hb.docx"]


def test_double_click_on_bestandnehmer_opens_bestandsverhaeltnis(
    qtbot, ctx, portfolio, monkeypatch
) -> None:
    opened: list[int] = []
    monkeypatch.setattr(
        ctx.navigator, "open_bestandsverhaeltnis", lambda bid, parent=None: opened.append(bid)
    )
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    row = _row_of(widget.view, "Mieter")
    rect = widget.view.visualRect(widget.model.index(row, 0))
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [portfolio.bv["1010/0001/1"]]
