"""Immomio settings without a database: validation, keyring detection, password storage."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends.chainer import ChainerBackend
from keyring.backends.fail import Keyring as FailKeyring

from omclient.errors import IntegrationError
from omclient.immomio.einstellungen import (
    KEYRING_SERVICE,
    ImmomioEinstellungen,
    einstellungen_formular,
    keyring_verfuegbar,
    leerstandsgruende,
    passwort_lesen,
    passwort_loeschen,
    passwort_speichern,
)
from omclient.immomio.transport import redacted

COMPLETE = ImmomioEinstellungen(
    transport="https",
    url="https://api.immomio.de/openimmo",
    benutzer="api-user",
    separator="_",
    mandanten=("01",),
    anbieter_firma="Wohnbau",
    openimmo_anid="ANID",
)


def test_complete_settings_have_no_problems() -> None:
    assert COMPLETE.probleme() == []
    assert COMPLETE.host == "api.immomio.de"
    assert COMPLETE.keyring_user == "api-user@api.immomio.de"


@pytest.mark.parametrize("separator", ["-", "_", ".", "/", "|"])
def test_allowed_separators(separator: str) -> None:
    assert COMPLETE.model_copy(update={"separator": separator}).probleme() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"separator": "#"}, "Separator"),
        ({"separator": ""}, "Separator"),
        ({"url": ""}, "Adresse"),
        ({"url": "http://api.immomio.de"}, "https://"),
        ({"benutzer": " "}, "Benutzernamen"),
        ({"mandanten": ()}, "Mandantennummer"),
        ({"anbieter_firma": ""}, "Firma"),
        ({"openimmo_anid": ""}, "ANID"),
    ],
)
def test_problems_are_named_in_german(changes: dict[str, object], expected: str) -> None:
    problems = COMPLETE.model_copy(update=changes).probleme()
    assert len(problems) == 1 and expected in problems[0]


def test_ftp_host_without_scheme() -> None:
    ftp = COMPLETE.model_copy(update={"transport": "ftp", "url": "ftp.immomio.de:2121/import"})
    assert ftp.probleme() == []
    assert ftp.host == "ftp.immomio.de"


def test_password_only_in_keyring(memory_keyring) -> None:
    assert keyring_verfuegbar()
    assert passwort_lesen(COMPLETE) is None
    passwort_speichern(COMPLETE, "s3cret")
    assert memory_keyring.secrets == {(KEYRING_SERVICE, "api-user@api.immomio.de"): "s3cret"}
    assert passwort_lesen(COMPLETE) == "s3cret"
    passwort_loeschen(COMPLETE)
    assert passwort_lesen(COMPLETE) is None


@pytest.mark.parametrize("backend", [FailKeyring, ChainerBackend])
def test_no_keyring_is_detected_and_nothing_is_stored(
    backend: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A chainer on a machine without any keyring chains nothing.
    monkeypatch.setattr(ChainerBackend, "backends", property(lambda _self: []))
    keyring.set_keyring(backend())
    assert not keyring_verfuegbar()
    assert passwort_lesen(COMPLETE) is None
    with pytest.raises(IntegrationError, match="kein Schlüsselbund"):
        passwort_speichern(COMPLETE, "s3cret")


def test_urls_in_logs_carry_no_credentials() -> None:
    assert (
        redacted("https://user:pw@api.immomio.de:8443/x?y=1") == "https://api.immomio.de:8443/x?y=1"
    )


def test_einstellungen_formular_lists_settings_mandanten_and_gruende(db, portfolio) -> None:
    from tests.integration.test_immomio_push import configure

    configure(db, nicht_vermarkten=["Eigenbedarf"], mandanten=("02",))
    with db.sessions() as session:
        formular = einstellungen_formular(session)
        gruende = leerstandsgruende(session)

    assert formular.einstellungen.mandanten == ("02",)
    assert [(m.mandant_nr, m.name) for m in formular.mandanten] == [
        ("01", "Gemeinnützige Wohnbau Donau GmbH"),
        ("02", "Linzer Wohnungsgenossenschaft eGen"),
    ]
    assert [g.wert for g in formular.leerstandsgruende] == [g.wert for g in gruende]
    assert [g.wert for g in formular.leerstandsgruende if g.nicht_vermarkten] == ["Eigenbedarf"]
