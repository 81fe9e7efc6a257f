"""Interessenten back from Immomio (OpenImmo-Feedback), the search for a unit, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select

from omclient.cli import main
from omclient.clock import Clock
from omclient.db import Database
from omclient.domain import ImmomioSyncStand, ImmomioUebertragung, Interessent
from omclient.errors import ValidationError
from omclient.immomio import interessenten
from omclient.immomio.einstellungen import passwort_speichern
from omclient.immomio.interessenten import suche_fuer_einheit
from tests.integration.test_immomio_push import FEEDBACK, PASSWORT, configure

CLOCK = Clock.fixed(dt.datetime(2026, 11, 23, 9, 0))


def feedback(*objekte: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<openimmo_feedback><version>1.2.7</version>'
        "<sender><name>Immomio</name><openimmo_anid>IMMOMIO</openimmo_anid>"
        "<datum>2026-11-23</datum><makler_id>WBD</makler_id></sender>"
        + "".join(objekte)
        + "</openimmo_feedback>"
    ).encode()


def objekt(oobj_id: str, *personen: str) -> str:
    return f"<objekt><oobj_id>{oobj_id}</oobj_id>{''.join(personen)}</objekt>"


def person(
    vorname: str,
    nachname: str,
    email: str | None = None,
    tel: str | None = None,
    anfrage: str | None = None,
    geburtsdatum: str | None = None,
    **wuensche: str,
) -> str:
    parts = [f"<vorname>{vorname}</vorname>", f"<nachname>{nachname}</nachname>"]
    if tel:
        parts.append(f"<tel>{tel}</tel>")
    if email:
        parts.append(f"<email>{email}</email>")
    if anfrage:
        parts.append(f"<anfrage>{anfrage}</anfrage>")
    felder = dict(wuensche)
    if geburtsdatum:
        felder["geburtsdatum"] = geburtsdatum
    if felder:
        parts.append(
            "<user_defined_extend>"
            + "".join(f"<feld><name>{k}</name><wert>{v}</wert></feld>" for k, v in felder.items())
            + "</user_defined_extend>"
        )
    return f"<interessent>{''.join(parts)}</interessent>"


@pytest.mark.skipif(
    not os.environ.get("OPENIMMO_XSD_FEEDBACK"),
    reason="OPENIMMO_XSD_FEEDBACK zeigt auf kein offizielles Feedback-Schema",
)
@pytest.mark.parametrize(
    "document",
    [
        pytest.param(FEEDBACK, id="ftp-fixture"),
        pytest.param(
            feedback(
                objekt(
                    "01-1010-0008",
                    person(
                        "Lena",
                        "Fischer",
                        email="lena@example.at",
                        tel="+43 660 5550001",
                        anfrage="Besichtigung?",
                        geburtsdatum="1992-04-03",
                        zimmer_min="2",
                    ),
                )
            ).decode(),
            id="helper",
        ),
    ],
)
def test_feedback_fixtures_follow_the_official_schema(document: str) -> None:
    schema = etree.XMLSchema(etree.parse(os.environ["OPENIMMO_XSD_FEEDBACK"]))
    root = etree.fromstring(document.encode())
    assert schema.validate(root), [e.message for e in schema.error_log]


def count(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Interessent)) or 0


def test_import_maps_person_inquiry_and_unit(db: Database, portfolio) -> None:
    configure(db)
    data = feedback(
        objekt(
            "01-1010-0008",
            person(
                "Lena",
                "Fischer",
                "Lena.Fischer@Example.at",
                "+43 660 5550001",
                "Ist das Abteil noch frei?",
                "1992-04-03",
            ),
        ),
        objekt("99-9999-9999", person("Tom", "Unbekannt", "tom@example.at")),
    )
    result = interessenten.import_datei(db.sessions, data, CLOCK)
    assert (result.gelesen, result.neu, result.zusammengefuehrt, result.ohne_einheit) == (
        2,
        2,
        0,
        1,
    )
    with db.sessions() as session:
        rows = interessenten.liste(session)
    fischer = next(r for r in rows if r.nachname == "Fischer")
    assert fischer.vorname == "Lena"
    assert fischer.email == "lena.fischer@example.at"
    assert fischer.telefon == "+43 660 5550001"
    assert fischer.anfrage_text == "Ist das Abteil noch frei?"
    assert fischer.geburtsdatum == dt.date(1992, 4, 3)
    assert fischer.einheit_id == portfolio.einheit["1010/0008"]
    assert fischer.einheit_bezeichnung == "1010/0008 Top K1"
    assert fischer.quelle == "Immomio"
    unknown = next(r for r in rows if r.nachname == "Unbekannt")
    assert unknown.einheit_id is None and unknown.externe_objekt_id == "99-9999-9999"


def test_unit_found_by_sync_state_external_id(db: Database, portfolio) -> None:
    configure(db, separator="|")
    with db.sessions.begin() as session:
        session.add(ImmomioSyncStand(einheit_id=portfolio.einheit["3030/0001"], externe_id="LH-1"))
    interessenten.import_datei(db.sessions, feedback(objekt("LH-1", person("A", "B"))), CLOCK)
    interessenten.import_datei(
        db.sessions, feedback(objekt("02|3030|0001", person("C", "D"))), CLOCK
    )
    with db.sessions() as session:
        rows = interessenten.liste(session)
    assert {r.einheit_id for r in rows} == {portfolio.einheit["3030/0001"]}


def test_duplicates_by_name_and_birth_date_are_merged(db: Database, portfolio) -> None:
    configure(db)
    first = feedback(
        objekt(
            "01-1010-0008",
            person(
                "Lena", "Fischer", "lena@example.at", anfrage="Frage 1", geburtsdatum="1992-04-03"
            ),
        )
    )
    interessenten.import_datei(db.sessions, first, CLOCK)
    interessenten.import_datei(db.sessions, first, CLOCK)  # the same file again
    second = feedback(
        objekt(
            "02-3030-0001",
            person("lena", "FISCHER", "neu@example.at", "+43 1 111", "Frage 2", "1992-04-03"),
        )
    )
    result = interessenten.import_datei(db.sessions, second, CLOCK)
    assert result.zusammengefuehrt == 1
    assert count(db) == 1
    with db.sessions() as session:
        merged = session.scalars(select(Interessent)).one()
    assert merged.email == "lena@example.at"  # kept, not overwritten
    assert merged.telefon == "+43 1 111"  # filled
    assert merged.anfrage_text == "Frage 1\n\n[02-3030-0001] Frage 2"
    assert merged.einheit_id == portfolio.einheit["3030/0001"]


def test_same_name_other_birth_date_is_another_person(db: Database, portfolio) -> None:
    configure(db)
    data = feedback(
        objekt(
            "01-1010-0008",
            person("Lena", "Fischer", "a@example.at", geburtsdatum="1992-04-03"),
            person("Lena", "Fischer", "b@example.at", geburtsdatum="1960-01-01"),
        )
    )
    assert interessenten.import_datei(db.sessions, data, CLOCK).neu == 2
    assert count(db) == 2


def test_without_birth_date_duplicates_by_email(db: Database, portfolio) -> None:
    configure(db)
    data = feedback(
        objekt(
            "01-1010-0008",
            person("Max", "Muster", "max@example.at", anfrage="A"),
            person("Maximilian", "Muster", "MAX@example.at", anfrage="B"),
            person("Max", "Muster", "anders@example.at"),
        )
    )
    result = interessenten.import_datei(db.sessions, data, CLOCK)
    assert (result.neu, result.zusammengefuehrt) == (2, 1)


def test_bad_file_changes_nothing(db: Database, portfolio) -> None:
    configure(db)
    with pytest.raises(ValidationError, match="kein gültiges XML"):
        interessenten.import_datei(db.sessions, b"<openimmo_feedback><objekt>", CLOCK)
    with pytest.raises(ValidationError, match="Keine OpenImmo-Feedback-Datei"):
        interessenten.import_datei(db.sessions, b"<openimmo/>", CLOCK)
    assert count(db) == 0


def test_zip_feedback(db: Database, portfolio) -> None:
    configure(db)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("fb.xml", feedback(objekt("01-1010-0008", person("A", "Zip"))))
    assert interessenten.import_datei(db.sessions, buffer.getvalue(), CLOCK).neu == 1


def test_search_for_unit_finds_inquiries_and_matching_wishes(db: Database, portfolio) -> None:
    configure(db, nicht_vermarkten=[])
    top4 = portfolio.einheit["1010/0004"]  # 3 rooms, 71,80 m², gross rent 916,20
    data = feedback(
        objekt("01-1010-0004", person("Direkt", "Anfrage", "d@example.at")),
        objekt(
            "01-1010-0008",
            person(
                "Passt", "Genau", "p@example.at", zimmer_min="3", flaeche_min="70", miete_max="950"
            ),
            person("Zu", "Teuer", "t@example.at", miete_max="800"),
            person("Zu", "Klein", "k@example.at", zimmer_min="4"),
            person("Ohne", "Wunsch", "o@example.at"),
        ),
    )
    interessenten.import_datei(db.sessions, data, CLOCK)
    with db.sessions() as session:
        hits = suche_fuer_einheit(session, top4, CLOCK)
    assert [h.interessent.nachname for h in hits] == ["Anfrage", "Genau"]
    assert hits[0].direkt and not hits[1].direkt
    assert "mind. 3 Zimmer" in hits[1].gruende
    assert hits[1].interessent.miete_max == Decimal("950")


def test_cli_interessenten_from_file(
    db_url: str, db: Database, portfolio, tmp_path: Path, capsys
) -> None:
    configure(db)
    path = tmp_path / "feedback.xml"
    path.write_bytes(feedback(objekt("01-1010-0008", person("Lena", "Fischer", "l@example.at"))))
    assert main(["--database", db_url, "immomio", "interessenten", "--file", str(path)]) == 0
    assert "1 gelesen, 1 neu, 0 zusammengeführt" in capsys.readouterr().out
    assert (
        main(["--database", db_url, "immomio", "interessenten", "--file", str(tmp_path / "x")]) == 1
    )
    assert "kann nicht gelesen werden" in capsys.readouterr().err


def test_cli_dry_run_export_and_push(
    db_url: str, db: Database, portfolio, tmp_path: Path, capsys, httpserver: HTTPServer
) -> None:
    settings = configure(db, url=httpserver.url_for("/api"))
    passwort_speichern(settings, PASSWORT)
    assert main(["--database", db_url, "--benutzer", "admin", "immomio", "push", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "neu 2, geändert 0, zurückgezogen 0, unverändert 0" in out
    assert "02-3030-0001" in out and "fehlt: " in out

    target = tmp_path / "export.zip"
    assert main(["--database", db_url, "immomio", "export", "-o", str(target)]) == 0
    assert zipfile.is_zipfile(target)
    assert "nichts gesendet" in capsys.readouterr().out

    httpserver.expect_request("/api/upload", method="POST").respond_with_data("OK")
    assert main(["--database", db_url, "--benutzer", "admin", "immomio", "push"]) == 0
    assert "Übertragung erfolgreich: neu 2" in capsys.readouterr().out
    assert main(["--database", db_url, "--benutzer", "admin", "immomio", "push"]) == 0
    assert "nichts zu übertragen" in capsys.readouterr().out
    assert len(httpserver.log) == 1
    assert main(["--database", db_url, "immomio", "verlauf"]) == 0
    assert "Probelauf" in capsys.readouterr().out
    with db.sessions() as session:
        arten = session.scalars(select(ImmomioUebertragung.ergebnis)).all()
    assert sorted(arten) == ["Probelauf", "erfolgreich", "nichts zu übertragen"]


def test_cli_push_failure_exit_code(
    db_url: str, db: Database, portfolio, capsys, httpserver: HTTPServer
) -> None:
    settings = configure(db, url=httpserver.url_for("/api"))
    passwort_speichern(settings, "Xy-9-falsches-PW")
    httpserver.expect_request("/api/upload", method="POST").respond_with_data("no", status=401)
    assert main(["--database", db_url, "immomio", "push"]) == 1
    err = capsys.readouterr().err
    assert "Benutzername oder Passwort sind falsch" in err
    assert "Xy-9-falsches-PW" not in err


def test_cli_push_without_stored_password_and_terminal(
    db_url: str, db: Database, portfolio, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(db, url="https://api.immomio.example")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--database", db_url, "immomio", "push"]) == 1
    assert "kein Passwort im Schlüsselbund" in capsys.readouterr().err


def test_cli_export_before_immomio_is_configured(
    db_url: str, db: Database, portfolio, tmp_path: Path, capsys
) -> None:
    from lxml import etree

    target = tmp_path / "leerstaende.xml"
    assert main(["--database", db_url, "immomio", "export", "-o", str(target)]) == 0
    root = etree.parse(str(target)).getroot()
    ids = [e.text for e in root.iter("objektnr_extern")]
    assert ids == ["01-1010-0008", "02-3030-0001"]  # every Mandant, default separator
    assert root.findtext("anbieter/firma") == "Gemeinnützige Wohnbau Donau GmbH"
    assert root.findtext("anbieter/openimmo_anid")
    # A push needs the settings.
    assert main(["--database", db_url, "immomio", "push"]) == 1
    assert "nicht vollständig eingerichtet" in capsys.readouterr().err
