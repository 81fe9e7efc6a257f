"""Soak test for the PySide6 6.12.0 / CPython 3.11 refcount bug.

That combination decrements None's refcount in void calls
(``QApplication.processEvents()``, ``QStandardItemModel.setItem`` …) until the
process aborts with "Fatal Python error: none_dealloc" after ~20,000 calls.
pyproject.toml pins PySide6 below 6.12 on Python < 3.12; this test runs far
more calls than that in a child process and fails if the interpreter dies.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 60_000

SCRIPT = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    model = QStandardItemModel(10, 1)
    for i in range({CALLS}):
        QApplication.processEvents()
        model.setItem(i % 10, 0, QStandardItem(str(i)))
    print("ok", {CALLS})
    """
)


def test_many_void_qt_calls_do_not_crash_the_interpreter():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=600
    )
    assert "none_dealloc" not in result.stderr
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == f"ok {CALLS}"
