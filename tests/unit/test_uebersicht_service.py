"""The rows of the Einheitenübersicht and the Vergabestelle actions, on the test portfolio."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from omclient.domain import Einheit
from omclient.domain.enums import BvArt, Typus
from omclient.errors import NotFoundError, ValidationError
from omclient.services import uebersicht as svc
from omclient.services.uebersicht import UebersichtFilter
from tests.support.portfolio import TODAY


def einheiten(db, objekt_id, **flt):
    with db.sessions() as s:
        return svc.einheiten_zeilen(s, objekt_id, UebersichtFilter(**flt), stichtag=TODAY)


def bestandnehmer(db, objekt_id, **flt):
    with db.sessions() as s:
        return svc.bestandnehmer_zeilen(s, objekt_id, UebersichtFilter(**flt), stichtag=TODAY)


def nrs(rows):
    return [r.einheit_nr for r in rows]


def bv_keys(rows):
    return [f"{r.einheit_nr}/{r.bv_nr}" for r in rows]


def test_register_einheiten_hides_inactive_by_default(db, portfolio):
    rows = einheiten(db, portfolio.objekt["1010"])
    assert nrs(rows) == ["0001", "0002", "0003", "0004", "0005", "0006", "0008"]
    with_inactive = einheiten(db, portfolio.objekt["1010"], auch_inaktive=True)
    assert nrs(with_inactive) == [
        "0001",
        "0002",
        "0003",
        "0004",
        "0005",
        "0006",
        "0007",
        "0008",
    ]
    assert [r.aktiv for r in with_inactive if r.einheit_nr == "0007"] == [False]


def test_register_einheiten_columns(db, portfolio):
    rows = {r.einheit_nr: r for r in einheiten(db, portfolio.objekt["1010"], auch_inaktive=True)}
    top1 = rows["0001"]
    assert top1.top_nr == "1"
    assert top1.typus is Typus.MIETE and top1.typus_text == "Mieter"
    assert top1.stiege == "1"
    assert top1.stockwerk == "EG"
    assert top1.lage == "links"
    assert top1.nettonutzflaeche == Decimal("68.40")
    assert top1.raeume == 3
    assert top1.kategorie == "A"
    assert top1.status == "vermietet"
    assert top1.vergabestelle == "Stadt Wien – Wohnservice"
    assert top1.bestandnehmer == "Huber Anna"
    assert rows["0003"].typus_text == "Eigentümer"
    # Berger moved out of Top 2 in 2019: only the current tenant is named
    assert rows["0002"].bestandnehmer == "Mag. Novak Eva"
    assert rows["0004"].bestandnehmer == ""
    assert rows["0005"].bestandnehmer == "Café Sonne GmbH"
    assert rows["0007"].bestandnehmer == "Mayer Josef"
    assert rows["0008"].bestandnehmer == ""
    assert rows["0005"].stiege is None


def test_stiegenhaus_filter(db, portfolio):
    o = portfolio.objekt["1010"]
    assert nrs(einheiten(db, o, stiegenhaus_id=portfolio.stiege["1010/1"])) == ["0001", "0002"]
    assert nrs(einheiten(db, o, stiegenhaus_id=portfolio.stiege["1010/2"])) == ["0003", "0004"]
    assert nrs(einheiten(db, o, stiegenhaus_id=portfolio.stiege["1010/2"], auch_inaktive=True)) == [
        "0003",
        "0004",
        "0007",
    ]


def test_veh_filter_needs_sachbereich(db, portfolio):
    o = portfolio.objekt["1010"]
    bk = portfolio.sachbereich["BK"]
    assert nrs(einheiten(db, o, sachbereich_id=bk, veh_id=portfolio.veh["1010/BK/01"])) == [
        "0001",
        "0002",
        "0003",
        "0004",
    ]
    assert nrs(einheiten(db, o, sachbereich_id=bk, veh_id=portfolio.veh["1010/BK/02"])) == ["0005"]
    hk = portfolio.sachbereich["HK"]
    assert nrs(einheiten(db, o, sachbereich_id=hk, veh_id=portfolio.veh["1010/HK/01"])) == ["0001"]
    with pytest.raises(ValidationError, match="Sachbereich"):
        einheiten(db, o, veh_id=portfolio.veh["1010/BK/01"])
    with pytest.raises(ValidationError, match="VEH"):
        einheiten(db, o, sachbereich_id=hk, veh_id=portfolio.veh["1010/BK/01"])
    # a Sachbereich alone does not narrow the list
    assert len(einheiten(db, o, sachbereich_id=bk)) == 7


def test_veh_and_stiegenhaus_combine(db, portfolio):
    rows = einheiten(
        db,
        portfolio.objekt["1010"],
        sachbereich_id=portfolio.sachbereich["BK"],
        veh_id=portfolio.veh["1010/BK/01"],
        stiegenhaus_id=portfolio.stiege["1010/2"],
    )
    assert nrs(rows) == ["0003", "0004"]


def test_foreign_stiegenhaus_is_refused(db, portfolio):
    with pytest.raises(ValidationError, match="Stiegenhaus"):
        einheiten(db, portfolio.objekt["2020"], stiegenhaus_id=portfolio.stiege["1010/1"])


def test_register_bestandnehmer_current_only_by_default(db, portfolio):
    rows = bestandnehmer(db, portfolio.objekt["1010"])
    assert bv_keys(rows) == ["0001/1", "0002/2", "0003/1", "0005/1", "0006/1"]
    by_key = {f"{r.einheit_nr}/{r.bv_nr}": r for r in rows}
    novak = by_key["0002/2"]
    assert novak.name == "Mag. Novak Eva"
    assert novak.typus_text == "Mieter"
    assert novak.bestandsart == "Hauptmiete"
    assert str(novak.befristung_bis) == "2029-07-31"
    assert novak.kontakt == "eva.novak@example.at"
    assert by_key["0001/1"].kontakt == "+43 660 1111111 · anna.huber@example.at"
    assert by_key["0003/1"].typus_text == "Eigentümer"


def test_auch_ausgezogene_and_auch_inaktive(db, portfolio):
    o = portfolio.objekt["1010"]
    moved = bestandnehmer(db, o, auch_ausgezogene=True)
    assert bv_keys(moved) == ["0001/1", "0002/1", "0002/2", "0003/1", "0004/1", "0005/1", "0006/1"]
    assert {k for k, r in zip(bv_keys(moved), moved, strict=True) if r.ausgezogen} == {
        "0002/1",
        "0004/1",
    }
    inactive = bestandnehmer(db, o, auch_inaktive=True)
    assert bv_keys(inactive) == ["0001/1", "0002/2", "0003/1", "0005/1", "0006/1", "0007/1"]
    both = bestandnehmer(db, o, auch_inaktive=True, auch_ausgezogene=True)
    assert len(both) == 8


def test_owner_tenant_and_bestandsart_filters(db, portfolio):
    o = portfolio.objekt["1010"]
    owners = bestandnehmer(db, o, bestandnehmer_art=BvArt.EIGENTUM)
    assert [r.name for r in owners] == ["Wagner Franz"]
    tenants = bestandnehmer(db, o, bestandnehmer_art=BvArt.MIETE)
    assert bv_keys(tenants) == ["0001/1", "0002/2", "0005/1", "0006/1"]
    garage = bestandnehmer(db, o, bestandsart="Garage")
    assert bv_keys(garage) == ["0006/1"]
    stiege1 = bestandnehmer(db, o, stiegenhaus_id=portfolio.stiege["1010/1"], auch_ausgezogene=True)
    assert bv_keys(stiege1) == ["0001/1", "0002/1", "0002/2"]


def test_kopf_lists_choices_of_the_objekt(db, portfolio):
    with db.sessions() as s:
        kopf = svc.uebersicht_kopf(s, portfolio.objekt["1010"])
    assert kopf.titel == "1010 Wohnanlage Donaufeld"
    assert kopf.adresse == "Donaufelder Straße 101, 1210 Wien"
    assert [a.text.split(" – ")[0] for a in kopf.stiegenhaeuser] == ["1", "2"]
    assert [a.text for a in kopf.sachbereiche][:1] == ["BK – Betriebskosten"]
    assert kopf.vehs_fuer(None) == []
    assert [v.text for v in kopf.vehs_fuer(portfolio.sachbereich["BK"])] == [
        "01 – BK Wohnungen",
        "02 – BK Geschäftslokale und Garagen",
    ]
    assert [v.id for v in kopf.vehs_fuer(portfolio.sachbereich["HK"])] == [
        portfolio.veh["1010/HK/01"]
    ]
    with db.sessions() as s:
        arten = svc.bestandsarten(s, portfolio.objekt["1010"])
        assert svc.bestandsarten(s, portfolio.objekt["3030"]) == []
    assert arten == ["Garage", "Geschäftsraummiete", "Hauptmiete", "Wohnungseigentum"]
    with db.sessions() as s, pytest.raises(NotFoundError):
        svc.uebersicht_kopf(s, 999_999)


def test_zuweisungsberechtigte_vergabestellen(db, portfolio):
    with db.sessions() as s:
        names = [v.name for v in svc.zuweisungsberechtigte_vergabestellen(s)]
    assert names == ["Stadt Graz – Wohnungsamt", "Stadt Wien – Wohnservice"]


def vergabestellen(db, ids):
    with db.sessions() as s:
        rows = s.execute(select(Einheit.id, Einheit.vergabestelle_id, Einheit.version)).all()
    return {r.id: (r.vergabestelle_id, r.version) for r in rows if r.id in ids}


def test_assign_and_remove_vergabestelle_for_many_units(db, portfolio):
    ids = [portfolio.einheit[k] for k in ("1010/0001", "1010/0002", "1010/0004")]
    graz = portfolio.vergabestelle["graz"]
    with db.sessions() as s:
        assert svc.vergabestelle_zuweisen(s, ids, graz) == 3
    after = vergabestellen(db, ids)
    assert {v for v, _ in after.values()} == {graz}
    assert after[ids[1]][1] == 2  # optimistic version counter moved on
    with db.sessions() as s:
        assert svc.vergabestelle_zuweisen(s, ids, graz) == 0
    with db.sessions() as s:
        assert svc.vergabestelle_entfernen(s, ids[:2]) == 2
    after = vergabestellen(db, ids)
    assert after[ids[0]][0] is None and after[ids[1]][0] is None
    assert after[ids[2]][0] == graz


def test_not_allowed_vergabestelle_changes_nothing(db, portfolio):
    ids = [portfolio.einheit["1010/0001"], portfolio.einheit["1010/0002"]]
    before = vergabestellen(db, ids)
    with db.sessions() as s, pytest.raises(ValidationError, match="zuweisungsberechtigte"):
        svc.vergabestelle_zuweisen(s, ids, portfolio.vergabestelle["land"])
    with db.sessions() as s, pytest.raises(NotFoundError):
        svc.vergabestelle_zuweisen(s, [*ids, 999_999], portfolio.vergabestelle["graz"])
    with db.sessions() as s, pytest.raises(ValidationError, match="mindestens eine"):
        svc.vergabestelle_entfernen(s, [])
    assert vergabestellen(db, ids) == before


def test_rows_are_complete_dtos(db, portfolio):
    row = einheiten(db, portfolio.objekt["1010"])[0]
    assert row == svc.EinheitZeile.model_validate(row.model_dump())
    assert row.model_fields_set == set(svc.EinheitZeile.model_fields)
    with pytest.raises(Exception, match="frozen"):
        row.lage = "Hof"
    bv = bestandnehmer(db, portfolio.objekt["1010"])[0]
    assert bv == svc.BestandnehmerZeile.model_validate(bv.model_dump())
