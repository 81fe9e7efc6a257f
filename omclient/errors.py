"""The typed error hierarchy.

``OmError`` and its subclasses are *known* errors: they carry a German message
meant for the user and are shown in a dialog (GUI) or printed (CLI) without a
traceback. Any other exception is a bug: it is logged with traceback and shown
once as an internal error.
"""

from __future__ import annotations

import errno


class OmError(Exception):
    """Base of all user-facing errors. ``str(err)`` is the German message."""

    title = "Fehler"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(OmError):
    """Input that cannot be accepted; nothing was changed.

    ``problems`` lists every single finding (e.g. one per field or file line),
    ``message`` summarises them.
    """

    title = "Ungültige Eingabe"

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class NotFoundError(OmError):
    title = "Nicht gefunden"


class ConflictError(OmError):
    """Someone else saved the record meanwhile (optimistic version counter)."""

    title = "Bearbeitungskonflikt"


class ReadOnlyFieldError(OmError):
    """An attempt to write a field that d+ RW owns."""

    title = "Feld aus d+ RW"

    def __init__(self, entity: str, fields: list[str]) -> None:
        names = ", ".join(fields)
        super().__init__(
            f"Die Felder {names} von {entity} werden aus d+ RW konvertiert und können "
            "in d+ OM nicht geändert werden. Bitte wenden Sie sich an die Buchhaltung."
            if len(fields) > 1
            else f"Das Feld {names} von {entity} wird aus d+ RW konvertiert und kann "
            "in d+ OM nicht geändert werden. Bitte wenden Sie sich an die Buchhaltung."
        )
        self.entity = entity
        self.fields = fields


class PermissionDeniedError(OmError):
    title = "Keine Berechtigung"


class IntegrationError(OmError):
    """A partner system (Immomio, FTP, keyring, …) failed in a known way."""

    title = "Fehler bei der Übertragung"


class CancelledError(OmError):
    """Long work stopped because the user pressed „Abbrechen“; nothing half done remains."""

    title = "Abgebrochen"

    def __init__(self, message: str = "Der Vorgang wurde abgebrochen.") -> None:
        super().__init__(message)


class SchemaTooNewError(OmError):
    title = "Datenbank zu neu"


class DatabaseUnavailableError(OmError):
    """The database cannot be opened: bad address, unreachable server, not a database."""

    title = "Datenbank kann nicht geöffnet werden"


_OS_REASONS = {
    errno.ENOENT: "Ordner oder Datei nicht vorhanden",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOSPC: "kein Speicherplatz mehr frei",
    errno.EDQUOT: "Speicherkontingent erschöpft",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.EISDIR: "das ist ein Ordner, keine Datei",
    errno.EEXIST: "ist schon vorhanden",
    errno.ENAMETOOLONG: "der Pfad ist zu lang",
}


def describe_os_error(exc: OSError) -> str:
    """A German sentence for a failed file operation, naming the path."""
    reason = _OS_REASONS.get(exc.errno or 0, exc.strerror or "unbekannter Fehler")
    name = exc.filename if exc.filename is not None else ""
    return f"„{name}“ kann nicht verwendet werden: {reason}."
