"""Sicherheitsleistungen, Zahlung, WBF-Prüfung and FB-Stundung services
(SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import keyring
import pytest
from keyring.backends import fail
from pydantic import SecretStr
from sqlalchemy import select

from omclient.domain import Bankgarantie, Kaution, Sparbuch
from omclient.domain.enums import Zahlungsart
from omclient.errors import ConflictError, ValidationError
from omclient.services import bestandsverhaeltnis as bv_svc
from omclient.services import fb_stundung, sicherheiten, wbf, zahlung
from omclient.services.bankdaten import check_account, mask_iban
from omclient.services.sicherheiten import (
    BankgarantieDto,
    FinanzierungsbeitragDto,
    KautionDto,
    SicherheitenInput,
    SonstigesDto,
    SparbuchInput,
)
from tests.support.portfolio import TODAY

D = dt.date
E = Decimal


def loaded(db, bv_id):
    with db.sessions() as s:
        return sicherheiten.load_sicherheiten(s, bv_id)


def switches(current, **overrides):
    flags = {
        name: getattr(current, name)
        for name in (
            "kaution_aktiv",
            "finanzierungsbeitrag_aktiv",
            "bankgarantie_aktiv",
            "sparbuch_aktiv",
            "sonstiges_aktiv",
        )
    }
    flags.update(overrides)
    return flags


def test_check_account_messages_are_german_and_specific():
    assert check_account("AT61 1904 3002 3457 3201", "GIBAATWWXXX", "Konto") == []
    assert "Prüfziffern" in check_account("AT611904300234573202", "GIBAATWWXXX", "Konto")[0]
    assert "Länderkennung" in check_account("XX611904300234573201", "GIBAATWWXXX", "Konto")[0]
    assert "muss auch der BIC" in check_account("AT611904300234573201", "", "Konto")[0]
    assert "BIC „GIBA1TWW“ ist ungültig" in check_account(None, "giba1tww", "Konto")[0]
    assert mask_iban("AT483200000012345864") == "AT** **** **** **** 5864"


def test_kaution_saved_with_normalized_account(db, portfolio):
    bv_id = portfolio.bv["1010/0002/2"]
    cur = loaded(db, bv_id)
    data = SicherheitenInput(
        **switches(cur),
        kaution=cur.kaution.model_copy(
            update={"iban": "at61 1904 3002 3457 3201", "bic": "gibaatwwxxx", "bank": " Erste "}
        ),
    )
    result = sicherheiten.save_sicherheiten(db.sessions, bv_id, cur.version, data)
    assert result.kaution.iban == "AT611904300234573201"
    assert result.kaution.bic == "GIBAATWWXXX"
    assert result.kaution.bank == "Erste"
    assert result.version == cur.version + 1


@pytest.mark.parametrize(
    ("iban", "bic", "message"),
    [
        ("AT611904300234573201", None, "muss auch der BIC befüllt sein"),
        ("AT611904300234573299", "GIBAATWWXXX", "Prüfziffern stimmen nicht"),
        ("AT611904300234573201", "GIBAATW", "BIC „GIBAATW“ ist ungültig"),
    ],
)
def test_bad_kautionskonto_refused_nothing_saved(db, portfolio, iban, bic, message):
    bv_id = portfolio.bv["1010/0002/2"]
    cur = loaded(db, bv_id)
    data = SicherheitenInput(
        **switches(cur),
        kaution=cur.kaution.model_copy(update={"iban": iban, "bic": bic, "betrag": E("1800")}),
    )
    with pytest.raises(ValidationError) as err:
        sicherheiten.save_sicherheiten(db.sessions, bv_id, cur.version, data)
    assert any(message in p for p in err.value.problems)
    after = loaded(db, bv_id)
    assert after.kaution == cur.kaution
    assert after.version == cur.version


def test_fields_of_a_kind_frozen_while_switched_off(db, portfolio):
    bv_id = portfolio.bv["1010/0001/1"]
    cur = loaded(db, bv_id)
    data = SicherheitenInput(
        **switches(cur, kaution_aktiv=False),
        kaution=cur.kaution.model_copy(update={"betrag": E("1")}),
    )
    with pytest.raises(ValidationError, match="solange die Sicherheitsleistung aktiviert"):
        sicherheiten.save_sicherheiten(db.sessions, bv_id, cur.version, data)
    # Switching off without changing the data is fine and keeps the data.
    off = sicherheiten.save_sicherheiten(
        db.sessions,
        bv_id,
        cur.version,
        SicherheitenInput(**switches(cur, kaution_aktiv=False), kaution=cur.kaution),
    )
    assert not off.kaution_aktiv
    assert off.kaution.betrag == E("3000.00")


def test_finanzierungsbeitrag_with_forderungsabtretung(db, portfolio):
    bv_id = portfolio.bv["1010/0004/1"]
    cur = loaded(db, bv_id)
    fb = FinanzierungsbeitragDto(
        betrag=E("12000"),
        datum=D(2010, 1, 1),
        verwohnung_prozent_jahr=E("1"),
        abtretung_an="Raiffeisenbank Wien",
        abtretung_datum=D(2012, 5, 2),
        abtretung_betrag=E("5000"),
    )
    result = sicherheiten.save_sicherheiten(
        db.sessions,
        bv_id,
        cur.version,
        SicherheitenInput(
            **switches(cur, finanzierungsbeitrag_aktiv=True), finanzierungsbeitrag=fb
        ),
    )
    assert result.finanzierungsbeitrag.abtretung_an == "Raiffeisenbank Wien"
    assert result.finanzierungsbeitrag.betrag == E("12000.00")
    bad = fb.model_copy(update={"abtretung_an": "", "abtretung_betrag": E("20000")})
    with pytest.raises(ValidationError) as err:
        sicherheiten.save_sicherheiten(
            db.sessions,
            bv_id,
            result.version,
            SicherheitenInput(**switches(result), finanzierungsbeitrag=bad),
        )
    text = " ".join(err.value.problems)
    assert "an wen" in text and "höher als der Finanzierungsbeitrag" in text


def test_several_bankgarantien_added_changed_removed(db, portfolio):
    bv_id = portfolio.bv["1010/0005/1"]
    cur = loaded(db, bv_id)
    two = (
        BankgarantieDto(
            bank="Erste Bank", nummer="G-1", betrag=E("5000"), gueltig_bis=D(2027, 6, 30)
        ),
        BankgarantieDto(bank="BAWAG", nummer="G-2", betrag=E("2500")),
    )
    r1 = sicherheiten.save_sicherheiten(
        db.sessions,
        bv_id,
        cur.version,
        SicherheitenInput(**switches(cur, bankgarantie_aktiv=True), bankgarantien=two),
    )
    assert [g.bank for g in r1.bankgarantien] == ["Erste Bank", "BAWAG"]
    first = r1.bankgarantien[0].model_copy(update={"betrag": E("6000")})
    r2 = sicherheiten.save_sicherheiten(
        db.sessions,
        bv_id,
        r1.version,
        SicherheitenInput(**switches(r1), bankgarantien=(first,)),
    )
    assert [(g.bank, g.betrag) for g in r2.bankgarantien] == [("Erste Bank", E("6000.00"))]
    with db.sessions() as s:
        assert len(s.scalars(select(Bankgarantie)).all()) == 1
    with pytest.raises(ValidationError, match="Bitte geben Sie die Bank an"):
        sicherheiten.save_sicherheiten(
            db.sessions,
            bv_id,
            r2.version,
            SicherheitenInput(
                **switches(r2), bankgarantien=(BankgarantieDto(bank=" ", betrag=E(1)),)
            ),
        )


def test_sparbuch_losungswort_only_in_keyring(db, portfolio, memory_keyring, caplog):
    bv_id = portfolio.bv["1010/0003/1"]
    cur = loaded(db, bv_id)
    secret = "Donau-Geheim-4711"
    result = sicherheiten.save_sicherheiten(
        db.sessions,
        bv_id,
        cur.version,
        SicherheitenInput(
            **switches(cur, sparbuch_aktiv=True),
            sparbuch=SparbuchInput(
                bank="Sparkasse", nummer="SB-99", betrag=E("2000"), losungswort=SecretStr(secret)
            ),
        ),
    )
    assert result.sparbuch.losungswort_hinterlegt
    assert secret in memory_keyring.secrets.values()
    assert secret not in caplog.text
    assert secret not in repr(result)
    with db.sessions() as s:
        row = s.scalar(select(Sparbuch))
        assert secret not in str([getattr(row, c) for c in ("bank", "nummer", "betrag")])
        assert sicherheiten.sparbuch_losungswort(s, bv_id) == secret
    sicherheiten.save_sicherheiten(
        db.sessions,
        bv_id,
        result.version,
        SicherheitenInput(
            **switches(result),
            sparbuch=SparbuchInput(
                bank="Sparkasse", nummer="SB-99", betrag=E("2000"), losungswort_entfernen=True
            ),
        ),
    )
    assert secret not in memory_keyring.secrets.values()


def test_sparbuch_without_keyring_says_so_and_saves_nothing(db, portfolio):
    bv_id = portfolio.bv["1010/0003/1"]
    cur = loaded(db, bv_id)
    keyring.set_keyring(fail.Keyring())
    assert not loaded(db, bv_id).keyring_verfuegbar
    with pytest.raises(ValidationError, match="kein Schlüsselbund"):
        sicherheiten.save_sicherheiten(
            db.sessions,
            bv_id,
            cur.version,
            SicherheitenInput(
                **switches(cur, sparbuch_aktiv=True),
                sparbuch=SparbuchInput(
                    bank="Sparkasse", betrag=E("10"), losungswort=SecretStr("x")
                ),
            ),
        )
    with db.sessions() as s:
        assert s.scalar(select(Sparbuch)) is None


def test_sonstiges_buergschaft_and_vergebuehrung(db, portfolio):
    bv_id = portfolio.bv["1010/0003/1"]
    cur = loaded(db, bv_id)
    result = sicherheiten.save_sicherheiten(
        db.sessions,
        bv_id,
        cur.version,
        SicherheitenInput(
            **switches(cur, sonstiges_aktiv=True),
            sonstiges=SonstigesDto(
                buergschaft_buerge="Wagner Maria",
                buergschaft_betrag=E("3000"),
                vergebuehrung_datum=D(2001, 2, 15),
                vergebuehrung_betrag=E("123.45"),
            ),
        ),
    )
    assert result.sonstiges.buergschaft_buerge == "Wagner Maria"
    assert result.sonstiges.vergebuehrung_betrag == E("123.45")
    with pytest.raises(ValidationError, match="Bürgen"):
        sicherheiten.save_sicherheiten(
            db.sessions,
            bv_id,
            result.version,
            SicherheitenInput(
                **switches(result), sonstiges=SonstigesDto(buergschaft_betrag=E("5"))
            ),
        )


def test_sepa_lastschrift_needs_mandate_and_valid_account(db, portfolio):
    bv_id = portfolio.bv["1010/0002/2"]
    good = zahlung.ZahlungInput(
        zahlungsart=Zahlungsart.SEPA_LASTSCHRIFT,
        kontoinhaber="Eva Novak",
        iban="AT48 3200 0000 1234 5864",
        bic="RLNWATWWXXX",
        mandatsreferenz="WBD-1010-0002-2",
        mandatsdatum=D(2019, 7, 25),
        faelligkeitstag=5,
    )
    saved = zahlung.save_zahlung(db.sessions, bv_id, None, good, TODAY)
    assert saved.iban == "AT483200000012345864"
    assert (
        saved.beschreibung
        == "SEPA-Lastschrift, IBAN AT** **** **** **** 5864, Mandatsreferenz WBD-1010-0002-2"
    )
    with pytest.raises(ValidationError) as err:
        zahlung.save_zahlung(
            db.sessions,
            bv_id,
            None,
            good.model_copy(
                update={"mandatsreferenz": "Müller//1", "mandatsdatum": D(2027, 1, 1), "bic": None}
            ),
            TODAY,
        )
    text = " ".join(err.value.problems)
    assert "Mandatsreferenz darf" in text and "Zukunft" in text and "BIC" in text
    with db.sessions() as s:
        assert zahlung.load_zahlung(s, bv_id).mandatsreferenz == "WBD-1010-0002-2"


def test_zahlschein_drops_the_mandate(db, portfolio):
    bv_id = portfolio.bv["1010/0001/1"]
    dto = zahlung.save_zahlung(
        db.sessions,
        bv_id,
        None,
        zahlung.ZahlungInput(zahlungsart=Zahlungsart.ZAHLSCHEIN, mandatsreferenz="ALT"),
        TODAY,
    )
    assert dto.zahlungsart is Zahlungsart.ZAHLSCHEIN
    assert dto.mandatsreferenz is None and dto.iban is None


def test_wbf_pruefungen_saved_newest_first_and_validated(db, portfolio):
    bv_id = portfolio.bv["1010/0002/2"]
    rows = (
        wbf.WbfPruefungDto(
            datum=D(2019, 7, 1),
            ergebnis="förderungswürdig",
            haushaltsgroesse=2,
            haushaltseinkommen=E("38000"),
            einkommensgrenze=E("52000"),
            naechste_pruefung=D(2024, 7, 1),
        ),
        wbf.WbfPruefungDto(
            datum=D(2024, 7, 3),
            ergebnis="nicht förderungswürdig",
            haushaltsgroesse=2,
            haushaltseinkommen=E("61000"),
            einkommensgrenze=E("54000"),
            naechste_pruefung=D(2029, 7, 1),
        ),
    )
    saved = wbf.save_wbf(db.sessions, bv_id, None, rows)
    assert [p.datum for p in saved] == [D(2024, 7, 3), D(2019, 7, 1)]
    assert saved[0].ueber_grenze and not saved[1].ueber_grenze
    assert wbf.naechste_faellige(saved) == D(2029, 7, 1)
    bad = (saved[0].model_copy(update={"naechste_pruefung": D(2020, 1, 1)}),)
    with pytest.raises(ValidationError, match="nach dem Prüfdatum"):
        wbf.save_wbf(db.sessions, bv_id, None, bad)
    with db.sessions() as s:
        assert len(wbf.load_wbf(s, bv_id)) == 2


def test_ratenplan_without_interest_splits_to_the_cent():
    plan = fb_stundung.ratenplan(
        fb_stundung.FbStundungInput(betrag=E("1000"), raten=3, beginn=D(2027, 1, 31))
    )
    assert [z.rate for z in plan] == [E("333.33"), E("333.33"), E("333.34")]
    assert [z.faellig for z in plan] == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31)]
    assert plan[-1].restschuld == 0


def test_ratenplan_annuity_with_interest():
    # 1200 at 6 % p.a. = 0.5 % a month over 12 months: annuity 1200·0,005/(1−1,005^−12)
    # = 103,2797… → 103,28; first month interest 6,00, repayment 97,28.
    plan = fb_stundung.ratenplan(
        fb_stundung.FbStundungInput(
            betrag=E("1200"), raten=12, beginn=D(2027, 1, 1), zinssatz=E("6")
        )
    )
    assert (plan[0].rate, plan[0].zinsen, plan[0].tilgung) == (E("103.28"), E("6.00"), E("97.28"))
    assert sum(z.tilgung for z in plan) == E("1200")
    assert all(z.rate == E("103.28") for z in plan[:-1])
    assert abs(plan[-1].rate - E("103.28")) < E("0.10")
    assert plan[-1].restschuld == 0


def _fb_aktiv(db, bv_id, betrag):
    cur = loaded(db, bv_id)
    sicherheiten.save_sicherheiten(
        db.sessions,
        bv_id,
        cur.version,
        SicherheitenInput(
            **switches(cur, finanzierungsbeitrag_aktiv=True),
            finanzierungsbeitrag=FinanzierungsbeitragDto(betrag=betrag),
        ),
    )


def test_stundung_saved_limited_by_finanzierungsbeitrag(db, portfolio):
    bv_id = portfolio.bv["1010/0002/2"]
    data = fb_stundung.FbStundungInput(
        betrag=E("3000"), raten=24, beginn=D(2027, 1, 1), zinssatz=E("2")
    )
    with pytest.raises(ValidationError, match="kein Finanzierungsbeitrag"):
        fb_stundung.save_stundung(db.sessions, bv_id, data)
    _fb_aktiv(db, bv_id, E("5000"))
    saved = fb_stundung.save_stundung(db.sessions, bv_id, data)
    assert len(saved.ratenplan) == 24
    with pytest.raises(ValidationError, match=re.escape("höchstens €\u00a02.000,00")):
        fb_stundung.save_stundung(db.sessions, bv_id, data)
    changed = fb_stundung.save_stundung(
        db.sessions, bv_id, data.model_copy(update={"betrag": E("4000")}), saved.id
    )
    with db.sessions() as s:
        uebersicht = fb_stundung.load_uebersicht(s, bv_id)
    assert uebersicht.gestundet == E("4000")
    assert uebersicht.noch_stundbar == E("1000")
    fb_stundung.delete_stundung(db.sessions, bv_id, changed.id)
    with db.sessions() as s:
        assert fb_stundung.load_uebersicht(s, bv_id).stundungen == ()


def test_stundung_does_not_bump_the_bv_version(db, portfolio):
    # The FB-Stundung dialog is used while the BV dialog is open: it must not
    # make the open dialog's next save a conflict.
    bv_id = portfolio.bv["1010/0002/2"]
    _fb_aktiv(db, bv_id, E("5000"))
    with db.sessions() as s:
        version = bv_svc.load_bestandsverhaeltnis(s, bv_id).version
    fb_stundung.save_stundung(
        db.sessions,
        bv_id,
        fb_stundung.FbStundungInput(betrag=E("100"), raten=2, beginn=D(2027, 1, 1)),
    )
    bv_svc.save(db.sessions, bv_id, version, today=TODAY, allgemein={"bemerkung": "ok"})
    with pytest.raises(ConflictError):
        bv_svc.save(db.sessions, bv_id, version, today=TODAY, allgemein={"bemerkung": "alt"})


def test_kaution_row_created_only_with_data(db, portfolio):
    bv_id = portfolio.bv["1010/0003/1"]
    cur = loaded(db, bv_id)
    sicherheiten.save_sicherheiten(
        db.sessions,
        bv_id,
        cur.version,
        SicherheitenInput(**switches(cur, kaution_aktiv=True), kaution=KautionDto()),
    )
    with db.sessions() as s:
        assert s.scalar(select(Kaution).where(Kaution.bestandsverhaeltnis_id == bv_id)) is None
