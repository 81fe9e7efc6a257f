"""The one way to run work off the GUI thread: :class:`BackgroundOp`.

Modelled on Anki's ``CollectionOp``/``QueryOp``: a plain function runs in a
worker thread with its own database session; progress, Cancel and the outcome
come back to the GUI thread; the function never sees a widget.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeAlias, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from omclient.errors import CancelledError, OmError
from omclient.ui.common.errors import show_error

if TYPE_CHECKING:
    # For the type checker only: this is the one place in the UI that opens sessions.
    from sqlalchemy.orm import Session, sessionmaker

    Sessions: TypeAlias = sessionmaker[Session]
    """``Database.sessions``: what a BackgroundOp opens its worker's session from."""

T = TypeVar("T")

PROGRESS_INTERVAL_S = 0.05
"""Progress reports closer together than this are dropped (a new maximum or text
and the final value always pass), so a loop over 250k rows reporting every row
does not flood the GUI thread's event queue."""


@dataclass(frozen=True)
class Progress:
    """One progress report: ``value`` of ``maximum`` (0 = unknown, busy) and a text."""

    value: int
    maximum: int = 0
    text: str = ""


class OpContext:
    """What the function of a :class:`BackgroundOp` gets; used in the worker thread only."""

    def __init__(self, op: BackgroundOp[Any]) -> None:
        self._op = op
        self._session: Session | None = None
        self._lock = threading.Lock()
        self._last: Progress | None = None
        self._last_sent = 0.0

    @property
    def sessions(self) -> Sessions:
        """The sessionmaker, for services that run several units of work themselves."""
        if self._op.sessions is None:
            raise RuntimeError("BackgroundOp ohne sessions gestartet")
        return self._op.sessions

    @property
    def session(self) -> Session:
        """The worker's own session, opened on first use and closed after the function.

        Anything not committed (``with op.session.begin(): …``) is rolled back then.
        """
        if self._session is None:
            self._session = self.sessions()
        return self._session

    def progress(self, value: int, maximum: int = 0, text: str = "") -> None:
        """Report progress; thread-safe, cheap to call per row."""
        report = Progress(value, maximum, text)
        with self._lock:
            last, now = self._last, time.monotonic()
            if (
                last is not None
                and last.maximum == maximum
                and last.text == text
                and not (maximum and value >= maximum)
                and now - self._last_sent < PROGRESS_INTERVAL_S
            ):
                return
            self._last, self._last_sent = report, now
        self._op._bridge.progressed.emit(report)

    def cancelled(self) -> bool:
        """True once the user asked to cancel (or the parent window went away)."""
        return self._op._cancel.is_set()

    def check_cancelled(self) -> None:
        """Raise :class:`~omclient.errors.CancelledError` if cancelling was asked for."""
        if self.cancelled():
            raise CancelledError()

    @property
    def cancel_event(self) -> threading.Event:
        """The cancel flag as an Event, for services that take one."""
        return self._op._cancel

    def _close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


class _Bridge(QObject):
    """Lives in the GUI thread; signals emitted by the worker arrive queued."""

    progressed = Signal(object)
    finished = Signal()


class _Worker(QThread):
    def __init__(self, op: BackgroundOp[Any], parent: QObject) -> None:
        super().__init__(parent)
        self._op = op

    def run(self) -> None:
        self._op._run_in_worker()


