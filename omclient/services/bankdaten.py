"""Checking bank accounts (IBAN, BIC) with schwifty, with German messages.

Used wherever an account is entered: the Kautionskonto and the Register
Zahlung of a Bestandsverhältnis. The rule of the manual: when an IBAN is
given, the BIC is required too.
"""

from __future__ import annotations

from schwifty import BIC, IBAN
from schwifty import exceptions as sx

_IBAN_MESSAGES: dict[type[Exception], str] = {
    sx.InvalidCountryCode: "die Länderkennung ist unbekannt",
    sx.InvalidChecksumDigits: "die Prüfziffern stimmen nicht",
    sx.InvalidLength: "die Länge passt nicht zum Land",
    sx.InvalidStructure: "der Aufbau passt nicht zum Land",
    sx.InvalidBBANChecksum: "die nationale Kontoprüfziffer stimmt nicht",
    sx.InvalidBankCode: "die Bankleitzahl ist ungültig",
    sx.InvalidAccountCode: "die Kontonummer ist ungültig",
    sx.InvalidBranchCode: "die Filialnummer ist ungültig",
}

_BIC_MESSAGES: dict[type[Exception], str] = {
    sx.InvalidCountryCode: "die Länderkennung ist unbekannt",
    sx.InvalidLength: "ein BIC hat 8 oder 11 Stellen",
    sx.InvalidStructure: "der Aufbau ist ungültig (4 Buchstaben Bank, 2 Land, 2 Ort, 3 Filiale)",
}


def _reason(exc: Exception, messages: dict[type[Exception], str]) -> str:
    for kind, text in messages.items():
        if isinstance(exc, kind):
            return text
    return "sie ist ungültig"


def normalize_iban(text: str | None) -> str | None:
    """Compact upper-case form (``AT611904300234573201``) or None for blank input."""
    cleaned = (text or "").replace(" ", "").replace("\u00a0", "").upper()
    return cleaned or None


def normalize_bic(text: str | None) -> str | None:
    cleaned = (text or "").replace(" ", "").upper()
    return cleaned or None


def format_iban(iban: str | None) -> str:
    """Groups of four for display (``AT61 1904 3002 3457 3201``)."""
    if not iban:
        return ""
    compact = normalize_iban(iban) or ""
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def check_account(iban: str | None, bic: str | None, what: str) -> list[str]:
    """German problems with an account; empty when it is fine.

    ``what`` names the account in the messages (e.g. "Kautionskonto").
    IBAN: country, checksum, length and structure; BIC: required when an IBAN
    is given, and checked (structure, country) whenever given.
    """
    problems = []
    iban_c = normalize_iban(iban)
    bic_c = normalize_bic(bic)
    if iban_c:
        try:
            IBAN(iban_c)
        except sx.SchwiftyException as exc:
            problems.append(
                f"{what}: Die IBAN „{format_iban(iban_c)}“ ist ungültig – "
                f"{_reason(exc, _IBAN_MESSAGES)}."
            )
        if not bic_c:
            problems.append(
                f"{what}: Wenn eine IBAN angegeben ist, muss auch der BIC befüllt sein."
            )
    if bic_c:
        try:
            BIC(bic_c)
        except sx.SchwiftyException as exc:
            problems.append(
                f"{what}: Der BIC „{bic_c}“ ist ungültig – {_reason(exc, _BIC_MESSAGES)}."
            )
    return problems


def mask_iban(iban: str | None) -> str:
    """IBAN with all but the country code and the last four digits hidden."""
    compact = normalize_iban(iban)
    if not compact:
        return ""
    masked = compact[:2] + "*" * (len(compact) - 6) + compact[-4:]
    return format_iban(masked)
