"""BackgroundOp: work off the GUI thread, as the user sees it (dialog, messages, labels)."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import func, select

from omclient import domain as d
from omclient.errors import ValidationError
from omclient.ui.common.background import BackgroundOp, OpContext
from omclient.ui.common.errors import ExceptionHook


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes recorded as (kind, title, text) instead of shown."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, t, m, _k=kind: shown.append((_k, t, m)))
    return shown


@pytest.fixture
def window(qtbot):
    """A caller's window with a status line, as dialogs show an op's result."""
    widget = QWidget()
    widget.status = QLabel("Bereit.")
    QVBoxLayout(widget).addWidget(widget.status)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _progress_dialog(parent: QWidget) -> QWidget | None:
    dialogs = parent.findChildren(QWidget, "fortschrittDialog")
    return dialogs[0] if dialogs and dialogs[0].isVisible() else None


def _wait_until_cancelled(op: OpContext, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not op.cancelled() and time.monotonic() < deadline:
        time.sleep(0.01)
    op.check_cancelled()


def test_result_arrives_on_the_gui_thread_from_the_workers_own_session(
    qtbot, db, portfolio, window
):
    threads: list[threading.Thread] = []

    def count(op: OpContext) -> int:
        threads.append(threading.current_thread())
        return op.session.scalar(select(func.count()).select_from(d.Einheit)) or 0

    def show(n: int) -> None:
        threads.append(threading.current_thread())
        window.status.setText(f"{n} Einheiten")

    op = BackgroundOp(count, parent=window, sessions=db.sessions, on_success=show)
    with qtbot.waitSignal(op.finished, timeout=10_000):
        op.start()

    assert window.status.text() == f"{len(portfolio.einheit)} Einheiten"
    worker, gui = threads
    assert worker is not threading.main_thread()
    assert gui is threading.main_thread()
    assert not op.is_running()


def test_known_error_is_shown_as_its_german_message(qtbot, window, boxes):
    def fail(_op: OpContext) -> None:
        raise ValidationError("Die Exportdatei fehlt.")

    op = BackgroundOp(fail, parent=window, on_success=lambda _r: window.status.setText("ok"))
    with qtbot.waitSignal(op.finished, timeout=10_000):
        op.start()

    assert boxes == [("warning", "Ungültige Eingabe", "Die Exportdatei fehlt.")]
    assert window.status.text() == "Bereit."


def test_unexpected_exception_takes_the_bug_path(qtbot, window, boxes):
    def broken(_op: OpContext) -> None:
        raise ZeroDivisionError("division by zero")

    previous = sys.excepthook
    sys.excepthook = ExceptionHook()
    failures: list[object] = []
    try:
        op = BackgroundOp(broken, parent=window, on_failure=failures.append)
        with qtbot.waitSignal(op.finished, timeout=10_000):
            op.start()
    finally:
        sys.excepthook = previous

    assert failures == []  # on_failure is for known errors only
    assert len(boxes) == 1
    kind, title, text = boxes[0]
    assert (kind, title) == ("critical", "Interner Fehler")
    assert "ZeroDivisionError: division by zero" in text


def test_abbrechen_stops_the_work_and_reports_abgebrochen(qtbot, window, boxes):
    stopped = threading.Event()

    def endless(op: OpContext) -> None:
        try:
            _wait_until_cancelled(op)
        finally:
            stopped.set()

    op = BackgroundOp(
        endless,
        parent=window,
        on_success=lambda _r: window.status.setText("fertig"),
        title="Import",
        label="Importiere …",
        cancellable=True,
        show_after_ms=0,
    )
    op.start()
    qtbot.waitUntil(lambda: _progress_dialog(window) is not None, timeout=5_000)
    dialog = _progress_dialog(window)
    button = dialog.findChild(QPushButton, "abbrechen")
    assert button.text() == "Abbrechen" and button.isEnabled()

    with qtbot.waitSignal(op.finished, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert stopped.is_set()
    assert boxes == [("information", "Import", "Der Vorgang wurde abgebrochen.")]
    assert window.status.text() == "Bereit."
    qtbot.waitUntil(lambda: _progress_dialog(window) is None)


def test_cancelled_can_be_shown_in_the_callers_window(qtbot, window, boxes):
    op = BackgroundOp(
        _wait_until_cancelled,
        parent=window,
        on_cancelled=lambda err: window.status.setText(err.message),
    )
    op.start()
    op.cancel()
    qtbot.waitUntil(lambda: not op.is_running(), timeout=10_000)

    assert "abgebrochen" in window.status.text()
    assert boxes == []


def test_progress_reaches_the_dialog(qtbot, window):
    go_on = threading.Event()
    reports: list[str] = []

    def steps(op: OpContext) -> str:
        op.progress(3, 10, "Datei 3 von 10")
        go_on.wait(10)
        return "fertig"

    op = BackgroundOp(
        steps,
        parent=window,
        on_success=window.status.setText,
        on_progress=lambda p: reports.append(p.text),
        label="Berichte werden erstellt …",
        show_after_ms=0,
    )
    op.start()
    qtbot.waitUntil(lambda: _progress_dialog(window) is not None, timeout=5_000)
    dialog = _progress_dialog(window)
    bar = dialog.findChild(QProgressBar, "fortschrittBalken")
    qtbot.waitUntil(lambda: bar.value() == 3, timeout=5_000)
    assert bar.maximum() == 10
    assert dialog.findChild(QLabel, "fortschrittText").text() == "Berichte werden erstellt …"
    assert dialog.findChild(QLabel, "fortschrittDetail").text() == "Datei 3 von 10"
    assert dialog.findChild(QPushButton, "abbrechen") is None  # not cancellable
    assert dialog.isModal()

    with qtbot.waitSignal(op.finished, timeout=10_000):
        go_on.set()

    assert reports == ["Datei 3 von 10"]
    assert window.status.text() == "fertig"
    qtbot.waitUntil(lambda: _progress_dialog(window) is None)


def test_parent_closing_early_cancels_and_drops_the_callbacks(qtbot, boxes):
    parent = QWidget()
    parent.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    status = QLabel(parent)
    parent.show()
    qtbot.waitExposed(parent)
    saw_cancel = threading.Event()

    def until_cancelled(op: OpContext) -> str:
        deadline = time.monotonic() + 10
        while not op.cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        if op.cancelled():
            saw_cancel.set()
        return "spät"

    op = BackgroundOp(
        until_cancelled,
        parent=parent,
        on_success=status.setText,
        label="Läuft …",
        cancellable=True,
        show_after_ms=0,
    )
    op.start()
    parent.close()
    with qtbot.waitSignal(op.finished, timeout=15_000):
        pass

    assert saw_cancel.is_set()
    assert not op.is_running()
    assert boxes == []


def test_progress_reports_are_coalesced(qtbot, window):
    seen: list[int] = []

    def many(op: OpContext) -> None:
        for i in range(1, 200_001):
            op.progress(i, 200_000)

    op = BackgroundOp(many, parent=window, on_progress=lambda p: seen.append(p.value))
    with qtbot.waitSignal(op.finished, timeout=20_000):
        op.start()

    assert seen[-1] == 200_000  # the end is always reported
    assert len(seen) < 1_000
