"""Running long Immomio work (push, feedback fetch) off the GUI thread.

:class:`BackgroundJob` runs a plain function in a ``QThread``. The function
receives a :class:`JobControl` to report progress and to ask whether the user
cancelled; it never touches widgets. Results and errors come back as queued
signals in the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal


class JobControl:
    """What the worker may do: report progress, check for Cancel."""

    def __init__(self, job: BackgroundJob) -> None:
        self._job = job
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        self._job.progressed.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Runner(QThread):
    def __init__(self, job: BackgroundJob, fn: Callable[[JobControl], Any]) -> None:
        super().__init__()
        self._job = job
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn(self._job.control)
        except BaseException as exc:  # handed to the GUI thread, shown there
            self._job.failed.emit(exc)
            return
        self._job.succeeded.emit(result)


class BackgroundJob(QObject):
    """One background run of ``fn(control)``; signals arrive in the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    done = Signal()

    def __init__(self, fn: Callable[[JobControl], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.control = JobControl(self)
        self._thread = _Runner(self, fn)
        self._thread.finished.connect(self.done)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self.control.cancel()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30000) -> bool:
        return self._thread.wait(ms)
