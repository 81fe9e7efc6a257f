"""Opening the configured Immomio transport from a window: settings checked, password found.

Both the transfer of Leerstände and the fetch of Interessenten go through
:func:`transport_oeffnen`, so the rules (complete settings, password from the
OS keyring, else asked once) live in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from omclient.errors import ValidationError
from omclient.immomio.einstellungen import (
    KEIN_KEYRING,
    ImmomioEinstellungen,
    keyring_verfuegbar,
    passwort_lesen,
)
from omclient.immomio.transport import Transport

TransportFactory = Callable[[ImmomioEinstellungen, str], Transport]


def transport_oeffnen(
    parent: QWidget, settings: ImmomioEinstellungen, factory: TransportFactory
) -> Transport | None:
    """The transport for ``settings``; None when the user declines to type the password.

    ValidationError (with every problem) when the settings are incomplete. The
    password comes from the OS keyring; without one it is asked for and not kept.
    """
    problems = settings.probleme()
    if problems:
        raise ValidationError(
            "Immomio ist noch nicht vollständig eingerichtet (Extras → Immomio).", problems
        )
    passwort = passwort_lesen(settings)
    if not passwort:
        hint = (
            KEIN_KEYRING
            if not keyring_verfuegbar()
            else "Für Immomio ist kein Passwort gespeichert (Extras → Immomio)."
        )
        passwort, ok = QInputDialog.getText(
            parent,
            "Immomio-Passwort",
            f"{hint}\n\nPasswort für {settings.benutzer}@{settings.host}:",
            QLineEdit.EchoMode.Password,
        )
        if not ok or not passwort:
            return None
    return factory(settings, passwort)
