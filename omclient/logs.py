"""The rotating log file that the GUI and the command line share.

Log lines name commands, counts and outcomes, never tenants' names, addresses,
IBANs or amounts; SQLAlchemy keeps statement parameters out of its messages
(``hide_parameters`` in :func:`omclient.db.make_engine`).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE_NAME = "omclient.log"


HANDLER_NAME = "omclient-file"


def setup_logging(log_dir: Path) -> Path:
    """Log to the rotating file in ``log_dir``; return its path.

    The root logger has at most one such file handler: calling this again with
    another folder moves the log there.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for existing in list(root.handlers):
        if existing.get_name() != HANDLER_NAME:
            continue
        assert isinstance(existing, logging.FileHandler)
        if Path(existing.baseFilename) == path.resolve():
            return path
        root.removeHandler(existing)
        existing.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
