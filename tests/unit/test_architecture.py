"""Architecture contracts (import-linter, configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Qt only in omclient.ui KEPT" in result.stdout
    assert "Layers: front ends over features over services over the domain KEPT" in result.stdout
    assert "The UI reads and writes only through services" in result.stdout


def _modules() -> list[str]:
    package = ROOT / "omclient"
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_every_module_of_the_package_imports():
    """A module that fails to import would only show up when a clerk opens its window."""
    import importlib

    failed = {}
    for name in _modules():
        try:
            importlib.import_module(name)
        except Exception as exc:  # collect every failure, report all
            failed[name] = repr(exc)
    assert len(_modules()) > 100
    assert failed == {}


def test_no_module_of_the_package_is_loaded_by_name():
    """A frozen bundle only contains what ordinary import statements name."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "omclient").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(call in line for call in ("import_module", "__import__(", "find_spec(", "spec_from"))
    ]
    assert offenders == []
