"""Objekt search, lookup by number, Objekt Stammdaten and a person's Bestandsverhältnisse."""

from __future__ import annotations

import datetime as dt

import pytest

from omclient.domain import Mandant, Objekt, Person
from omclient.errors import NotFoundError, ReadOnlyFieldError, ValidationError
from omclient.services import objekte as svc
from tests.support.portfolio import TODAY


def test_search_by_number_prefix_name_or_place(db, portfolio):
    with db.sessions() as s:
        assert [o.objekt_nr for o in svc.search_objekte(s, "")] == ["1010", "2020", "3030"]
        assert [o.objekt_nr for o in svc.search_objekte(s, "20")] == ["2020"]
        assert [o.objekt_nr for o in svc.search_objekte(s, "donau")] == ["1010"]
        assert [o.objekt_nr for o in svc.search_objekte(s, "Linz")] == ["3030"]
        assert svc.search_objekte(s, "zzz") == []
        wien = svc.search_objekte(s, "1010")[0]
    assert wien.bezeichnung == "Wohnanlage Donaufeld"
    assert wien.einheiten == 7  # active ones
    assert wien.mandant == "Gemeinnützige Wohnbau Donau GmbH"


def test_objekt_id_by_nr(db, portfolio):
    with db.sessions() as s:
        assert svc.objekt_id_by_nr(s, " 2020 ") == portfolio.objekt["2020"]
        with pytest.raises(NotFoundError, match="„9999“"):
            svc.objekt_id_by_nr(s, "9999")
        with pytest.raises(ValidationError, match="Objektnummer ein"):
            svc.objekt_id_by_nr(s, "  ")


def test_same_number_at_two_mandanten_prefers_the_given_one(db, portfolio):
    with db.sessions.begin() as s:
        m2 = s.get(Mandant, portfolio.mandant["02"])
        s.add(Objekt(mandant=m2, objekt_nr="1010", bezeichnung="Linzer 1010"))
    with db.sessions() as s:
        with pytest.raises(ValidationError, match="mehreren Mandanten"):
            svc.objekt_id_by_nr(s, "1010")
        assert (
            svc.objekt_id_by_nr(s, "1010", mandant_id=portfolio.mandant["01"])
            == (portfolio.objekt["1010"])
        )


def test_objekt_stammdaten(db, portfolio):
    with db.sessions() as s:
        d = svc.objekt_stammdaten(s, portfolio.objekt["1010"])
    assert (d.objekt_nr, d.bezeichnung, d.baujahr) == ("1010", "Wohnanlage Donaufeld", 1997)
    assert d.bezugsdatum == dt.date(1998, 3, 1)
    assert d.mandant == "01 Gemeinnützige Wohnbau Donau GmbH"
    assert (d.einheiten_aktiv, d.einheiten_inaktiv) == (7, 1)
    assert [(st.nummer, st.einheiten) for st in d.stiegenhaeuser] == [("1", 2), ("2", 3)]
    assert [(v.sachbereich, v.nummer, v.einheiten) for v in d.vehs] == [
        ("BK", "01", 5),
        ("BK", "02", 1),
        ("HK", "01", 1),
        ("IK", "01", 1),
    ]
    with db.sessions() as s, pytest.raises(NotFoundError):
        svc.objekt_stammdaten(s, 999_999)


def test_objekt_speichern_only_om_fields(db, portfolio):
    oid = portfolio.objekt["1010"]
    with db.sessions() as s:
        assert svc.objekt_speichern(s, oid, {"bemerkung": "Dach 2027", "aufzug": True}) == [
            "bemerkung"
        ]
    with db.sessions() as s, pytest.raises(ReadOnlyFieldError):
        svc.objekt_speichern(s, oid, {"bemerkung": "anders", "baujahr": 2000})
    with db.sessions() as s:
        o = s.get(Objekt, oid)
        assert (o.bemerkung, o.baujahr) == ("Dach 2027", 1997)


def test_person_details_lists_all_bestandsverhaeltnisse(db, portfolio):
    with db.sessions() as s:
        huber = svc.person_details(s, portfolio.person["Huber"], stichtag=TODAY)
        berger = svc.person_details(s, portfolio.person["Berger"], stichtag=TODAY)
    assert huber.anzeigename == "Huber Anna"
    assert huber.email == "anna.huber@example.at"
    assert [(b.einheit_nr, b.bestandsart, b.zustand) for b in huber.bestandsverhaeltnisse] == [
        ("0001", "Hauptmiete", "aktiv"),
        ("0006", "Garage", "aktiv"),
    ]
    assert [(b.einheit_nr, b.zustand) for b in berger.bestandsverhaeltnisse] == [
        ("0002", "ausgezogen"),
        ("0004", "ausgezogen"),
    ]
    assert berger.bestandsverhaeltnisse[0].objekt == "Wohnanlage Donaufeld"
    with db.sessions() as s, pytest.raises(NotFoundError):
        svc.person_details(s, 999_999, stichtag=TODAY)


def test_person_speichern_refuses_rw_fields(db, portfolio):
    pid = portfolio.person["Huber"]
    with db.sessions() as s:
        assert svc.person_speichern(s, pid, {"mobil": "+43 699 1"}) == ["mobil"]
    with db.sessions() as s, pytest.raises(ReadOnlyFieldError):
        svc.person_speichern(s, pid, {"email": "neu@example.at"})
    with db.sessions() as s:
        p = s.get(Person, pid)
        assert (p.mobil, p.email) == ("+43 699 1", "anna.huber@example.at")


def test_search_prefix_first_then_names_and_special_characters(db, portfolio):
    with db.sessions.begin() as s:
        m1 = s.get(Mandant, portfolio.mandant["01"])
        s.add(Objekt(mandant=m1, objekt_nr="5000", bezeichnung="Wohnpark 1010 Süd", ort="Wels"))
        s.add(Objekt(mandant=m1, objekt_nr="1019", bezeichnung="100% Wohnen", ort="Wien"))
    with db.sessions() as s:
        # digits that start Objektnummern: a number is being typed
        assert [o.objekt_nr for o in svc.search_objekte(s, "101")] == ["1010", "1019"]
        assert [o.objekt_nr for o in svc.search_objekte(s, "1010")] == ["1010"]
        # no Objektnummer starts with them: names and places
        assert [o.objekt_nr for o in svc.search_objekte(s, "010")] == ["5000"]
        assert [o.objekt_nr for o in svc.search_objekte(s, "1010 s")] == ["5000"]
        assert [o.objekt_nr for o in svc.search_objekte(s, "100%")] == ["1019"]
        assert [o.objekt_nr for o in svc.search_objekte(s, "SÜD")] == ["5000"]
        assert [o.objekt_nr for o in svc.search_objekte(s, "1", limit=2)] == ["1010", "1019"]
        assert [o.objekt_nr for o in svc.search_objekte(s, "wien")] == ["1010", "1019"]


def test_einheit_ids_des_objekts_in_einheit_nr_order(db, portfolio):
    expected = [v for k, v in sorted(portfolio.einheit.items()) if k.startswith("1010/")]
    with db.sessions() as session:
        assert svc.einheit_ids_des_objekts(session, portfolio.objekt["1010"]) == expected
        assert svc.einheit_ids_des_objekts(session, -1) == []
