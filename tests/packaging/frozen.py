"""Running an installed omclient as a new user would: outside the checkout, with
an empty home folder and no omclient settings from the developer's environment."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


def clean_env(home: Path) -> dict[str, str]:
    """PATH and a locale only; HOME (and the Windows profile folders) point to ``home``."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "QT_LOGGING_RULES": "qt.qpa.*=false",
    }
    if sys.platform == "win32":
        for name in ("APPDATA", "LOCALAPPDATA", "USERPROFILE"):
            env[name] = str(home / name)
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", "")
    return env


@dataclass
class Installed:
    """An omclient program (``exe`` plus leading arguments) and where it runs."""

    command: list[str]
    home: Path
    cwd: Path

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.command, *args],
            cwd=self.cwd,
            env=clean_env(self.home),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )

    def ok(self, *args: str, timeout: float = 300) -> str:
        """stdout of a command that must succeed."""
        result = self.run(*args, timeout=timeout)
        assert result.returncode == 0, (
            f"omclient {' '.join(args)} → {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
        return result.stdout

    def database(self) -> Path:
        """The SQLite file the program created in the empty home (platform data dir)."""
        found = sorted(self.home.rglob("omclient.db"))
        assert len(found) == 1, found
        return found[0]

    def einheit_mit_kaution(self) -> tuple[str, str, str]:
        """(Objekt, Einheit, BV) numbers of a Bestandsverhältnis whose Kaution is complete."""
        with sqlite3.connect(self.database()) as conn:
            row = conn.execute(
                "select o.objekt_nr, e.einheit_nr, b.bv_nr from kaution k"
                " join bestandsverhaeltnis b on b.id = k.bestandsverhaeltnis_id"
                " join einheit e on e.id = b.einheit_id join objekt o on o.id = e.objekt_id"
                " where k.betrag is not null and k.einzahlungsdatum is not null"
                " order by o.objekt_nr, e.einheit_nr, b.bv_nr limit 1"
            ).fetchone()
        assert row is not None, "die Demo hat keine vollständige Kaution"
        return row


def assert_pdf(path: Path) -> None:
    assert path.is_file(), path
    assert path.read_bytes()[:5] == b"%PDF-", path
