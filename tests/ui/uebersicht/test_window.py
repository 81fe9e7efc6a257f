"""The Einheitenübersicht's top area, export, settings and navigation, driven as a clerk uses it.

Portfolio Objekt 1010 (today 23.11.2026): Einheiten 0001–0008, 0007 inactive;
current Bestandnehmer Huber (0001, 0006), Novak (0002), Wagner (0003, Eigentum),
Café Sonne (0005); moved out Berger (0002/1, 0004/1); Mayer (0007, inactive unit).
"""

from __future__ import annotations

import csv

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from omclient.domain import Einheit
from omclient.ui.uebersicht.window import EinheitenUebersicht
from tests.ui.uebersicht.helpers import choose, click, click_row, double_click_row, texts


def test_veh_needs_a_sachbereich_and_lists_only_its_vehs(window, portfolio):
    view = window.einheiten_page.view
    assert not window.veh_combo.isEnabled()
    choose(window.sachbereich_combo, "HK")
    assert window.veh_combo.isEnabled()
    assert [window.veh_combo.itemText(i) for i in range(window.veh_combo.count())] == [
        "(alle)",
        "01 – Heizkreis Haus",
    ]
    assert len(texts(view, "einheit_nr")) == 7  # a Sachbereich alone does not narrow
    choose(window.sachbereich_combo, "BK")
    assert [window.veh_combo.itemText(i) for i in range(1, window.veh_combo.count())] == [
        "01 – BK Wohnungen",
        "02 – BK Geschäftslokale und Garagen",
    ]
    choose(window.veh_combo, "01")
    assert texts(view, "einheit_nr") == ["0001", "0002", "0003", "0004"]
    choose(window.veh_combo, "02")
    assert texts(view, "einheit_nr") == ["0005"]
    choose(window.sachbereich_combo, "(alle)")
    assert not window.veh_combo.isEnabled()
    assert len(texts(view, "einheit_nr")) == 7


def test_stiegenhaus_narrows_both_register(window, qtbot):
    choose(window.stiegenhaus_combo, "2 –")
    assert texts(window.einheiten_page.view, "einheit_nr") == ["0003", "0004"]
    assert window.status_label.text() == "2 Einheiten (1 inaktive ausgeblendet)"
    click(qtbot, window.einheiten_page.auch_inaktive)
    assert texts(window.einheiten_page.view, "einheit_nr") == ["0003", "0004", "0007"]
    window.tabs.setCurrentIndex(1)
    assert texts(window.bestandnehmer_page.view, "name") == ["Wagner Franz"]
    assert window.status_label.text() == "1 Bestandnehmer (1 ausgezogene, 1 inaktive ausgeblendet)"


def test_objekt_search_switches_and_unknown_number_changes_nothing(window, qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[1:3]))
    window.objekt_edit.clear()
    qtbot.keyClicks(window.objekt_edit, "9999")
    click(qtbot, window.suchen_button)
    assert warnings == [("Nicht gefunden", "Ein Objekt mit der Nummer „9999“ gibt es nicht.")]
    assert window.objekt_edit.text() == "1010"
    assert len(texts(window.einheiten_page.view, "einheit_nr")) == 7
    assert "1010" in window.windowTitle()

    window.objekt_edit.clear()
    qtbot.keyClicks(window.objekt_edit, "2020")
    qtbot.keyClick(window.objekt_edit, Qt.Key.Key_Return)
    assert window.windowTitle() == "Einheitenübersicht – 2020 Stadthaus Graz"
    assert texts(window.einheiten_page.view, "einheit_nr") == ["0001"]
    assert texts(window.einheiten_page.view, "vergabestelle") == ["Stadt Graz – Wohnungsamt"]
    assert window.stiegenhaus_combo.count() == 1  # Graz has no Stiegenhaus
    window.tabs.setCurrentIndex(1)
    assert texts(window.bestandnehmer_page.view, "name") == ["Pichler Maria"]


def test_zum_objekt_and_zur_einheit(window, qtbot, opened, portfolio):
    click(qtbot, window.zum_objekt_button)
    assert opened == [("open_objekt", portfolio.objekt["1010"])]
    assert not window.einheiten_page.zur_einheit_button.isEnabled()
    assert not window.einheiten_page.vergabestelle_zuweisen_button.isEnabled()
    assert not window.einheiten_page.vergabestelle_entfernen_button.isEnabled()
    click_row(qtbot, window.einheiten_page.view, 2)
    assert window.einheiten_page.zur_einheit_button.isEnabled()
    assert window.einheiten_page.vergabestelle_zuweisen_button.isEnabled()
    assert window.einheiten_page.vergabestelle_entfernen_button.isEnabled()
    click(qtbot, window.einheiten_page.zur_einheit_button)
    double_click_row(qtbot, window.einheiten_page.view, 3)
    window.einheiten_page.view.setFocus()
    qtbot.keyClick(window.einheiten_page.view, Qt.Key.Key_Return)
    assert opened[1:] == [
        ("open_einheit", portfolio.einheit["1010/0003"]),
        ("open_einheit", portfolio.einheit["1010/0004"]),
        ("open_einheit", portfolio.einheit["1010/0004"]),
    ]


def test_quick_filter_with_ctrl_f(window, qtbot):
    window.einheiten_page.view.setFocus()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.einheiten_page.quick_filter.hasFocus()
    qtbot.keyClicks(window.einheiten_page.quick_filter, "huber")
    assert texts(window.einheiten_page.view, "einheit_nr") == ["0001", "0006"]
    assert window.status_label.text() == "2 von 7 Einheiten (1 inaktive ausgeblendet)"
    window.einheiten_page.quick_filter.clear()
    qtbot.keyClicks(window.einheiten_page.quick_filter, "UG")
    assert texts(window.einheiten_page.view, "einheit_nr") == ["0006", "0008"]
    window.einheiten_page.quick_filter.clear()
    qtbot.keyClicks(window.einheiten_page.quick_filter, "120,00")
    assert texts(window.einheiten_page.view, "einheit_nr") == ["0005"]


