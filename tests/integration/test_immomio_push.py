"""Leerstände → Immomio against real local servers (HTTP on 127.0.0.1, pyftpdlib FTP).

Covers: which units are Leerstände, change-only transfers with DELETEs, --voll,
wrong password, 500 then success, timeout, dropped connection, partial batches
(no duplicates, no lost state), FTP upload and feedback, no credentials in logs.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from omclient.clock import Clock
from omclient.db import Database
from omclient.domain import (
    Bestandsverhaeltnis,
    Einheit,
    ImmomioSyncStand,
    ImmomioUebertragung,
    Interessent,
)
from omclient.domain.enums import BvArt
from omclient.errors import IntegrationError, PermissionDeniedError, ValidationError
from omclient.immomio import interessenten, push
from omclient.immomio.einstellungen import (
    ImmomioEinstellungen,
    MandantAnbieter,
    load_settings,
    nicht_vermarkten_gruende,
    save_settings,
)
from omclient.immomio.leerstaende import finde_leerstaende
from omclient.immomio.transport import (
    ANMELDUNG_FEHLGESCHLAGEN,
    FtpTransport,
    HttpsTransport,
    RetryPolicy,
)
from omclient.services.benutzer import current_user
from tests.support.portfolio import TODAY

PASSWORT = "Geh3im!Immomio-Passwort"
CLOCK = Clock.fixed(dt.datetime(2026, 11, 23, 9, 0))


def configure(
    db: Database, nicht_vermarkten: list[str] | None = None, **changes: object
) -> ImmomioEinstellungen:
    values: dict[str, object] = dict(
        transport="https",
        url="http://127.0.0.1:1",
        benutzer="api-user",
        separator="-",
        mandanten=("01", "02"),
        anbieter=(
            MandantAnbieter(
                mandant_nr="01",
                firma="Gemeinnützige Wohnbau Donau GmbH",
                anbieternr="WBD",
                openimmo_anid="ANID-WBD",
            ),
            MandantAnbieter(mandant_nr="02", firma="Linzer Wohnbau", openimmo_anid="ANID-LW"),
        ),
        batch_groesse=100,
    )
    values.update(changes)
    settings = ImmomioEinstellungen.model_validate(values)
    with db.sessions() as session:
        admin = current_user(session, "admin")
    with db.sessions() as session:
        save_settings(session, admin, settings, nicht_vermarkten=nicht_vermarkten)
    return settings


def ids_of(db: Database, settings: ImmomioEinstellungen, stichtag: dt.date = TODAY) -> list[str]:
    with db.sessions() as session:
        return [ls.externe_id for ls in finde_leerstaende(session, settings, stichtag)]


def no_wait() -> RetryPolicy:
    return RetryPolicy(versuche=4, basis_s=0.01, sleep=lambda _s: None)


def https(
    settings: ImmomioEinstellungen, server: HTTPServer, versuche: int = 4, **kw: object
) -> HttpsTransport:
    settings = settings.model_copy(update={"url": server.url_for("/api"), **kw})
    return HttpsTransport(
        settings,
        PASSWORT,
        retry=RetryPolicy(versuche=versuche, basis_s=0.01, sleep=lambda _s: None),
    )


def received_objects(request: Request) -> list[tuple[str, str | None]]:
    """(objektnr_extern, aktionart) of every immobilie in the uploaded ZIP."""
    data = request.files["datei"].read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        [name] = archive.namelist()
        root = etree.fromstring(archive.read(name))
    return [
        (
            im.findtext("verwaltung_techn/objektnr_extern"),
            im.find("verwaltung_techn/aktion").get("aktionart"),
        )
        for im in root.iter("immobilie")
    ]


class Recorder:
    """A handler that records the objects of every upload and answers per script."""

    def __init__(self, script: list[object] | None = None) -> None:
        self.script = list(script or [])
        self.uploads: list[list[tuple[str, str | None]]] = []
        self.auth: list[str | None] = []

    def __call__(self, request: Request) -> Response:
        self.auth.append(request.headers.get("Authorization"))
        step = self.script.pop(0) if self.script else 200
        if isinstance(step, int) and step != 200:
            return Response("Fehler", status=step)
        objects = received_objects(request)
        if callable(step):
            return step(objects)
        self.uploads.append(objects)
        return Response("OK", status=200)

    @property
    def sent_ids(self) -> list[str]:
        return [i for upload in self.uploads for i, _ in upload]


def sync_states(db: Database) -> dict[str, tuple[str | None, bool]]:
    with db.sessions() as session:
        return {
            s.externe_id: (s.inhalt_hash, s.zurueckgezogen_am is not None)
            for s in session.scalars(select(ImmomioSyncStand))
        }


def test_leerstaende_of_the_portfolio(db: Database, portfolio) -> None:
    settings = configure(db)
    # Top 4 is vacant but under Sanierung (not marketed); 0007 is inactive; the rest is let.
    assert ids_of(db, settings) == ["01-1010-0008", "02-3030-0001"]
    with db.sessions() as session:
        assert nicht_vermarkten_gruende(session) == {"Sanierung", "Eigenbedarf"}


def test_marketable_reason_and_mandanten_filter(db: Database, portfolio) -> None:
    settings = configure(db, nicht_vermarkten=["Eigenbedarf"], mandanten=("01",), separator="/")
    assert ids_of(db, settings) == ["01/1010/0004", "01/1010/0008"]
    with db.sessions() as session:
        [top4] = [
            ls for ls in finde_leerstaende(session, settings, TODAY) if ls.einheit_nr == "0004"
        ]
    assert top4.grundmiete == Decimal("610.00")
    assert top4.betriebskosten == Decimal("152.00")
    assert top4.heizkosten == Decimal("65.00")
    assert top4.verfuegbar_ab == dt.date(2026, 12, 1)
    assert top4.etage == 3
    assert top4.baujahr == 1997
    assert top4.aufzug and top4.fahrradraum and top4.keller and top4.gegensprechanlage
    assert top4.fehlende_felder() == []


def test_tenant_with_auszug_is_vacant_from_the_next_day(db: Database, portfolio) -> None:
    settings = configure(db)
    with db.sessions.begin() as session:
        novak = session.get_one(Bestandsverhaeltnis, portfolio.bv["1010/0002/2"])
        novak.auszugsdatum = dt.date(2026, 12, 31)
    with db.sessions() as session:
        found = {ls.externe_id: ls for ls in finde_leerstaende(session, settings, TODAY)}
    assert found["01-1010-0002"].verfuegbar_ab == dt.date(2027, 1, 1)


def test_unit_already_let_again_is_no_leerstand(db: Database, portfolio) -> None:
    settings = configure(db)
    with db.sessions.begin() as session:
        session.add(
            Bestandsverhaeltnis(
                einheit_id=portfolio.einheit["3030/0001"],
                person_id=portfolio.person["Pichler"],
                bv_nr="1",
                art=BvArt.MIETE,
                bezugsdatum=dt.date(2027, 2, 1),
            )
        )
    assert ids_of(db, settings) == ["01-1010-0008"]


def test_missing_checklist_fields_are_named(db: Database, portfolio) -> None:
    settings = configure(db)
    with db.sessions() as session:
        p = push.plan(session, settings, TODAY)
    by_id = {x.externe_id: x for x in p.posten}
    # Linzer Hof: no target rent, no heating, no Energieausweis.
    assert {"Grundmiete", "Betriebskosten", "Heizungsart", "Energieausweis (HWB)"} <= set(
        by_id["02-3030-0001"].fehlende_felder
    )
    assert "Baujahr" not in by_id["02-3030-0001"].fehlende_felder


def test_settings_round_trip_and_validation(db: Database, portfolio) -> None:
    settings = configure(db, mandanten=("02",), separator="|")
    with db.sessions() as session:
        assert load_settings(session) == settings
        clerk = current_user(session, "sb")
    with db.sessions() as session, pytest.raises(PermissionDeniedError):
        save_settings(session, clerk, settings)
    bad = settings.model_copy(update={"separator": "#", "mandanten": ("99",)})
    with db.sessions() as session:
        admin = current_user(session, "admin")
    with db.sessions() as session, pytest.raises(ValidationError) as err:
        save_settings(session, admin, bad)
    assert any("Separator" in p for p in err.value.problems)
    assert any("99" in p for p in err.value.problems)
    with db.sessions() as session:
        assert load_settings(session).separator == "|"


def test_first_push_then_nothing_then_change_then_delete(
    db: Database, portfolio, httpserver: HTTPServer
) -> None:
    settings = configure(db)
    recorder = Recorder()
    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(recorder)
    transport = https(settings, httpserver)

    first = push.push(db.sessions, transport, "admin", CLOCK)
    assert (first.ergebnis, first.neu, first.geaendert, first.zurueckgezogen) == (
        "erfolgreich",
        2,
        0,
        0,
    )
    assert recorder.uploads == [[("01-1010-0008", None), ("02-3030-0001", None)]]
    assert recorder.auth[0].startswith("Basic ")

    second = push.push(db.sessions, transport, "admin", CLOCK)
    assert second.ergebnis == "nichts zu übertragen"
    assert len(recorder.uploads) == 1

    with db.sessions.begin() as session:
        session.get_one(Einheit, portfolio.einheit["1010/0008"]).einbaukueche = True
        session.add(
            Bestandsverhaeltnis(
                einheit_id=portfolio.einheit["3030/0001"],
                person_id=portfolio.person["Pichler"],
                bv_nr="1",
                art=BvArt.MIETE,
                bezugsdatum=dt.date(2026, 11, 1),
            )
        )
    with db.sessions() as session:
        p = push.plan(session, settings, TODAY)
    assert p.zaehler() == {
        "neu": 0,
        "geaendert": 1,
        "zurueckgezogen": 1,
        "unveraendert": 0,
        "nicht_gesendet": 0,
    }
    third = push.push(db.sessions, transport, "admin", CLOCK)
    assert (third.geaendert, third.zurueckgezogen) == (1, 1)
    assert recorder.uploads[-1] == [("01-1010-0008", "CHANGE"), ("02-3030-0001", "DELETE")]
    assert sync_states(db)["02-3030-0001"] == (None, True)

    with db.sessions() as session:
        history = push.verlauf(session)
    assert [h.ergebnis for h in history] == ["erfolgreich", "nichts zu übertragen", "erfolgreich"]


def test_voll_sends_everything_as_one_full_transfer(
    db: Database, portfolio, httpserver: HTTPServer
) -> None:
    settings = configure(db, batch_groesse=1)
    recorder = Recorder()
    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(recorder)
    transport = https(settings, httpserver)
    push.push(db.sessions, transport, "admin", CLOCK)
    assert len(recorder.uploads) == 2
    result = push.push(db.sessions, transport, "admin", CLOCK, voll=True)
    assert result.ergebnis == "erfolgreich"
    assert recorder.uploads[-1] == [("01-1010-0008", "CHANGE"), ("02-3030-0001", "CHANGE")]


def test_wrong_password_is_not_retried_and_changes_nothing(
    db: Database, portfolio, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = configure(db)
    recorder = Recorder([401, 401, 401])
    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(recorder)
    result = push.push(db.sessions, https(settings, httpserver), "admin", CLOCK)
    assert result.ergebnis == "fehlerhaft"
    assert result.meldung == ANMELDUNG_FEHLGESCHLAGEN
    assert len(recorder.auth) == 1
    assert sync_states(db) == {}
    with db.sessions() as session:
        record = session.scalars(select(ImmomioUebertragung)).one()
    assert record.ergebnis == "fehlerhaft"
    assert "Passwort" in (record.meldung or "")
    assert PASSWORT not in caplog.text
    assert PASSWORT not in (record.meldung or "")


def test_server_error_then_success_is_retried(
    db: Database, portfolio, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = configure(db)
    recorder = Recorder([500, 503])
    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(recorder)
    result = push.push(db.sessions, https(settings, httpserver), "admin", CLOCK)
    assert result.ergebnis == "erfolgreich"
    assert len(recorder.auth) == 3
    assert recorder.sent_ids == ["01-1010-0008", "02-3030-0001"]
    assert set(sync_states(db)) == {"01-1010-0008", "02-3030-0001"}
    assert "neuer Versuch" in caplog.text
    assert PASSWORT not in caplog.text


def test_other_client_error_is_not_retried(db: Database, portfolio, httpserver: HTTPServer) -> None:
    settings = configure(db)
    recorder = Recorder([422])
    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(recorder)
    result = push.push(db.sessions, https(settings, httpserver), "admin", CLOCK)
    assert result.ergebnis == "fehlerhaft"
    assert "HTTP 422" in (result.meldung or "")
    assert len(recorder.auth) == 1


def test_timeout_gives_up_after_retries_without_state(
    db: Database, portfolio, httpserver: HTTPServer
) -> None:
    settings = configure(db)
    calls: list[float] = []

    def slow(request: Request) -> Response:
        calls.append(time.monotonic())
        time.sleep(0.6)
        return Response("spät", status=200)

    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(slow)
    transport = https(settings, httpserver, versuche=2, timeout_s=0.2)
    result = push.push(db.sessions, transport, "admin", CLOCK)
    assert result.ergebnis == "fehlerhaft"
    assert "Zeitüberschreitung" in (result.meldung or "")
    assert result.offen == 2
    assert sync_states(db) == {}
    with db.sessions() as session:
        assert push.plan(session, settings, TODAY).zaehler()["neu"] == 2


@pytest.fixture
def dropping_server() -> Iterator[tuple[str, list[bytes]]]:
    """A server on 127.0.0.1 that drops the first connection and then answers 200."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        n = 0
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            n += 1
            with conn:
                conn.settimeout(2)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if n == 1:
                    conn.shutdown(socket.SHUT_RDWR)  # dropped mid-request
                    continue
                head, _, body = data.partition(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                while len(body) < length:
                    body += conn.recv(65536)
                received.append(body)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/api", received
    stop.set()
    thread.join(2)
    listener.close()


def test_dropped_connection_is_retried(db: Database, portfolio, dropping_server) -> None:
    url, received = dropping_server
    settings = configure(db).model_copy(update={"url": url})
    transport = HttpsTransport(settings, PASSWORT, retry=no_wait())
    result = push.push(db.sessions, transport, "admin", CLOCK, settings=settings)
    assert result.ergebnis == "erfolgreich"
    assert len(received) == 1
    assert b"01-1010-0008" in received[0] or b"PK" in received[0]
    assert set(sync_states(db)) == {"01-1010-0008", "02-3030-0001"}


def test_partial_batch_resumes_without_duplicates(
    db: Database, portfolio, httpserver: HTTPServer
) -> None:
    settings = configure(db, nicht_vermarkten=[], batch_groesse=1)
    # Batch 1 ok; batch 2 fails four times (all retries); the rest never goes out.
    recorder = Recorder([200, 500, 500, 500, 500])
    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(recorder)
    transport = https(settings, httpserver)
    first = push.push(db.sessions, transport, "admin", CLOCK)
    assert first.ergebnis == "fehlerhaft"
    assert (first.neu, first.offen) == (1, 2)
    assert recorder.sent_ids == ["01-1010-0004"]
    assert set(sync_states(db)) == {"01-1010-0004"}

    second = push.push(db.sessions, transport, "admin", CLOCK)
    assert (second.ergebnis, second.neu) == ("erfolgreich", 2)
    assert recorder.sent_ids == ["01-1010-0004", "01-1010-0008", "02-3030-0001"]
    assert len(set(recorder.sent_ids)) == len(recorder.sent_ids)
    with db.sessions() as session:
        records = session.scalars(
            select(ImmomioUebertragung).order_by(ImmomioUebertragung.id)
        ).all()
    assert [(r.ergebnis, r.neu) for r in records] == [("fehlerhaft", 1), ("erfolgreich", 2)]
    assert "noch offen" in (records[0].meldung or "")


def test_only_objects_the_server_accepted_are_confirmed(
    db: Database, portfolio, httpserver: HTTPServer
) -> None:
    settings = configure(db)

    def partly(objects: list[tuple[str, str | None]]) -> Response:
        return Response(
            '{"accepted": ["01-1010-0008"], "rejected": [{"id": "02-3030-0001", '
            '"message": "PLZ unbekannt"}]}',
            status=200,
            content_type="application/json",
        )

    recorder = Recorder([partly])
    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(recorder)
    result = push.push(db.sessions, https(settings, httpserver), "admin", CLOCK)
    assert result.ergebnis == "teilweise"
    assert result.abgelehnt == {"02-3030-0001": "PLZ unbekannt"}
    assert set(sync_states(db)) == {"01-1010-0008"}
    with db.sessions() as session:
        assert push.plan(session, settings, TODAY).zaehler()["neu"] == 1


def test_cancel_between_batches_keeps_what_was_confirmed(
    db: Database, portfolio, httpserver: HTTPServer
) -> None:
    settings = configure(db, batch_groesse=1)
    recorder = Recorder()
    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(recorder)
    progress: list[tuple[int, int]] = []
    result = push.push(
        db.sessions,
        https(settings, httpserver),
        "admin",
        CLOCK,
        progress=lambda done, total: progress.append((done, total)),
        cancelled=lambda: len(progress) >= 2,
    )
    assert result.ergebnis == "abgebrochen"
    assert progress == [(0, 2), (1, 2)]
    assert set(sync_states(db)) == {"01-1010-0008"}


def test_unconfigured_push_is_refused(db: Database, portfolio) -> None:
    with pytest.raises(ValidationError):
        push.push(
            db.sessions, HttpsTransport(ImmomioEinstellungen(url="https://x"), "pw"), "admin", CLOCK
        )


def test_export_writes_zip_and_xml_and_sends_nothing(
    db: Database, portfolio, tmp_path: Path
) -> None:
    settings = configure(db)
    with db.sessions() as session:
        p = push.export(session, settings, tmp_path / "leerstaende.zip", CLOCK)
        push.export(session, settings, tmp_path / "leerstaende.xml", CLOCK)
    assert p.zaehler()["neu"] == 2
    with zipfile.ZipFile(tmp_path / "leerstaende.zip") as archive:
        assert archive.namelist() == ["leerstaende.xml"]
    root = etree.parse(str(tmp_path / "leerstaende.xml")).getroot()
    assert len(root.findall("anbieter/immobilie")) == 2
    assert sync_states(db) == {}


@pytest.fixture
def ftp_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler
    from pyftpdlib.servers import ThreadedFTPServer

    home = tmp_path / "ftp"
    (home / "feedback").mkdir(parents=True)
    authorizer = DummyAuthorizer()
    authorizer.add_user("dit-user", PASSWORT, str(home), perm="elradfmw")
    handler = type("Handler", (FTPHandler,), {"authorizer": authorizer})
    server = ThreadedFTPServer(("127.0.0.1", 0), handler)
    port = server.socket.getsockname()[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.2}, daemon=True)
    thread.start()
    yield port, home
    server.close_all()
    thread.join(2)


