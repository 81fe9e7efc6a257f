"""Opening the Bestandsverhältnis dialog and typing into it as a clerk does."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from omclient.domain import Bestandsverhaeltnis
from omclient.ui.bestandsverhaeltnis.dialog import BestandsverhaeltnisDialog


def _discard(dialog: BestandsverhaeltnisDialog) -> None:
    with contextlib.suppress(Exception):  # the record may have been deleted by the test
        dialog.reload_asking(ask=False)


def open_dialog(qtbot, ctx, bv_id) -> BestandsverhaeltnisDialog:
    dialog = BestandsverhaeltnisDialog(ctx, bv_id)
    # At teardown, unsaved entries are discarded so closing does not ask.
    qtbot.addWidget(dialog, before_close_func=_discard)
    dialog.show()
    return dialog


def line(dialog: QWidget, name: str) -> QLineEdit:
    widget = dialog.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def label_of(form, name) -> QLabel:
    return form.label(name)


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Type ``text`` as keystrokes (QTest aborts on non-ASCII keys: those are pasted)."""
    edit.selectAll()
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    elif isinstance(edit, QLineEdit):
        edit.insert(text)
    else:
        edit.insertPlainText(text)


def click_check(qtbot, box: QCheckBox) -> None:
    """Click on the check mark (the widget may be wider than its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def db_bv(ctx, bv_id) -> Bestandsverhaeltnis | None:
    with ctx.db.sessions() as s:
        bv = s.get(Bestandsverhaeltnis, bv_id)
        if bv is not None:
            s.expunge(bv)
        return bv