class _ProgressDialog(QDialog):
    """Modal progress: what runs, the latest progress text, a bar and „Abbrechen“.

    Closing it (Escape, window button) asks to cancel; it only really closes
    when the op ends.
    """

    def __init__(self, op: BackgroundOp[Any], parent: QWidget | None) -> None:
        super().__init__(parent)
        self._op = op
        self._may_close = False
        self.setObjectName("fortschrittDialog")
        self.setWindowTitle(op.title)
        self.setWindowModality(
            Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        )
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, op.cancellable)
        self.label = QLabel(op.label)
        self.label.setObjectName("fortschrittText")
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(440)
        self.detail = QLabel()
        self.detail.setObjectName("fortschrittDetail")
        self.bar = QProgressBar()
        self.bar.setObjectName("fortschrittBalken")
        self.bar.setRange(0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.detail)
        layout.addWidget(self.bar)
        self.buttons = QDialogButtonBox()
        if op.cancellable:
            self.cancel_button = self.buttons.addButton(
                "Abbrechen", QDialogButtonBox.ButtonRole.RejectRole
            )
            self.cancel_button.setObjectName("abbrechen")
            self.cancel_button.clicked.connect(op.cancel)
            layout.addWidget(self.buttons)

    def show_progress(self, report: Progress) -> None:
        if self._op.cancel_requested:
            return
        self.detail.setText(report.text)
        if report.maximum > 0:
            self.bar.setRange(0, report.maximum)
            self.bar.setValue(min(report.value, report.maximum))
        else:
            self.bar.setRange(0, 0)

    def show_cancelling(self) -> None:
        self.label.setText("Wird abgebrochen …")
        if self._op.cancellable:
            self.cancel_button.setEnabled(False)

    def finish(self) -> None:
        self._may_close = True
        self.close()
        self.deleteLater()

    def reject(self) -> None:
        if self._may_close:
            super().reject()
        elif self._op.cancellable:
            self._op.cancel()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self._may_close:
            self.reject()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()