def test_ftp_upload_renames_complete_file(db: Database, portfolio, ftp_server) -> None:
    port, home = ftp_server
    settings = configure(db, transport="ftp", url=f"127.0.0.1:{port}", benutzer="dit-user")
    result = push.push(
        db.sessions, FtpTransport(settings, PASSWORT, retry=no_wait()), "admin", CLOCK
    )
    assert result.ergebnis == "erfolgreich"
    files = sorted(p.name for p in home.iterdir() if p.is_file())
    assert len(files) == 1 and files[0].endswith(".zip")
    with zipfile.ZipFile(home / files[0]) as archive:
        xml = archive.read(archive.namelist()[0])
    assert b"01-1010-0008" in xml
    assert set(sync_states(db)) == {"01-1010-0008", "02-3030-0001"}


def test_ftp_wrong_password(
    db: Database, portfolio, ftp_server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    port, _home = ftp_server
    settings = configure(db, transport="ftp", url=f"127.0.0.1:{port}", benutzer="dit-user")
    result = push.push(
        db.sessions, FtpTransport(settings, "falsch-" + PASSWORT, retry=no_wait()), "admin", CLOCK
    )
    assert result.meldung == ANMELDUNG_FEHLGESCHLAGEN
    assert sync_states(db) == {}
    assert PASSWORT not in caplog.text


def test_ftp_server_gone_is_a_clear_error(db: Database, portfolio) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings = configure(db, transport="ftp", url=f"127.0.0.1:{port}", benutzer="dit-user")
    with pytest.raises(IntegrationError) as err:
        FtpTransport(settings, PASSWORT, retry=no_wait()).senden("x.zip", b"PK")
    assert "nach 4 Versuchen" in err.value.message


FEEDBACK = """<?xml version="1.0" encoding="UTF-8"?>
<openimmo_feedback>
  <version>1.2.7</version>
  <sender>
    <name>Immomio</name><openimmo_anid>IMMOMIO</openimmo_anid>
    <datum>2026-11-23</datum><makler_id>WBD</makler_id>
  </sender>
  <objekt>
    <anbieter_id>ANID-WBD</anbieter_id>
    <oobj_id>01-1010-0008</oobj_id>
    <interessent>
      <vorname>Lena</vorname><nachname>Fischer</nachname>
      <tel>+43 660 5550001</tel><email>Lena.Fischer@example.at</email>
      <anfrage>Ist das Kellerabteil noch frei?</anfrage>
      <user_defined_extend><feld><name>geburtsdatum</name><wert>1992-04-03</wert></feld></user_defined_extend>
    </interessent>
  </objekt>
</openimmo_feedback>
"""


def test_ftp_feedback_is_imported_and_removed(db: Database, portfolio, ftp_server) -> None:
    port, home = ftp_server
    (home / "feedback" / "anfragen_1.xml").write_text(FEEDBACK, encoding="utf-8")
    settings = configure(db, transport="ftp", url=f"127.0.0.1:{port}", benutzer="dit-user")
    result = interessenten.abrufen(
        db.sessions, FtpTransport(settings, PASSWORT, retry=no_wait()), CLOCK
    )
    assert (result.dateien, result.neu) == (1, 1)
    assert list((home / "feedback").iterdir()) == []
    with db.sessions() as session:
        person = session.scalars(select(Interessent)).one()
    assert (person.nachname, person.einheit_id) == ("Fischer", portfolio.einheit["1010/0008"])


def test_https_feedback_fetch(db: Database, portfolio, httpserver: HTTPServer) -> None:
    settings = configure(db)
    httpserver.expect_ordered_request("/api/feedback", method="GET").respond_with_data(
        FEEDBACK, content_type="application/xml", headers={"X-Feedback-Id": "fb-17"}
    )
    httpserver.expect_ordered_request("/api/feedback/fb-17", method="DELETE").respond_with_data("")
    result = interessenten.abrufen(db.sessions, https(settings, httpserver), CLOCK)
    assert (result.gelesen, result.neu) == (1, 1)
    httpserver.check_assertions()


@pytest.fixture
def ftps_server(tmp_path: Path) -> Iterator[tuple[int, Path, Path]]:
    pytest.importorskip("OpenSSL")
    import subprocess

    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import TLS_FTPHandler
    from pyftpdlib.servers import ThreadedFTPServer

    cert = tmp_path / "server.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(cert),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    home = tmp_path / "ftps"
    home.mkdir()
    authorizer = DummyAuthorizer()
    authorizer.add_user("dit-user", PASSWORT, str(home), perm="elradfmw")
    handler = type(
        "Handler",
        (TLS_FTPHandler,),
        {
            "authorizer": authorizer,
            "certfile": str(cert),
            "tls_control_required": True,
            "tls_data_required": True,
        },
    )
    server = ThreadedFTPServer(("127.0.0.1", 0), handler)
    port = server.socket.getsockname()[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.2}, daemon=True)
    thread.start()
    yield port, home, cert
    server.close_all()
    thread.join(2)


