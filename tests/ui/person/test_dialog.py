"""Person dialog (Zur Person): Bestandsverhältnisse, saving."""

from __future__ import annotations

from PySide6.QtCore import Qt

from omclient.domain import Person
from omclient.ui.person.dialog import PersonDialog
from tests.support.views import column_texts


def test_person_dialog_lists_all_bestandsverhaeltnisse(ctx, portfolio, qtbot, opened):
    dialog = PersonDialog(ctx, portfolio.person["Huber"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Person P1001 Huber Anna"
    form = dialog.form
    assert form.editor("email").text() == "anna.huber@example.at"
    assert form.editor("geburtsdatum").text() == "17.05.1980"
    for name in ("nachname", "vorname", "strasse", "email", "telefon", "geburtsdatum"):
        assert form.label(name).font().italic(), name
        assert not form.editor(name).isEnabled(), name
    assert form.editor("mobil").isEnabled() and not form.label("mobil").font().italic()
    view = dialog.bv_view
    assert column_texts(view, 1) == ["0001", "0006"]
    assert column_texts(view, 4) == ["Hauptmiete", "Garage"]
    assert column_texts(view, 8) == ["aktiv", "aktiv"]
    assert not dialog.zur_zuordnung_button.isEnabled()
    view.select_row(1)
    assert dialog.zur_zuordnung_button.isEnabled() and dialog.zur_einheit_button.isEnabled()
    qtbot.mouseClick(dialog.zur_zuordnung_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.zur_einheit_button, Qt.MouseButton.LeftButton)
    view.setFocus()
    view.select_row(0)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [
        ("open_bestandsverhaeltnis", portfolio.bv["1010/0006/1"]),
        ("open_einheit", portfolio.einheit["1010/0006"]),
        ("open_bestandsverhaeltnis", portfolio.bv["1010/0001/1"]),
    ]


def test_person_dialog_saves_mobil(ctx, portfolio, qtbot):
    dialog = PersonDialog(ctx, portfolio.person["Berger"])
    qtbot.addWidget(dialog)
    assert column_texts(dialog.bv_view, 8) == ["ausgezogen", "ausgezogen"]
    qtbot.keyClicks(dialog.form.editor("mobil"), "+43 699 123")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        assert s.get(Person, portfolio.person["Berger"]).mobil == "+43 699 123"
