"""Kaution with the database: Richtsätze administration, settings, a tenancy's
Kaution and the ``omclient kaution`` command (sqlite and postgresql)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from omclient.cli import main
from omclient.clock import Clock
from omclient.domain import Kaution, Richtsatz, RichtsatzAenderung
from omclient.errors import PermissionDeniedError, ValidationError
from omclient.services import kaution, richtsaetze
from omclient.services.benutzer import current_user
from omclient.services.kaution import KautionsEinstellungen, Zinsmethode
from tests.support.portfolio import TODAY

D = dt.date
E = Decimal
CLOCK = Clock.fixed(dt.datetime(2026, 11, 23, 9, 30))

ACCEPTANCE_ARGS = [
    "kaution",
    "3000",
    "15.03.2019",
    "30.06.2024",
    "--richtsatz",
    "01.01.2019=0,125",
    "--richtsatz",
    "01.01.2023=1,5",
    "--richtsatz",
    "01.01.2024=2",
]


def url_of(db) -> str:
    return db.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def users(db, portfolio):
    with db.sessions() as session:
        return current_user(session, "admin"), current_user(session, "sb")


def count(db, model) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_richtsaetze_are_listed_oldest_first(db, portfolio):
    with db.sessions() as session:
        rows = richtsaetze.list_richtsaetze(session)
    assert [(r.gueltig_ab, r.zinssatz) for r in rows] == [
        (D(2015, 1, 1), E("0.5")),
        (D(2019, 1, 1), E("0.125")),
        (D(2023, 1, 1), E("1.5")),
        (D(2024, 1, 1), E("2")),
    ]


def test_admin_adds_changes_and_deletes_with_audit(db, users):
    admin, _ = users
    added = richtsaetze.add_richtsatz(
        db.sessions, admin, D(2025, 7, 1), E("1.25"), "  Senkung Juli  ", clock=CLOCK
    )
    assert (added.gueltig_ab, added.zinssatz, added.bemerkung) == (
        D(2025, 7, 1),
        E("1.25"),
        "Senkung Juli",
    )
    richtsaetze.update_richtsatz(
        db.sessions, admin, added.id, D(2025, 7, 1), E("1.0"), "Senkung Juli", clock=CLOCK
    )
    richtsaetze.delete_richtsatz(db.sessions, admin, added.id, clock=CLOCK)
    with db.sessions() as session:
        assert D(2025, 7, 1) not in kaution.load_richtsaetze(session)
        trail = richtsaetze.list_aenderungen(session)
    assert [(a.aktion, a.zinssatz_alt, a.zinssatz_neu) for a in trail] == [
        ("gelöscht", E("1"), None),
        ("geändert", E("1.25"), E("1")),
        ("angelegt", None, E("1.25")),
    ]
    assert {a.benutzer for a in trail} == {"admin"}
    assert {a.zeitpunkt for a in trail} == {dt.datetime(2026, 11, 23, 9, 30)}


def test_unchanged_save_writes_no_audit_row(db, users):
    admin, _ = users
    with db.sessions() as session:
        first = richtsaetze.list_richtsaetze(session)[0]
    richtsaetze.update_richtsatz(
        db.sessions, admin, first.id, first.gueltig_ab, first.zinssatz, first.bemerkung
    )
    assert count(db, RichtsatzAenderung) == 0


def test_duplicate_date_is_refused_and_nothing_changes(db, users):
    admin, _ = users
    with pytest.raises(ValidationError) as err:
        richtsaetze.add_richtsatz(db.sessions, admin, D(2023, 1, 1), E("3"))
    assert "Für den 01.01.2023 gibt es bereits einen Richtsatz (1.5 %)" in err.value.message
    with db.sessions() as session:
        rows = richtsaetze.list_richtsaetze(session)
        moved = rows[0]
    with pytest.raises(ValidationError, match="bereits einen Richtsatz"):
        richtsaetze.update_richtsatz(db.sessions, admin, moved.id, D(2024, 1, 1), E("0.5"))
    assert count(db, Richtsatz) == 4
    assert count(db, RichtsatzAenderung) == 0


@pytest.mark.parametrize(
    ("datum", "satz", "message"),
    [
        (None, E("1"), "ab wann der Richtsatz gilt"),
        (D(2026, 1, 1), None, "Zinssatz in % p.a."),
        (D(2026, 1, 1), E("-0.1"), "nicht negativ"),
        (D(2026, 1, 1), E("101"), "über 100 % p.a."),
        (D(2026, 1, 1), E("0.0625"), "höchstens 3 Nachkommastellen"),
    ],
)
def test_invalid_richtsatz_is_refused(db, users, datum, satz, message):
    admin, _ = users
    with pytest.raises(ValidationError) as err:
        richtsaetze.add_richtsatz(db.sessions, admin, datum, satz)
    assert any(message in p for p in err.value.problems)
    assert count(db, Richtsatz) == 4


def test_clerks_may_read_but_not_change_richtsaetze(db, users):
    _, clerk = users
    with db.sessions() as session:
        first = richtsaetze.list_richtsaetze(session)[0]
    with pytest.raises(PermissionDeniedError, match="nur für Administratoren"):
        richtsaetze.add_richtsatz(db.sessions, clerk, D(2026, 1, 1), E("1"))
    with pytest.raises(PermissionDeniedError):
        richtsaetze.update_richtsatz(db.sessions, clerk, first.id, first.gueltig_ab, E("9"))
    with pytest.raises(PermissionDeniedError):
        richtsaetze.delete_richtsatz(db.sessions, clerk, first.id)
    assert count(db, Richtsatz) == 4


def test_settings_default_to_25_percent_and_30e_360(db):
    with db.sessions() as session:
        settings = kaution.load_settings(session)
    assert (settings.kest_prozent, settings.zinsmethode) == (E("25"), Zinsmethode.DREISSIG_360)


def test_admin_changes_settings_and_the_calculation_follows(db, users):
    admin, _ = users
    saved = kaution.save_settings(
        db.sessions, admin, KautionsEinstellungen(kest_prozent=E("0"), zinsmethode="act/365")
    )
    assert (saved.kest_prozent, saved.zinsmethode) == (E("0"), Zinsmethode.ACT_365)
    with db.sessions() as session:
        result = kaution.aufstellung(session, E("1000"), D(2024, 2, 10), D(2024, 8, 20))
    # act/365: 11.02.–19.08.2024 = 191 days; 1000·2 %·191/365 = 10,4657… → 10,47, no KESt.
    assert (result.zeilen[0].tage, result.kest, result.auszahlungsbetrag) == (
        191,
        E("0"),
        E("1010.47"),
    )


def test_clerk_cannot_change_settings_and_bad_kest_is_refused(db, users):
    admin, clerk = users
    with pytest.raises(PermissionDeniedError):
        kaution.save_settings(db.sessions, clerk, KautionsEinstellungen(kest_prozent=E("10")))
    with pytest.raises(ValidationError, match="zwischen 0 und 100"):
        kaution.save_settings(db.sessions, admin, KautionsEinstellungen(kest_prozent=E("120")))
    with db.sessions() as session:
        assert kaution.load_settings(session).kest_prozent == E("25")


def test_aufstellung_of_hubers_kaution(db, portfolio):
    with db.sessions() as session:
        ctx, result = kaution.aufstellung_fuer_bv(
            session, portfolio.bv["1010/0001/1"], D(2024, 6, 30)
        )
    assert ctx.mieter.endswith("Huber")
    assert ctx.einheit_text == "1010/0001, Top 1"
    assert (ctx.betrag, ctx.einzahlungsdatum) == (E("3000.00"), D(2019, 3, 15))
    assert result.auszahlungsbetrag == E("3067.26")


def test_tenancy_without_kaution_gets_a_clear_message(db, portfolio):
    with db.sessions() as session, pytest.raises(ValidationError) as err:
        kaution.aufstellung_fuer_bv(session, portfolio.bv["1010/0005/1"], TODAY)
    assert "fehlt bei der Kaution: Betrag und Einzahlungsdatum" in err.value.message


def test_kaution_without_einzahlungsdatum_names_what_is_missing(db, portfolio):
    with db.sessions.begin() as session:
        session.add(Kaution(bestandsverhaeltnis_id=portfolio.bv["1010/0005/1"], betrag=E("5000")))
    with db.sessions() as session, pytest.raises(ValidationError) as err:
        kaution.aufstellung_fuer_bv(session, portfolio.bv["1010/0005/1"], TODAY)
    assert "fehlt bei der Kaution: Einzahlungsdatum." in err.value.message


def test_cli_acceptance_on_an_empty_database(db, capsys):
    assert main(["--database", url_of(db), *ACCEPTANCE_ARGS]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "Auszahlungsbetrag: €\u00a03.067,26"
    table = "\n".join(lines)
    assert "16.03.2019  31.12.2019   285" in table
    assert "01.01.2024  29.06.2024   179" in table
    assert "Summe" in table


def test_cli_on_a_new_default_database(capsys):
    # The user directories are isolated per test: the default SQLite file does not exist yet.
    assert main(ACCEPTANCE_ARGS) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Auszahlungsbetrag: €\u00a03.067,26"


def test_cli_uses_the_database_richtsaetze_without_options(db, portfolio, capsys):
    args = ["--database", url_of(db), "kaution", "3.000,00", "15.03.2019", "30.06.2024"]
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Auszahlungsbetrag: €\u00a03.067,26"


def test_cli_richtsatz_options_replace_the_database_table(db, portfolio, capsys):
    args = ["--database", url_of(db), "kaution", "1000", "10.02.2024", "20.08.2024"]
    assert main([*args, "--richtsatz", "01.01.2020=0"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Auszahlungsbetrag: €\u00a01.000,00"


def test_cli_kest_and_zinstage_options(db, capsys):
    args = ["--database", url_of(db), "kaution", "1000", "10.02.2024", "20.08.2024"]
    assert main([*args, "--richtsatz", "01.01.2024=2", "--kest", "0", "--zinstage", "act/365"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "Auszahlungsbetrag: €\u00a01.010,47"
    assert "act/365" in out


def test_cli_stichtag_before_einzahlung_fails_in_german(db, capsys):
    args = ["--database", url_of(db), "kaution", "1000", "10.02.2024", "01.02.2024"]
    assert main([*args, "--richtsatz", "01.01.2024=2"]) == 1
    err = capsys.readouterr().err
    assert "Der Stichtag 01.02.2024 liegt vor dem Einzahlungsdatum 10.02.2024." in err


def test_cli_empty_database_without_richtsaetze_says_what_to_do(db, capsys):
    assert main(["--database", url_of(db), "kaution", "1000", "10.02.2024", "20.08.2024"]) == 1
    assert "keine Richtsätze hinterlegt" in capsys.readouterr().err


def test_cli_accepts_plain_notation_rates(db, capsys):
    args = ["--database", url_of(db), "kaution", "3000.00", "15.03.2019", "30.06.2024"]
    rates = ["01.01.2019=0.125", "01.01.2023=1.5%", "01.01.2024=2"]
    assert main([*args, *(f"--richtsatz={r}" for r in rates)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Auszahlungsbetrag: €\u00a03.067,26"


@pytest.mark.parametrize("bad", ["2019-01-01=1", "01.01.2019", "01.01.2019=abc"])
def test_cli_rejects_malformed_richtsatz(db, capsys, bad):
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "--database",
                url_of(db),
                "kaution",
                "1000",
                "10.02.2024",
                "20.08.2024",
                "--richtsatz",
                bad,
            ]
        )
    assert exit_info.value.code == 2
    assert "--richtsatz" in capsys.readouterr().err