def test_ftps_upload_with_trusted_certificate(db: Database, portfolio, ftps_server) -> None:
    import ssl

    port, home, cert = ftps_server
    settings = configure(db, transport="ftps", url=f"127.0.0.1:{port}", benutzer="dit-user")
    context = ssl.create_default_context(cafile=str(cert))
    transport = FtpTransport(settings, PASSWORT, tls=True, retry=no_wait(), ssl_context=context)
    result = push.push(db.sessions, transport, "admin", CLOCK)
    assert result.ergebnis == "erfolgreich"
    assert [p.suffix for p in home.iterdir()] == [".zip"]
    with db.sessions() as session:
        assert session.scalars(select(ImmomioUebertragung.transport)).one() == "ftps"


def test_ftps_untrusted_certificate_is_refused(db: Database, portfolio, ftps_server) -> None:
    port, home, _cert = ftps_server
    settings = configure(db, transport="ftps", url=f"127.0.0.1:{port}", benutzer="dit-user")
    result = push.push(
        db.sessions, FtpTransport(settings, PASSWORT, tls=True, retry=no_wait()), "admin", CLOCK
    )
    assert result.ergebnis == "fehlerhaft"
    assert "nicht vertrauenswürdig" in (result.meldung or "")
    assert list(home.iterdir()) == []


