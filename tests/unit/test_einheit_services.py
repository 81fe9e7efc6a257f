"""Services behind the Einheit detail dialog, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from omclient.db import Database
from omclient.domain import (
    Auftrag,
    Ausstattung,
    Einheit,
    Flaechenaufteilung,
    Funktion,
    IndivFeld,
    Verrechnungseinheit,
)
from omclient.domain.enums import IndivEntitaet, IndivFeldTyp, InfoArt, InfoKontext, Rolle
from omclient.errors import (
    ConflictError,
    PermissionDeniedError,
    ReadOnlyFieldError,
    ValidationError,
)
from omclient.services import (
    ausstattung,
    einheit,
    flaechen,
    funktionen,
    indiv,
    infogrid,
    verkettung,
)
from omclient.services.dto import BenutzerDto
from tests.support.portfolio import TODAY

EK = InfoKontext.EINHEIT
ADMIN = BenutzerDto(id=0, login="admin", name="Admin", rolle=Rolle.ADMINISTRATOR)
CLERK = BenutzerDto(id=0, login="sb", name="SB", rolle=Rolle.SACHBEARBEITER)


def test_load_einheit_marks_rw_fields_per_row(db: Database, portfolio) -> None:
    with db.sessions() as s:
        e1 = einheit.load_einheit(s, portfolio.einheit["1010/0001"])
        e7 = einheit.load_einheit(s, portfolio.einheit["1010/0007"])
    assert e1.objekt_nr == "1010" and e1.top_nr == "1"
    assert e1.stiegenhaus_text == "Stiege 1 – Donaufelder Straße 101"
    assert e1.vergabestelle_name == "Stadt Wien – Wohnservice"
    for field in ("top_nr", "wohnungscode", "strasse", "bemerkung_fibu", "stockwerk"):
        assert e1.is_rw_owned(field), field
    assert not e1.is_rw_owned("bemerkung") and not e1.is_rw_owned("lage")
    # Stockwerk was not converted for Top 7: OM may fill it
    assert not e7.is_rw_owned("stockwerk")


def test_save_writes_om_fields_and_bumps_version(db: Database, portfolio) -> None:
    eid = portfolio.einheit["1010/0001"]
    with db.sessions() as s:
        before = einheit.load_einheit(s, eid)
    after = einheit.save_einheit(
        db.sessions,
        eid,
        before.version,
        {"lage": " Hof ", "kategorie": "B", "status_kz": "02", "bemerkung": "neu"},
    )
    assert (after.lage, after.kategorie, after.status_kz) == ("Hof", "B", "02")
    assert after.version == before.version + 1


def test_save_refuses_rw_field_and_changes_nothing(db: Database, portfolio) -> None:
    eid = portfolio.einheit["1010/0001"]
    with db.sessions() as s:
        v = einheit.load_einheit(s, eid).version
    with pytest.raises(ReadOnlyFieldError):
        einheit.save_einheit(db.sessions, eid, v, {"lage": "X", "top_nr": "99"})
    with db.sessions() as s:
        e = einheit.load_einheit(s, eid)
    assert e.lage == "links" and e.top_nr == "1" and e.version == v


def test_save_conflict_when_someone_else_saved(db: Database, portfolio) -> None:
    eid = portfolio.einheit["1010/0002"]
    with db.sessions() as s:
        v = einheit.load_einheit(s, eid).version
    einheit.save_einheit(db.sessions, eid, v, {"lage": "von A"})
    with pytest.raises(ConflictError):
        einheit.save_einheit(db.sessions, eid, v, {"lage": "von B"})
    with db.sessions() as s:
        assert einheit.load_einheit(s, eid).lage == "von A"


def test_save_validates_choice_lists(db: Database, portfolio) -> None:
    eid = portfolio.einheit["1010/0001"]
    with db.sessions() as s:
        v = einheit.load_einheit(s, eid).version
    with pytest.raises(ValidationError) as err:
        einheit.save_einheit(
            db.sessions,
            eid,
            v,
            {
                "kategorie": "E",
                "status_kz": "99",
                "stiegenhaus_id": -1,
                "vergabestelle_id": portfolio.vergabestelle["land"],
            },
        )
    assert len(err.value.problems) == 4


def test_auswahllisten(db: Database, portfolio) -> None:
    with db.sessions() as s:
        a1 = einheit.auswahllisten(s, portfolio.einheit["1010/0001"])
        a3 = einheit.auswahllisten(s, portfolio.einheit["1010/0003"])
    assert [a.text for a in a1.stiegenhaeuser] == [
        "1 – Stiege 1 – Donaufelder Straße 101",
        "2 – Stiege 2 – Hofseite, Zugang über Innenhof",
    ]
    assert [a.wert for a in a1.kategorien] == ["A", "B", "C", "D"]
    assert [a.text for a in a1.vergabestellen] == [
        "Stadt Graz – Wohnungsamt",
        "Stadt Wien – Wohnservice",
    ]
    assert "Richtwertmietzins" in [a.wert for a in a1.mietzins_kategorien]
    assert [a.wert for a in a1.status_kz] == ["01", "02", "03"]
    assert [a.wert for a in a1.unterbestandsarten] == ["Dienstwohnung", "Untermiete gestattet"]
    assert a3.unterbestandsarten == []  # Wohnungseigentum has none in 1306


def test_indiv_daten_labels_skip_empty_variables(db: Database, portfolio) -> None:
    with db.sessions() as s:
        labels = einheit.indiv_daten_labels(s)
    assert labels == {
        "indiv_daten_1": "Fernwärme-Kunden-Nr.",
        "indiv_daten_2": "Wohnbeihilfe",
        "indiv_daten_4": "Hausverwaltung",
    }


def test_vergabestelle_fuer_objekte_mit_und_ohne_ueberschreiben(db: Database, portfolio) -> None:
    o1, graz = portfolio.objekt["1010"], portfolio.vergabestelle["graz"]
    with db.sessions.begin() as s:
        n = einheit.vergabestelle_zuweisen(s, [o1], graz, ueberschreiben=False)
    assert n == 7  # every unit of 1010 except Top 1 (already Wien)
    with db.sessions() as s:
        e1 = s.get(Einheit, portfolio.einheit["1010/0001"])
        assert e1 is not None and e1.vergabestelle_id == portfolio.vergabestelle["wien"]
    with db.sessions.begin() as s:
        assert einheit.vergabestelle_zuweisen(s, [o1], graz, ueberschreiben=True) == 1
    with db.sessions() as s:
        e1 = s.get(Einheit, portfolio.einheit["1010/0001"])
        assert e1 is not None and e1.vergabestelle_id == graz
    with db.sessions.begin() as s, pytest.raises(ValidationError):
        einheit.vergabestelle_zuweisen(s, [o1], portfolio.vergabestelle["land"], True)


def test_dokumente_ordner_created_on_demand(db: Database, portfolio, tmp_path) -> None:
    with db.sessions() as s:
        folder = einheit.dokumente_ordner(s, portfolio.einheit["1010/0001"], tmp_path)
    assert folder.is_dir()
    assert folder.relative_to(tmp_path).parts == (
        "01 Gemeinnützige Wohnbau Donau GmbH",
        "1010 Wohnanlage Donaufeld",
        "0001 Top 1",
    )


# -- Funktionen ----------------------------------------------------------------


def test_personen_active_and_inactive(db: Database, portfolio) -> None:
    eid = portfolio.einheit["1010/0001"]
    with db.sessions() as s:
        aktiv = funktionen.personen(s, EK, eid, TODAY)
        alle = funktionen.personen(s, EK, eid, TODAY, auch_inaktive=True)
    assert [(r.person, r.funktion) for r in aktiv] == [
        ("Huber Anna", "Mieter"),
        ("Gruber Peter", "Hausbesorger"),
        ("Berger Karl", "Notfallkontakt"),
    ]
    inaktiv = [r for r in alle if not r.aktiv]
    assert len(alle) == 4 and [(r.person, r.ende) for r in inaktiv] == [
        ("Wagner Franz", dt.date(2014, 12, 31))
    ]
    assert alle[1].aus_rw and not alle[2].aus_rw


def test_rw_funktionen_are_protected(db: Database, portfolio) -> None:
    rw = portfolio.funktion["rw"]
    with db.sessions.begin() as s:
        arten = {a.code: a.id for a in funktionen.funktionsarten(s, auch_rw=True)}
        with pytest.raises(ReadOnlyFieldError):
            funktionen.loeschen(s, rw)
        with pytest.raises(ReadOnlyFieldError):
            funktionen.enddatum_definieren(s, rw, TODAY)
        with pytest.raises(ReadOnlyFieldError):
            funktionen.bearbeiten(s, rw, arten["31000"], portfolio.person["Huber"], None, None, "")
        with pytest.raises(ValidationError):
            funktionen.kopieren(s, rw, [(EK, portfolio.einheit["1010/0002"])])
        with pytest.raises(ValidationError):
            funktionen.hinzufuegen(
                s,
                EK,
                portfolio.einheit["1010/0002"],
                arten["41000"],
                portfolio.person["Huber"],
                None,
            )
        with pytest.raises(ValidationError):  # an OM Funktion cannot be turned into an RW one
            funktionen.bearbeiten(
                s,
                portfolio.funktion["om"],
                arten["51000"],
                portfolio.person["Berger"],
                None,
                None,
                "",
            )
    assert "31000" not in {a.code for a in funktionen.funktionsarten(db.sessions())}


def test_funktion_add_end_copy_delete(db: Database, portfolio) -> None:
    e2 = portfolio.einheit["1010/0002"]
    with db.sessions.begin() as s:
        arten = {a.code: a.id for a in funktionen.funktionsarten(s)}
        row = funktionen.hinzufuegen(
            s, EK, e2, arten["90010"], portfolio.person["Gruber"], dt.date(2026, 1, 1), heute=TODAY
        )
        assert row.aktiv and row.funktion == "Ansprechpartner Schlüssel"
        funktionen.enddatum_definieren(s, row.funktion_id, dt.date(2026, 6, 30))
        with pytest.raises(ValidationError):
            funktionen.enddatum_definieren(s, row.funktion_id, dt.date(2025, 1, 1))
        assert funktionen.kopieren(s, row.funktion_id, [(EK, portfolio.einheit["1010/0003"])]) == 1
    with db.sessions() as s:
        rows = funktionen.personen(s, EK, e2, TODAY, auch_inaktive=True)
        assert [r.ende for r in rows if r.funktion_id] == [dt.date(2026, 6, 30)]
        assert not funktionen.personen(s, EK, e2, TODAY)[-1].funktion_id  # ended: hidden
    with db.sessions.begin() as s:
        funktionen.loeschen(s, row.funktion_id)
    with db.sessions() as s:
        assert s.get(Funktion, row.funktion_id) is None


# -- Ausstattung ---------------------------------------------------------------


def test_ausstattung_list_filter_and_actions(db: Database, portfolio) -> None:
    e1, e2 = portfolio.einheit["1010/0001"], portfolio.einheit["1010/0002"]
    with db.sessions.begin() as s:
        gruppen = {g.name: g.id for g in ausstattung.gruppen(s)}
        items = ausstattung.liste(s, e1)
        assert [i.bezeichnung for i in items][:2] == ["Parkett Eiche", "Badewanne"]
        assert [i.bezeichnung for i in ausstattung.liste(s, e1, gruppen["Sanitär"])] == [
            "Badewanne"
        ]
        assert len(ausstattung.liste(s, e1, auch_inaktive=False)) == 4
        neu = ausstattung.hinzufuegen(
            s, e1, {"gruppe_id": gruppen["Balkon/Loggia"], "bezeichnung": "Loggia 6 m²"}
        )
        with pytest.raises(ValidationError):
            ausstattung.hinzufuegen(s, e1, {"gruppe_id": gruppen["Küche"], "bezeichnung": " "})
        kopie = ausstattung.kopieren(s, neu.id)
        ausstattung.verschieben(s, kopie.id, e2)
        ausstattung.aktiv_setzen(s, neu.id, False)
        assert ausstattung.vorlage_buchen(s, e2, ausstattung.vorlagen(s)[0].id) == 3
        pruefung = ausstattung.instandhaltung_erfassen(
            s, neu.id, TODAY, "in Ordnung", dt.date(2027, 11, 23), "Fa. Prüf"
        )
        with pytest.raises(ValidationError):
            ausstattung.instandhaltung_erfassen(s, neu.id, TODAY, "x", TODAY)
        ticket = ausstattung.ticket_erstellen(s, neu.id, "Loggia undicht", None, TODAY)
    with db.sessions() as s:
        assert sorted(i.bezeichnung for i in ausstattung.liste(s, e2)) == sorted(
            ["Waschtisch", "WC", "Gegensprechanlage", "Loggia 6 m²"]
        )
        loggia = ausstattung.lade(s, neu.id)
        assert not loggia.aktiv and loggia.naechste_faelligkeit == dt.date(2027, 11, 23)
        assert pruefung.ergebnis == "in Ordnung"
        auftrag = s.get(Auftrag, ticket.id)
        assert auftrag is not None and auftrag.einheit_id == e1 and ticket.nummer == "A-2026-0001"
        counts = {e.art: e.anzahl for e in infogrid.eintraege(s, EK, e1, None)}
        assert counts[InfoArt.AUFTRAG] == 1
    with db.sessions.begin() as s:
        ausstattung.entfernen(s, neu.id)
    with db.sessions() as s:
        assert s.get(Ausstattung, neu.id) is None


# -- Infogrid ------------------------------------------------------------------


def test_infogrid_counts_only_records_of_the_unit(db: Database, portfolio) -> None:
    e1, bv = portfolio.einheit["1010/0001"], portfolio.bv["1010/0001/1"]
    with db.sessions() as s:
        einheit_counts = [(e.art, e.anzahl) for e in infogrid.eintraege(s, EK, e1, None)]
        bv_counts = {
            e.art: e.anzahl
            for e in infogrid.eintraege(s, InfoKontext.BESTANDSVERHAELTNIS, bv, None)
        }
    assert einheit_counts == [
        (InfoArt.VERTRAG, 1),
        (InfoArt.VERMERK, 1),
        (InfoArt.AUFTRAG, 0),
        (InfoArt.SCHLUESSEL, 0),
    ]
    assert bv_counts[InfoArt.SCHLUESSEL] == 2 and bv_counts[InfoArt.VERMERK] == 1


def test_infogrid_settings_and_user_hiding(db: Database, portfolio) -> None:
    e1, sb = portfolio.einheit["1010/0001"], portfolio.benutzer["sb"]
    with db.sessions.begin() as s:
        with pytest.raises(PermissionDeniedError):
            infogrid.einstellungen_speichern(s, CLERK, EK, [(InfoArt.AUFTRAG, True)])
        infogrid.einstellungen_speichern(
            s,
            ADMIN,
            EK,
            [
                (InfoArt.AUFTRAG, True),
                (InfoArt.VERMERK, True),
                (InfoArt.VERTRAG, False),
                (InfoArt.SCHLUESSEL, True),
            ],
        )
        infogrid.ausblenden(s, sb, EK, InfoArt.SCHLUESSEL, dt.datetime(2026, 11, 23, 9))
    with db.sessions() as s:
        assert [e.art for e in infogrid.eintraege(s, EK, e1, sb)] == [
            InfoArt.AUFTRAG,
            InfoArt.VERMERK,
        ]
        # another user still sees Schlüssel
        assert len(infogrid.eintraege(s, EK, e1, portfolio.benutzer["admin"])) == 3
    with db.sessions.begin() as s:
        infogrid.einblenden(s, sb, EK)
    with db.sessions() as s:
        assert len(infogrid.eintraege(s, EK, e1, sb)) == 3


def test_infogrid_create_edit_and_ambiguous_sachbereich(db: Database, portfolio) -> None:
    e1, e6 = portfolio.einheit["1010/0001"], portfolio.einheit["1010/0006"]
    with db.sessions.begin() as s:
        v = infogrid.anlegen(s, EK, e1, InfoArt.VERMERK, {"betreff": "Besichtigung"}, TODAY, "sb")
        assert v.datum == TODAY
        with pytest.raises(ValidationError):
            infogrid.anlegen(s, EK, e1, InfoArt.VERTRAG, {"vertragsart": ""}, TODAY)
        infogrid.bearbeiten(s, InfoArt.VERMERK, v.id, {"text": "mit Interessent"})
        a = infogrid.anlegen(s, EK, e1, InfoArt.AUFTRAG, {"betreff": "Tür klemmt"}, TODAY)
        assert a.werte["status"] == "offen"
        # Garage G1 lies in BK 01 and BK 02: ambiguous
        for veh in ("1010/BK/01", "1010/BK/02"):
            s.add(
                Flaechenaufteilung(
                    einheit_id=e6,
                    verrechnungseinheit_id=portfolio.veh[veh],
                    flaeche=Decimal("7"),
                    anteil=Decimal("0.01"),
                )
            )
        s.flush()
        uneindeutig, optionen = infogrid.veh_optionen(s, e6)
        assert uneindeutig and len(optionen) == 2
        with pytest.raises(ValidationError):
            infogrid.anlegen(s, EK, e6, InfoArt.AUFTRAG, {"betreff": "Tor"}, TODAY)
        auftrag = infogrid.anlegen(
            s,
            EK,
            e6,
            InfoArt.AUFTRAG,
            {"betreff": "Tor"},
            TODAY,
            verrechnungseinheit_id=portfolio.veh["1010/BK/02"],
        )
    with db.sessions() as s:
        titles = [d.titel for d in infogrid.liste(s, EK, e1, InfoArt.VERMERK)]
        assert titles[0] == "Besichtigung"
        row = s.get(Auftrag, auftrag.id)
        assert row is not None and row.verrechnungseinheit_id == portfolio.veh["1010/BK/02"]
        veh = s.scalar(
            select(Verrechnungseinheit).where(Verrechnungseinheit.id == row.verrechnungseinheit_id)
        )
        assert veh is not None and veh.nummer == "02"


# -- Indiv Felder --------------------------------------------------------------


def test_indiv_values_validated_by_type(db: Database, portfolio) -> None:
    e1 = portfolio.einheit["1010/0001"]
    with db.sessions() as s:
        felder = {f.bezeichnung: f.id for f in indiv.felder(s, IndivEntitaet.EINHEIT)}
    with db.sessions.begin() as s, pytest.raises(ValidationError) as err:
        indiv.werte_speichern(
            s,
            IndivEntitaet.EINHEIT,
            e1,
            {felder["Rauchmelder geprüft"]: "32.13.2026", felder["Haustiere"]: "Papagei"},
        )
    assert len(err.value.problems) == 2
    with db.sessions.begin() as s:
        indiv.werte_speichern(
            s,
            IndivEntitaet.EINHEIT,
            e1,
            {
                felder["Rauchmelder geprüft"]: dt.date(2026, 3, 1),
                felder["Haustiere"]: "Katze",
                felder["Schornsteinfeger"]: "Fa. Rauch",
            },
        )
    with db.sessions() as s:
        shown = {w.feld.bezeichnung: w.anzeige for w in indiv.werte(s, IndivEntitaet.EINHEIT, e1)}
    assert shown == {
        "Schornsteinfeger": "Fa. Rauch",
        "Rauchmelder geprüft": "01.03.2026",
        "Haustiere": "Katze",
    }


def test_indiv_definitions_admin_only_reorder_delete(db: Database, portfolio) -> None:
    e1 = portfolio.einheit["1010/0001"]
    with db.sessions.begin() as s:
        with pytest.raises(PermissionDeniedError):
            indiv.feld_anlegen(s, CLERK, IndivEntitaet.EINHEIT, "Zähler", IndivFeldTyp.ZAHL)
        f = indiv.feld_anlegen(s, ADMIN, IndivEntitaet.EINHEIT, "Zählerstand", IndivFeldTyp.ZAHL)
        with pytest.raises(ValidationError):
            indiv.feld_anlegen(s, ADMIN, IndivEntitaet.EINHEIT, "zählerstand", IndivFeldTyp.TEXT)
        with pytest.raises(ValidationError):
            indiv.feld_anlegen(s, ADMIN, IndivEntitaet.EINHEIT, "Leer", IndivFeldTyp.AUSWAHL, [])
        indiv.feld_verschieben(s, ADMIN, f.id, -3)
        indiv.werte_speichern(s, IndivEntitaet.EINHEIT, e1, {f.id: "1.234,5"})
    with db.sessions() as s:
        assert [x.bezeichnung for x in indiv.felder(s, IndivEntitaet.EINHEIT)] == [
            "Zählerstand",
            "Schornsteinfeger",
            "Rauchmelder geprüft",
            "Haustiere",
        ]
        assert indiv.werte(s, IndivEntitaet.EINHEIT, e1)[0].wert == Decimal("1234.5")
        assert indiv.anzahl_werte(s, f.id) == 1
    with db.sessions.begin() as s, pytest.raises(ValidationError):
        indiv.feld_loeschen(s, ADMIN, f.id)
    with db.sessions.begin() as s:
        assert indiv.feld_loeschen(s, ADMIN, f.id, auch_werte=True) == 1
    with db.sessions() as s:
        assert s.get(IndivFeld, f.id) is None


# -- Flächen, Verkettung -------------------------------------------------------


def test_flaechen_grouped_by_sachbereich(db: Database, portfolio) -> None:
    with db.sessions() as s:
        dto = flaechen.flaechen(s, portfolio.einheit["1010/0001"])
    assert [g.code for g in dto.gruppen] == ["BK", "HK", "IK"]
    assert dto.gruppen[0].zeilen[0].veh_bezeichnung == "BK Wohnungen"
    assert dto.gruppen[0].summe_flaeche == Decimal("68.40")


def test_verkettung_roles(db: Database, portfolio) -> None:
    with db.sessions() as s:
        wohnung = verkettung.verkettungen(s, EK, portfolio.einheit["1010/0001"])
        garage = verkettung.verkettungen(
            s, InfoKontext.BESTANDSVERHAELTNIS, portfolio.bv["1010/0006/1"]
        )
        keine = verkettung.verkettungen(s, EK, portfolio.einheit["1010/0003"])
    assert wohnung.zeilen[0].rolle.value == "Haupt-Bestandnehmer"
    assert wohnung.zeilen[0].partner_einheit == "1010/0006 Top G1"
    assert garage.zeilen[0].rolle.value == "Sub-Bestandnehmer"
    assert "Sub-Bestandnehmer" in garage.status
    assert keine.status == "Nicht verkettet." and keine.zeilen == []