class BackgroundOp(Generic[T]):
    """Run ``fn(op)`` in a worker thread; deliver its outcome on the GUI thread.

    The contract:

    * ``fn`` runs in a new thread and gets an :class:`OpContext` ``op``:
      ``op.session`` is the worker's own session from ``sessions`` (the
      AppContext's sessionmaker; pass ``None`` for work without a database),
      ``op.sessions`` the sessionmaker for services that commit in several
      units of work, ``op.progress(value, maximum, text)`` reports progress
      (thread-safe, coalesced), ``op.cancelled()`` / ``op.check_cancelled()``
      poll the Cancel flag. ``fn`` must not touch widgets, the GUI thread's
      session or anything else owned by the GUI thread.
    * Exactly one outcome arrives on the GUI thread, after the worker ended:
      ``on_success(result)``; or, when ``fn`` raised
      :class:`~omclient.errors.CancelledError`, ``on_cancelled(err)`` (default:
      its message „… abgebrochen“ in a message box); or for any other
      :class:`~omclient.errors.OmError` ``on_failure(err)`` (default: the
      German message via :func:`~omclient.ui.common.errors.show_error`); any
      other exception is a bug and goes to ``sys.excepthook`` (the GUI's
      :class:`~omclient.ui.common.errors.ExceptionHook`: logged with traceback,
      shown once). Then ``on_finished()`` is called, whatever the outcome
      (the place to re-enable buttons), and :attr:`finished` is emitted.
    * Cancelling only sets a flag; ``fn`` decides when to stop and either
      raises ``CancelledError`` or returns its own typed result (e.g. a
      push that records what was sent before).
    * ``label`` given: a modal progress dialog (window-modal on ``parent``)
      appears after ``show_after_ms`` with the text, a bar and – when
      ``cancellable`` – „Abbrechen“. ``on_progress`` gets every delivered
      :class:`Progress` for progress shown inside the caller's own window.
    * The op keeps a reference to itself until it has finished, so callers
      need not. If ``parent`` is destroyed meanwhile, Cancel is requested and
      no callback is called (they belong to the closed window); a failure is
      still shown, without parent, and a bug still reaches the hook.
    """

    _running: ClassVar[set[BackgroundOp[Any]]] = set()

    def __init__(
        self,
        fn: Callable[[OpContext], T],
        *,
        parent: QWidget | None,
        sessions: Sessions | None = None,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[OmError], None] | None = None,
        on_cancelled: Callable[[CancelledError], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        title: str = "omclient",
        label: str | None = None,
        cancellable: bool = False,
        show_after_ms: int = 300,
    ) -> None:
        self.fn = fn
        self.parent = parent
        self.sessions = sessions
        self.on_success = on_success
        self.on_failure = on_failure
        self.on_cancelled = on_cancelled
        self.on_progress = on_progress
        self.on_finished = on_finished
        self.title = title
        self.label = label or ""
        self.cancellable = cancellable
        self.show_after_ms = show_after_ms
        self._cancel = threading.Event()
        self._outcome: tuple[str, Any] = ("bug", RuntimeError("BackgroundOp lief nicht"))
        self._parent_gone = False
        self._started = self._running_flag = False
        self._bridge = _Bridge()
        self._thread = _Worker(self, self._bridge)
        self._dialog: _ProgressDialog | None = None
        self.finished = self._bridge.finished
        """Emitted on the GUI thread after the outcome was delivered."""
        self._bridge.progressed.connect(self._deliver_progress)
        self._thread.finished.connect(self._deliver_outcome)
        if parent is not None:
            parent.destroyed.connect(self._on_parent_destroyed)

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def start(self) -> BackgroundOp[T]:
        """Start the worker (once); returns self."""
        if self._started:
            raise RuntimeError("BackgroundOp wurde bereits gestartet")
        self._started = self._running_flag = True
        BackgroundOp._running.add(self)
        if self.label:
            self._dialog = _ProgressDialog(self, self.parent)
            QTimer.singleShot(self.show_after_ms, self._bridge, self._show_dialog)
        self._thread.start()
        return self

    def is_running(self) -> bool:
        """True from :meth:`start` until the outcome was delivered."""
        return self._running_flag

    def cancel(self) -> None:
        """Ask ``fn`` to stop (it polls ``op.cancelled()``); thread-safe, idempotent."""
        if self._cancel.is_set():
            return
        self._cancel.set()
        if self._dialog_alive():
            assert self._dialog is not None
            self._dialog.show_cancelling()

    def wait(self, ms: int = 60_000) -> bool:
        """Block until the worker ended (not the delivery); for closing windows and tests."""
        return bool(self._thread.wait(ms))

    @classmethod
    def cancel_all_and_wait(cls, ms: int = 30_000) -> None:
        """Cancel every running op and wait for the workers (on quitting the program)."""
        for op in list(cls._running):
            op.cancel()
        for op in list(cls._running):
            op.wait(ms)

    def _run_in_worker(self) -> None:
        context = OpContext(self)
        try:
            try:
                self._outcome = ("success", self.fn(context))
            finally:
                context._close()
        except CancelledError as err:
            self._outcome = ("cancelled", err)
        except OmError as err:
            self._outcome = ("failure", err)
        except BaseException as err:  # a bug: handed to the GUI thread's exception hook
            self._outcome = ("bug", err)

    def _show_dialog(self) -> None:
        if self._running_flag and self._dialog_alive():
            assert self._dialog is not None
            self._dialog.show()

    def _dialog_alive(self) -> bool:
        return self._dialog is not None and shiboken6.isValid(self._dialog)

    def _parent_alive(self) -> bool:
        return not self._parent_gone and (self.parent is None or shiboken6.isValid(self.parent))

    def _on_parent_destroyed(self) -> None:
        # The progress dialog is a child of the parent and is being destroyed too.
        self._parent_gone = True
        self._dialog = None
        self._cancel.set()

    def _deliver_progress(self, report: Progress) -> None:
        if not self._running_flag:
            return
        if self._dialog_alive():
            assert self._dialog is not None
            self._dialog.show_progress(report)
        if self.on_progress is not None and self._parent_alive():
            self.on_progress(report)

    def _deliver_outcome(self) -> None:
        self._running_flag = False
        if self._dialog_alive():
            assert self._dialog is not None
            self._dialog.finish()
        self._dialog = None
        kind, value = self._outcome
        alive = self._parent_alive()
        parent = self.parent if alive else None
        try:
            if kind == "success":
                if self.on_success is not None and alive:
                    self.on_success(value)
            elif kind == "cancelled":
                if alive:
                    if self.on_cancelled is not None:
                        self.on_cancelled(value)
                    else:
                        QMessageBox.information(parent, self.title, value.message)
            elif kind == "failure":
                if self.on_failure is not None and alive:
                    self.on_failure(value)
                else:
                    show_error(parent, value)
            else:
                sys.excepthook(type(value), value, value.__traceback__)
        finally:
            if self.on_finished is not None and self._parent_alive():
                self.on_finished()
            if alive and self.parent is not None:
                self.parent.destroyed.disconnect(self._on_parent_destroyed)
            self.finished.emit()
            # Dropped only after this signal emission has returned: the op owns the
            # QThread whose ``finished`` is being delivered right now.
            QTimer.singleShot(0, lambda: BackgroundOp._running.discard(self))
