"""Whether the operating system's keyring can keep passwords."""

from __future__ import annotations

import keyring


def keyring_verfuegbar() -> bool:
    """True when a real keyring backend is available (not the fail/empty chainer)."""
    backend = keyring.get_keyring()
    module = type(backend).__module__
    if module.startswith("keyring.backends.fail"):
        return False
    if module.startswith("keyring.backends.chainer"):
        return bool(getattr(backend, "backends", []))
    return True
