"""Stammdaten to Immomio (JSON over HTTPS) against a local HTTP server, both databases."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from omclient.cli import main
from omclient.db import Database
from omclient.domain import Bestandsverhaeltnis, ImmomioUebertragung, Person
from omclient.errors import ValidationError
from omclient.immomio import stammdaten
from omclient.immomio.einstellungen import passwort_speichern
from omclient.immomio.transport import HttpsTransport, RetryPolicy
from tests.integration.test_immomio_push import CLOCK, PASSWORT, configure

ALLE = (
    stammdaten.WIRTSCHAFTSEINHEITEN,
    stammdaten.VERWALTUNGSEINHEITEN,
    stammdaten.MIETER,
    stammdaten.MIETVERTRAEGE,
)


class Server:
    """Records every JSON body per kind; answers 200 or what the script says."""

    def __init__(self, httpserver: HTTPServer, script: dict[str, list[int]] | None = None):
        self.bodies: dict[str, list[dict]] = {e: [] for e in ALLE}
        self.script = script or {}
        for entitaet in ALLE:
            httpserver.expect_request(
                f"/api/stammdaten/{entitaet}", method="POST"
            ).respond_with_handler(self._handler(entitaet))

    def _handler(self, entitaet: str):
        def handle(request: Request) -> Response:
            steps = self.script.get(entitaet)
            if steps:
                return Response("Fehler", status=steps.pop(0))
            self.bodies[entitaet].append(json.loads(request.data))
            return Response("{}", status=200, content_type="application/json")

        return handle

    def ids(self, entitaet: str) -> list[str]:
        return [d["id"] for body in self.bodies[entitaet] for d in body["datensaetze"]]

    def deleted(self, entitaet: str) -> list[str]:
        return [i for body in self.bodies[entitaet] for i in body["loeschen"]]


def transport(settings, httpserver: HTTPServer) -> HttpsTransport:
    settings = settings.model_copy(update={"url": httpserver.url_for("/api")})
    return HttpsTransport(
        settings, PASSWORT, retry=RetryPolicy(versuche=1, basis_s=0, sleep=lambda _s: None)
    )


def _remove_email(db: Database, nachname: str) -> None:
    with db.sessions.begin() as session:
        person = session.scalars(select(Person).where(Person.nachname == nachname)).one()
        person.email = None


def test_dry_run_lists_exactly_the_tenancies_of_tenants_with_email(db: Database, portfolio) -> None:
    configure(db, mandanten=("01",))
    _remove_email(db, "Pichler")
    plan, record_id = stammdaten.probelauf(db.sessions, "admin", CLOCK)

    mieter = {d.bezeichnung for d in plan.datensaetze if d.entitaet == stammdaten.MIETER}
    assert mieter == {"Huber Anna", "Mag. Novak Eva", "Café Sonne GmbH"}
    vertraege = sorted(d.externe_id.rsplit("-", 1)[0] for d in plan.mietvertraege())
    # Huber's flat and garage, Novak's flat, the café; Pichler has no e-mail, the
    # inactive 0007 and Mandant 02 are out, Berger's tenancies ended long ago.
    assert vertraege == ["01-1010-0001", "01-1010-0002", "01-1010-0005", "01-1010-0006"]
    assert [label.split(" ", 1)[1] for label in plan.ohne_email] == ["Pichler Maria"]
    objekte = [d.externe_id for d in plan.datensaetze if d.entitaet == "wirtschaftseinheiten"]
    assert objekte == ["01-1010", "01-2020"]
    einheiten = [d.externe_id for d in plan.datensaetze if d.entitaet == "verwaltungseinheiten"]
    assert "01-1010-0007" not in einheiten and "01-1010-0004" in einheiten
    with db.sessions() as session:
        record = session.get_one(ImmomioUebertragung, record_id)
    assert record.ergebnis == "Probelauf" and record.art == "Stammdaten-Probelauf"
    assert "1 Mietverträge ohne E-Mail des Mieters nicht übertragen" in (record.meldung or "")


def test_send_change_only_then_delete(db: Database, portfolio, httpserver: HTTPServer) -> None:
    settings = configure(db, mandanten=("01",), separator="/")
    server = Server(httpserver)
    first = stammdaten.senden(db.sessions, transport(settings, httpserver), "admin", CLOCK)
    assert (first.ergebnis, first.geloescht, first.offen) == ("erfolgreich", 0, 0)
    assert server.ids("wirtschaftseinheiten") == ["01/1010", "01/2020"]
    [huber] = [
        d
        for body in server.bodies["mieter"]
        for d in body["datensaetze"]
        if d["nachname"] == "Huber"
    ]
    assert huber["email"] == "anna.huber@example.at" and huber["id"].startswith("01/")
    vertrag = server.bodies["mietvertraege"][0]["datensaetze"][0]
    assert vertrag["verwaltungseinheit_id"] == "01/1010/0001"
    assert vertrag["mieter_id"] == huber["id"]

    again = stammdaten.senden(db.sessions, transport(settings, httpserver), "admin", CLOCK)
    assert again.ergebnis == "nichts zu übertragen"
    assert sum(len(b) for b in server.bodies.values()) == 4

    with db.sessions.begin() as session:
        novak = session.scalars(select(Person).where(Person.nachname == "Novak")).one()
        novak.email = "eva.novak@example.com"
    _remove_email(db, "Pichler")
    third = stammdaten.senden(db.sessions, transport(settings, httpserver), "admin", CLOCK)
    assert third.ergebnis == "erfolgreich"
    assert server.bodies["mieter"][-1]["datensaetze"][0]["email"] == "eva.novak@example.com"
    # Pichler no longer qualifies: her tenancy and she herself are deleted at Immomio.
    assert [i for i in server.deleted("mietvertraege")] and all(
        i.startswith("01/2020/0001/") for i in server.deleted("mietvertraege")
    )
    assert len(server.deleted("mieter")) == 1
    assert (third.gesendet, third.geloescht) == (1, 2)


def test_broken_transfer_resumes_with_what_is_left(
    db: Database, portfolio, httpserver: HTTPServer
) -> None:
    settings = configure(db, mandanten=("01",))
    server = Server(httpserver, script={"mietvertraege": [500]})
    broken = stammdaten.senden(db.sessions, transport(settings, httpserver), "admin", CLOCK)
    assert broken.ergebnis == "fehlerhaft" and broken.offen == 5
    assert server.ids("mietvertraege") == []
    resumed = stammdaten.senden(db.sessions, transport(settings, httpserver), "admin", CLOCK)
    assert (resumed.ergebnis, resumed.gesendet) == ("erfolgreich", 5)
    assert len(server.ids("mieter")) == 4  # sent once, not again
    with db.sessions() as session:
        meldung = session.get_one(ImmomioUebertragung, broken.uebertragung_id).meldung
    assert "5 Datensätze noch offen" in (meldung or "")


def test_ftp_installation_gets_a_clear_message(db: Database, portfolio) -> None:
    settings = configure(db, transport="ftp", url="127.0.0.1:21", mandanten=("01",))
    with pytest.raises(ValidationError) as err:
        stammdaten.senden(db.sessions, transport(settings, HTTPServer()), "admin", CLOCK)
    assert any("HTTPS" in p for p in err.value.problems)


def test_cli_stammdaten_dry_run_and_send(
    db_url: str, db: Database, portfolio, capsys, httpserver: HTTPServer
) -> None:
    settings = configure(db, url=httpserver.url_for("/api"), mandanten=("01",))
    passwort_speichern(settings, PASSWORT)
    _remove_email(db, "Pichler")
    args = ["--database", db_url, "--benutzer", "admin", "immomio", "stammdaten"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "  Mietverträge          neu 4, geändert 0, gelöscht 0, unverändert 0" in out
    assert "Mietverträge von Mietern mit E-Mail (4):" in out
    assert "Nicht übertragen, Mieter ohne E-Mail-Adresse (1):" in out
    assert "  01-2020-0001-1 Pichler Maria" in out

    Server(httpserver)
    assert main(args) == 0
    assert "Stammdaten erfolgreich: gesendet" in capsys.readouterr().out
    assert main([*args, "--dry-run"]) == 0
    assert "  Mietverträge          neu 0, geändert 0, gelöscht 0, unverändert 4" in (
        capsys.readouterr().out
    )


def test_tenancy_ended_before_the_stichtag_is_not_sent(db: Database, portfolio) -> None:
    settings = configure(db, mandanten=("01",))
    with db.sessions.begin() as session:
        bv = session.scalars(
            select(Bestandsverhaeltnis).where(
                Bestandsverhaeltnis.einheit_id == portfolio.einheit["1010/0005"]
            )
        ).one()
        bv.auszugsdatum = CLOCK.today() - dt.timedelta(days=1)
    with db.sessions() as session:
        plan = stammdaten.plan(session, settings, CLOCK.today())
    assert all(not d.externe_id.startswith("01-1010-0005-") for d in plan.mietvertraege())