def test_changed_separator_withdraws_old_ids_and_offers_new_ones(
    db: Database, portfolio, httpserver: HTTPServer
) -> None:
    settings = configure(db)
    recorder = Recorder()
    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(recorder)
    push.push(db.sessions, https(settings, httpserver), "admin", CLOCK)
    settings = configure(db, separator="/")
    with db.sessions() as session:
        assert push.plan(session, settings, TODAY).zaehler() == {
            "neu": 2,
            "geaendert": 0,
            "zurueckgezogen": 2,
            "unveraendert": 0,
            "nicht_gesendet": 0,
        }
    result = push.push(db.sessions, https(settings, httpserver), "admin", CLOCK)
    assert (result.ergebnis, result.neu, result.zurueckgezogen) == ("erfolgreich", 2, 2)
    # One anbieter element per Mandant: its new objects, then its withdrawals.
    assert recorder.uploads[-1] == [
        ("01/1010/0008", None),
        ("01-1010-0008", "DELETE"),
        ("02/3030/0001", None),
        ("02-3030-0001", "DELETE"),
    ]
    states = sync_states(db)
    assert sorted(states) == ["01/1010/0008", "02/3030/0001"]
    assert all(digest and not withdrawn for digest, withdrawn in states.values())
    assert push.push(db.sessions, https(settings, httpserver), "admin", CLOCK).ergebnis == (
        "nichts zu übertragen"
    )


