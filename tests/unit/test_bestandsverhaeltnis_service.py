"""Bestandsverhältnis services: load, save with version counter, RW ownership,
Bezugsdatum fallback, Befristung from a Vertrag, admin-only create/delete.
Runs on SQLite and PostgreSQL (``portfolio``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from omclient.domain import Bestandsverhaeltnis, Kaution, Vertrag, Zahlungsdaten
from omclient.errors import (
    ConflictError,
    PermissionDeniedError,
    ReadOnlyFieldError,
    ValidationError,
)
from omclient.services import bestandsverhaeltnis as svc
from omclient.services import sicherheiten, zahlung
from omclient.services.benutzer import current_user
from tests.support.portfolio import TODAY

D = dt.date


def load(db, bv_id):
    with db.sessions() as s:
        return svc.load_bestandsverhaeltnis(s, bv_id)


def test_load_shows_objekt_einheit_and_bestandnehmer(db, portfolio):
    dto = load(db, portfolio.bv["1010/0002/2"])
    assert (dto.objekt_nr, dto.einheit_nr, dto.top_nr) == ("1010", "0002", "2")
    assert dto.person_name == "Mag. Novak Eva"
    assert dto.bestandnehmer_bezeichnung == "Mieter"
    assert dto.befristung_bis == D(2029, 7, 31)
    assert dto.ist_rw("befristung_bis") and dto.ist_rw("bezugsdatum") and dto.ist_rw("bv_nr")
    assert not dto.ist_rw("auszugsdatum")  # RW converted none for Novak
    assert not dto.ist_rw("leerstand_grund")


def test_bezugsdatum_falls_back_to_the_objekt_when_rw_converted_none(db, portfolio):
    mayer = load(db, portfolio.bv["1010/0007/1"])
    assert mayer.bezugsdatum is None
    assert mayer.bezugsdatum_aus_objekt
    assert mayer.bezugsdatum_wirksam == D(1998, 3, 1)
    assert not mayer.ist_rw("bezugsdatum")
    huber = load(db, portfolio.bv["1010/0001/1"])
    assert not huber.bezugsdatum_aus_objekt
    assert huber.bezugsdatum_wirksam == D(2015, 4, 1)


def test_save_om_fields_bumps_version(db, portfolio):
    bv_id = portfolio.bv["1010/0004/1"]
    before = load(db, bv_id)
    after = svc.save(
        db.sessions,
        bv_id,
        before.version,
        today=TODAY,
        allgemein={"leerstand_grund": "Renovierung", "leerstand_kommentar": "Küche neu"},
    )
    assert after.leerstand_grund == "Renovierung"
    assert after.leerstand_kommentar == "Küche neu"
    assert after.version == before.version + 1


def test_clerk_can_enter_a_bezugsdatum_rw_did_not_convert(db, portfolio):
    bv_id = portfolio.bv["1010/0007/1"]
    dto = svc.save(
        db.sessions,
        bv_id,
        load(db, bv_id).version,
        today=TODAY,
        allgemein={"bezugsdatum": D(2003, 5, 1)},
    )
    assert dto.bezugsdatum == D(2003, 5, 1)
    assert not dto.bezugsdatum_aus_objekt


def test_rw_field_is_refused_and_nothing_written(db, portfolio):
    bv_id = portfolio.bv["1010/0001/1"]
    before = load(db, bv_id)
    with pytest.raises(ReadOnlyFieldError) as err:
        svc.save(
            db.sessions,
            bv_id,
            before.version,
            today=TODAY,
            allgemein={"bezugsdatum": D(2016, 1, 1), "bemerkung": "neu"},
        )
    assert "bezugsdatum" in err.value.message and "d+ RW" in err.value.message
    after = load(db, bv_id)
    assert (after.bezugsdatum, after.bemerkung, after.version) == (
        D(2015, 4, 1),
        None,
        before.version,
    )


def test_unchanged_rw_value_sent_back_is_accepted(db, portfolio):
    bv_id = portfolio.bv["1010/0001/1"]
    before = load(db, bv_id)
    dto = svc.save(
        db.sessions,
        bv_id,
        before.version,
        today=TODAY,
        allgemein={"bezugsdatum": D(2015, 4, 1), "bemerkung": "Hund erlaubt"},
    )
    assert dto.bemerkung == "Hund erlaubt"


def test_second_session_with_old_copy_gets_conflict_and_first_save_survives(db, portfolio):
    bv_id = portfolio.bv["1010/0004/1"]
    first = load(db, bv_id)
    second = load(db, bv_id)
    svc.save(db.sessions, bv_id, first.version, today=TODAY, allgemein={"bemerkung": "von A"})
    with pytest.raises(ConflictError) as err:
        svc.save(db.sessions, bv_id, second.version, today=TODAY, allgemein={"bemerkung": "von B"})
    assert "inzwischen" in err.value.message
    assert load(db, bv_id).bemerkung == "von A"


def test_change_of_only_a_dependent_row_also_counts_as_a_change(db, portfolio):
    bv_id = portfolio.bv["1010/0004/1"]
    copy = load(db, bv_id)
    zahlung.save_zahlung(
        db.sessions,
        bv_id,
        copy.version,
        zahlung.ZahlungInput(zahlungsart="Zahlschein"),
        TODAY,
    )
    with pytest.raises(ConflictError):
        svc.save(db.sessions, bv_id, copy.version, today=TODAY, allgemein={"bemerkung": "x"})


def test_validation_collects_every_register_and_writes_nothing(db, portfolio):
    bv_id = portfolio.bv["1010/0001/1"]
    before = load(db, bv_id)
    with db.sessions() as s:
        current = sicherheiten.load_sicherheiten(s, bv_id)
    bad_kaution = current.kaution.model_copy(update={"bic": None, "betrag": Decimal("9999")})
    with pytest.raises(ValidationError) as err:
        svc.save(
            db.sessions,
            bv_id,
            before.version,
            today=TODAY,
            allgemein={"leerstand_grund": "Hochwasser", "auszugsdatum": D(2010, 1, 1)},
            sicherheiten_input=sicherheiten.SicherheitenInput(
                kaution_aktiv=True,
                finanzierungsbeitrag_aktiv=False,
                bankgarantie_aktiv=False,
                sparbuch_aktiv=False,
                sonstiges_aktiv=False,
                kaution=bad_kaution,
            ),
            zahlung_input=zahlung.ZahlungInput(zahlungsart="SEPA-Lastschrift"),
        )
    text = "\n".join(err.value.problems)
    assert "Hochwasser" in text
    assert "Auszugsdatum 01.01.2010 liegt vor dem Bezugsdatum 01.04.2015" in text
    assert "muss auch der BIC" in text
    assert "Mandatsreferenz" in text
    with db.sessions() as s:
        assert s.scalar(
            select(Kaution.betrag).where(Kaution.bestandsverhaeltnis_id == bv_id)
        ) == Decimal("3000.00")
    assert load(db, bv_id).version == before.version


def test_leerstandsgruende_and_unterbestandsarten_come_from_configuration(db, portfolio):
    with db.sessions() as s:
        assert svc.leerstandsgruende(s) == ["Sanierung", "Renovierung", "Eigenbedarf", "Kündigung"]
        assert svc.unterbestandsarten(s, "Hauptmiete") == ["Dienstwohnung", "Untermiete gestattet"]
        assert svc.unterbestandsarten(s, "Garage") == []


def test_unterbestandsart_must_fit_the_bestandsart(db, portfolio):
    bv_id = portfolio.bv["1010/0006/1"]  # Garage: no Unterbestandsarten
    with pytest.raises(ValidationError, match="keine Unterbestandsart"):
        svc.save(
            db.sessions, bv_id, None, today=TODAY, allgemein={"unterbestandsart": "Dienstwohnung"}
        )


def _vertrag(db, bv_id, ende):
    with db.sessions.begin() as s:
        v = Vertrag(bestandsverhaeltnis_id=bv_id, vertragsart="Mietvertrag", ende=ende)
        s.add(v)
        s.flush()
        return v.id


def test_befristung_taken_over_from_vertrag_when_not_rw(db, portfolio):
    bv_id = portfolio.bv["1010/0001/1"]
    vertrag_id = _vertrag(db, bv_id, D(2030, 3, 31))
    with db.sessions() as s:
        assert svc.kann_befristung_uebernehmen(s, bv_id, vertrag_id) == D(2030, 3, 31)
    dto = svc.befristung_aus_vertrag(db.sessions, bv_id, vertrag_id, load(db, bv_id).version)
    assert dto.befristung_bis == D(2030, 3, 31)


def test_befristung_from_rw_is_not_offered_nor_written(db, portfolio):
    bv_id = portfolio.bv["1010/0002/2"]  # Novak: Befristung converted from RW
    vertrag_id = _vertrag(db, bv_id, D(2031, 12, 31))
    with db.sessions() as s:
        assert svc.kann_befristung_uebernehmen(s, bv_id, vertrag_id) is None
    with pytest.raises(ReadOnlyFieldError):
        svc.befristung_aus_vertrag(db.sessions, bv_id, vertrag_id, None)
    assert load(db, bv_id).befristung_bis == D(2029, 7, 31)


def _user(db, login):
    with db.sessions.begin() as s:
        return current_user(s, login)


def test_clerk_may_neither_create_nor_delete(db, portfolio):
    clerk = _user(db, "sb")
    with pytest.raises(PermissionDeniedError, match="nur für Administratoren"):
        svc.create_bestandsverhaeltnis(
            db.sessions,
            clerk,
            svc.BvAnlage(einheit_id=portfolio.einheit["1010/0008"], person_id=None),
        )
    with pytest.raises(PermissionDeniedError):
        svc.delete_bestandsverhaeltnis(db.sessions, clerk, portfolio.bv["1010/0004/1"], None)
    with db.sessions() as s:
        assert s.get(Bestandsverhaeltnis, portfolio.bv["1010/0004/1"]) is not None


def test_admin_creates_a_bv_whose_fields_are_all_om_owned_where_conditional(db, portfolio):
    admin = _user(db, "admin")
    dto = svc.create_bestandsverhaeltnis(
        db.sessions,
        admin,
        svc.BvAnlage(
            einheit_id=portfolio.einheit["1010/0004"],
            person_id=portfolio.person["Pichler"],
            bezugsdatum=D(2026, 12, 1),
        ),
    )
    assert dto.bv_nr == "2"
    assert dto.person_name == "Pichler Maria"
    assert dto.bestandsart == "Hauptmiete"
    assert not dto.ist_rw("bezugsdatum")


def test_admin_cannot_create_an_overlapping_tenancy(db, portfolio):
    admin = _user(db, "admin")
    with pytest.raises(ValidationError, match=r"läuft am 01\.12\.2026 noch"):
        svc.create_bestandsverhaeltnis(
            db.sessions,
            admin,
            svc.BvAnlage(
                einheit_id=portfolio.einheit["1010/0001"],
                person_id=portfolio.person["Pichler"],
                bezugsdatum=D(2026, 12, 1),
            ),
        )


def test_admin_deletes_bv_with_its_om_data_but_not_one_with_rw_postings(db, portfolio):
    admin = _user(db, "admin")
    with pytest.raises(ValidationError, match="Buchungen aus d\\+ RW"):
        svc.delete_bestandsverhaeltnis(db.sessions, admin, portfolio.bv["1010/0001/1"], None)
    bv_id = portfolio.bv["1010/0002/2"]
    with db.sessions() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(Kaution)
                .where(Kaution.bestandsverhaeltnis_id == bv_id)
            )
            == 1
        )
    svc.delete_bestandsverhaeltnis(
        db.sessions, admin, portfolio.bv["1010/0006/1"], None
    )  # garage: chained as Sub, no postings
    with db.sessions() as s:
        assert s.get(Bestandsverhaeltnis, portfolio.bv["1010/0006/1"]) is None
        assert s.get(Bestandsverhaeltnis, portfolio.bv["1010/0001/1"]) is not None
        assert s.scalar(select(func.count()).select_from(Zahlungsdaten)) == 1


def test_one_save_of_several_registers_bumps_the_version_once(db, portfolio):
    bv_id = portfolio.bv["1010/0001/1"]
    before = load(db, bv_id)
    with db.sessions() as s:
        current = sicherheiten.load_sicherheiten(s, bv_id)
    after = svc.save(
        db.sessions,
        bv_id,
        before.version,
        today=TODAY,
        allgemein={"bemerkung": "neu"},
        sicherheiten_input=sicherheiten.SicherheitenInput(
            kaution_aktiv=True,
            finanzierungsbeitrag_aktiv=False,
            bankgarantie_aktiv=True,
            sparbuch_aktiv=False,
            sonstiges_aktiv=False,
            kaution=current.kaution.model_copy(update={"betrag": Decimal("3100")}),
            bankgarantien=(sicherheiten.BankgarantieDto(bank="BAWAG", betrag=Decimal("10")),),
        ),
        zahlung_input=zahlung.ZahlungInput(zahlungsart="Zahlschein"),
    )
    assert after.version == before.version + 1
    assert after.bemerkung == "neu"


def test_rw_owned_names_what_rw_converted_for_this_record(db, portfolio):
    novak = load(db, portfolio.bv["1010/0002/2"])
    assert {"befristung_bis", "bezugsdatum", "bv_nr"} <= novak.rw_owned
    assert "auszugsdatum" not in novak.rw_owned  # conditional, RW converted none for Novak
    assert "leerstand_grund" not in novak.rw_owned
    mayer = load(db, portfolio.bv["1010/0007/1"])
    assert "bezugsdatum" not in mayer.rw_owned


def test_vertrag_ids_lists_the_vertraege_of_the_bv_only(db, portfolio):
    bv_id = portfolio.bv["1010/0001/1"]
    with db.sessions() as s:
        before = svc.vertrag_ids(s, bv_id)
    with db.sessions.begin() as s:
        v = Vertrag(bestandsverhaeltnis_id=bv_id, vertragsart="Mietvertrag", ende=D(2030, 1, 31))
        s.add(v)
        s.flush()
        neu = v.id
    with db.sessions() as s:
        assert svc.vertrag_ids(s, bv_id) == before | {neu}
        assert neu not in svc.vertrag_ids(s, portfolio.bv["1010/0002/2"])