def test_sort_by_header_click(window, qtbot):
    header = window.einheiten_page.view.horizontalHeader()
    column = window.einheiten_page.model.column_index("nettonutzflaeche")
    x = header.sectionViewportPosition(column) + 10
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert texts(window.einheiten_page.view, "nettonutzflaeche") == [
        "6,50 m²",
        "14,00 m²",
        "54,25 m²",
        "68,40 m²",
        "71,80 m²",
        "92,10 m²",
        "120,00 m²",
    ]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert texts(window.einheiten_page.view, "nettonutzflaeche")[0] == "120,00 m²"


def test_f5_shows_changes_made_elsewhere(window, qtbot, ctx, portfolio):
    with ctx.db.sessions.begin() as s:
        s.get(Einheit, portfolio.einheit["1010/0004"]).lage = "Hof"
    assert texts(window.einheiten_page.view, "lage")[3] == ""
    QTest.keyClick(window, Qt.Key.Key_F5)
    assert texts(window.einheiten_page.view, "lage")[3] == "Hof"


def test_export_csv_and_excel_of_the_visible_rows(window, qtbot, tmp_path, monkeypatch):
    target = {"path": ""}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target["path"], ""))
    qtbot.keyClicks(window.einheiten_page.quick_filter, "Wohnung")
    target["path"] = str(tmp_path / "einheiten.csv")
    window.action_export_csv.trigger()
    qtbot.waitUntil(lambda: "exportiert" in window.statusBar().currentMessage())
    with open(tmp_path / "einheiten.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:3] == ["Typus", "Einheitennummer", "Top"]
    assert [r[1] for r in rows[1:]] == ["0001", "0002", "0003", "0004"]
    assert rows[1][7] == "68,40 m²"

    target["path"] = str(tmp_path / "einheiten")  # suffix added
    window.action_export_xlsx.trigger()
    qtbot.waitUntil(lambda: "einheiten.xlsx exportiert" in window.statusBar().currentMessage())
    sheet = openpyxl.load_workbook(tmp_path / "einheiten.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][7] == "Nettonutzfläche"
    assert [v[1] for v in values[1:]] == ["0001", "0002", "0003", "0004"]
    assert values[1][7] == pytest.approx(68.40)
    assert values[1][8] == 3
    assert "4 Zeilen" in window.statusBar().currentMessage()


def test_register_and_columns_remembered_per_user(ctx, portfolio, qtbot):
    first = EinheitenUebersicht(ctx, portfolio.objekt["1010"], register="bestandnehmer")
    qtbot.addWidget(first)
    first.einheiten_page.view.horizontalHeader().resizeSection(3, 233)
    first.einheiten_page.view.horizontalHeader().moveSection(12, 0)
    first.close()
    again = EinheitenUebersicht(ctx, portfolio.objekt["2020"], register=None)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 1
    header = again.einheiten_page.view.horizontalHeader()
    assert header.sectionSize(3) == 233
    assert header.logicalIndex(0) == 12
    assert QSettings().value(f"einheitenuebersicht/{ctx.user.login}/register") == "bestandnehmer"


def test_several_overviews_open_at_once(ctx, portfolio, qtbot):
    a = ctx.navigator.open_uebersicht(portfolio.objekt["1010"], "einheiten")
    b = ctx.navigator.open_uebersicht(portfolio.objekt["2020"], "bestandnehmer")
    assert isinstance(a, EinheitenUebersicht) and isinstance(b, EinheitenUebersicht)
    assert a.isVisible() and b.isVisible()
    assert (a.current_register(), b.current_register()) == ("einheiten", "bestandnehmer")
    assert len(texts(a.einheiten_page.view, "einheit_nr")) == 7
    assert texts(b.bestandnehmer_page.view, "name") == ["Pichler Maria"]


def test_models_pass_the_model_tester(window, qtmodeltester, qtbot):
    qtmodeltester.check(window.einheiten_page.model)
    click(qtbot, window.einheiten_page.auch_inaktive)
    qtmodeltester.check(window.einheiten_page.model)
    window.tabs.setCurrentIndex(1)
    qtmodeltester.check(window.bestandnehmer_page.model)


def test_navigation_opens_the_real_dialogs(window, bv_window, ctx, qtbot, portfolio):
    from omclient.ui.bestandsverhaeltnis.dialog import BestandsverhaeltnisDialog
    from omclient.ui.einheit.dialog import EinheitDialog
    from omclient.ui.objekt.dialog import ObjektDialog
    from omclient.ui.person.dialog import PersonDialog

    click_row(qtbot, window.einheiten_page.view, 0)
    click(qtbot, window.einheiten_page.zur_einheit_button)
    click(qtbot, window.zum_objekt_button)
    click_row(qtbot, bv_window.bestandnehmer_page.view, 2)
    click(qtbot, bv_window.bestandnehmer_page.zur_person_button)
    click(qtbot, bv_window.bestandnehmer_page.zur_zuordnung_button)
    kinds = {type(w): w for w in ctx.navigator.open_windows}
    assert kinds[EinheitDialog].einheit_id == portfolio.einheit["1010/0001"]
    assert kinds[ObjektDialog].objekt_id == portfolio.objekt["1010"]
    assert kinds[PersonDialog].person_id == portfolio.person["Wagner"]
    assert kinds[BestandsverhaeltnisDialog].bv_id == portfolio.bv["1010/0003/1"]