class BrokenTransport:
    art = "https"

    def senden(self, dateiname: str, daten: bytes):
        raise RuntimeError("Programmfehler")

    def feedback_abrufen(self):
        return []

    def feedback_quittieren(self, datei) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_bug_during_the_transfer_leaves_no_running_record(db: Database, portfolio) -> None:
    configure(db)
    with pytest.raises(RuntimeError):
        push.push(db.sessions, BrokenTransport(), "admin", CLOCK)
    with db.sessions() as session:
        record = session.scalars(select(ImmomioUebertragung)).one()
    assert (record.ergebnis, record.beendet_am is not None) == ("fehlerhaft", True)
    assert sync_states(db) == {}


def test_administrator_changes_ust_rates_and_the_listing_follows(db: Database, portfolio) -> None:
    from omclient.domain.enums import Vorschreibungsart
    from omclient.immomio.preise import Nutzung, ust_saetze_laden, ust_saetze_speichern

    configure(db)
    with db.sessions() as session:
        admin = current_user(session, "admin")
        clerk = current_user(session, "sb")
    key = (Nutzung.GESCHAEFT, Vorschreibungsart.GRUNDMIETE)
    with db.sessions() as session:
        with pytest.raises(PermissionDeniedError):
            ust_saetze_speichern(session, clerk, {key: "0"})
        with pytest.raises(ValidationError) as err:
            ust_saetze_speichern(
                session,
                admin,
                {key: "zwanzig", (Nutzung.WOHNEN, Vorschreibungsart.LIFT): "120"},
            )
        assert len(err.value.problems) == 2
        assert "„zwanzig“ ist kein USt-Satz" in err.value.problems[0]
    with db.sessions() as session:
        assert ust_saetze_laden(session)[key] == Decimal("20")
    with db.sessions() as session:
        # A landlord who did not opt for taxation of Geschäftsräume (§ 6 Abs 2 UStG).
        ust_saetze_speichern(session, admin, {key: "0"})
    with db.sessions() as session:
        assert ust_saetze_laden(session)[key] == Decimal("0")
        assert ust_saetze_laden(session)[(Nutzung.WOHNEN, Vorschreibungsart.GRUNDMIETE)] == 10


def test_kinds_kept_off_and_mandant_without_anbieter_are_named(db: Database, portfolio) -> None:
    settings = configure(
        db,
        nicht_senden=("Keller",),
        anbieter=(MandantAnbieter(mandant_nr="01", firma="Wohnbau", openimmo_anid="A1"),),
    )
    with db.sessions() as session:
        p = push.plan(session, settings, TODAY)
    assert p.zu_senden == []
    assert {x.externe_id: x.nicht_gesendet for x in p.nicht_gesendet} == {
        "01-1010-0008": "Einheitsart Keller wird laut Einstellung nicht vermarktet",
        "02-3030-0001": "für Mandant 02 ist kein Anbieter eingerichtet "
        "(Extras → Immomio → Einstellungen)",
    }
    assert p.zaehler()["nicht_gesendet"] == 2
