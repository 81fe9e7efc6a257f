"""Kontoauszug: read the PDF back and check names, amounts and balances to the cent."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest

from omclient.clock import Clock
from omclient.domain import Buchung
from omclient.errors import ValidationError
from omclient.reports import kontoauszug as report
from omclient.reports.registry import ReportRequest
from omclient.services import kontoauszug as service
from tests.support.portfolio import TODAY

CLOCK = Clock.fixed(TODAY)
AMOUNT = re.compile(r"(?<![\d.,])-?\d{1,3}(?:\.\d{3})*,\d\d(?![\d,])")
# The carried balance at the top of a page, not "Übertrag auf die nächste Seite".
CARRY_IN = r"Übertrag(?! auf)"
CARRY_OUT = "Übertrag auf die nächste Seite"


def dec(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def pages(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def label_end(text: str, label: str) -> int:
    match = re.search(label if label == CARRY_IN else re.escape(label), text)
    assert match, f"„{label}“ fehlt"
    return match.end()


def amounts_after(text: str, label: str, count: int) -> list[Decimal]:
    """The ``count`` amounts printed right after ``label`` on its line."""
    start = label_end(text, label)
    line = text[start:].split("\n", 1)[0]
    return [dec(m.group()) for m in AMOUNT.finditer(line)][:count]


def amounts_between(text: str, start_label: str, end_label: str) -> list[Decimal]:
    start = label_end(text, start_label)
    end = text.index(end_label, start)
    return [dec(m.group()) for m in AMOUNT.finditer(text[start:end])]


def test_statement_of_the_current_year(db, portfolio):
    with db.sessions() as session:
        pdf = report.build_pdf(session, portfolio.bv["1010/0001/1"], clock=CLOCK)
    text = "\n".join(pages(pdf))
    tokens = flat(text)
    # window address, sender, reference
    for expected in (
        "Frau",
        "Anna Huber",
        "Donaufelder Straße 101/1/1",
        "1210 Wien",
        "Gemeinnützige Wohnbau Donau GmbH",
        "1010 Wohnanlage Donaufeld",
        "0001 · Top 1",
        "1010/0001/1",
        "01.01.2026 – 31.12.2026",
        "Sehr geehrte Frau Huber,",
    ):
        assert expected in tokens, expected
    # 2025 was paid in full: the year opens at 0; Jan–Nov charged, Jan–Sep paid
    assert amounts_after(text, "Saldovortrag", 1) == [Decimal("0.00")]
    assert amounts_after(text, "Summe Zeitraum", 2) == [
        11 * Decimal("801.01"),
        9 * Decimal("801.01"),
    ]
    assert amounts_after(text, "Endsaldo", 1) == [Decimal("1602.02")]
    assert "offener Betrag" in text and "€ 1.602,02" in text
    assert tokens.count("Vorschreibung 11/2026") == 1
    assert "01.11.2026 VS202611 Vorschreibung 11/2026 801,01 1.602,02" in text
    assert "Vorschreibung 12/2025" not in text  # before the period
    # payment data from the Register Zahlung, IBAN masked except the last 4
    assert "SEPA-Lastschrift" in text
    assert "AT** **** **** **** 5864" in text
    assert "AT48" not in text and "3200000012345864" not in text.replace(" ", "")
    assert "WBD-1010-0001-1" in text


def test_opening_balance_carries_earlier_postings(db, portfolio):
    with db.sessions() as session:
        auszug = service.kontoauszug(
            session, portfolio.bv["1010/0001/1"], dt.date(2026, 10, 2), dt.date(2026, 11, 30)
        )
    assert auszug.saldovortrag == Decimal("801.01")  # October charged, not paid
    assert [p.saldo for p in auszug.posten] == [Decimal("1602.02")]
    assert auszug.endsaldo == auszug.saldovortrag + auszug.summe_soll - auszug.summe_haben


def test_empty_period_shows_only_the_balances(db, portfolio):
    with db.sessions() as session:
        pdf = report.build_pdf(
            session,
            portfolio.bv["1010/0001/1"],
            dt.date(2026, 12, 1),
            dt.date(2026, 12, 31),
            clock=CLOCK,
        )
    (text,) = pages(pdf)
    assert amounts_after(text, "Saldovortrag", 1) == [Decimal("1602.02")]
    assert amounts_after(text, "Summe Zeitraum", 2) == [Decimal("0.00"), Decimal("0.00")]
    assert amounts_after(text, "Endsaldo", 1) == [Decimal("1602.02")]
    assert "Vorschreibung" not in text and "Zahlung SEPA" not in text


def test_credit_balance_is_called_guthaben(db, portfolio):
    bv_id = portfolio.bv["2020/0001/1"]
    with db.sessions.begin() as session:
        session.add(
            Buchung(
                bestandsverhaeltnis_id=bv_id,
                buchungs_nr="G1",
                datum=TODAY,
                beleg_nr="ZE1",
                text="Zahlung Überweisung",
                soll=Decimal("0"),
                haben=Decimal("100.50"),
            )
        )
    with db.sessions() as session:
        text = "\n".join(pages(report.build_pdf(session, bv_id, clock=CLOCK)))
    assert "Guthaben" in text and "€ 100,50" in text
    assert "offener Betrag" not in text
    assert "Maria Pichler" in text and "Annenstraße 12/1" in text
    assert "Zahlungsart nicht hinterlegt" in " ".join(text.split())


def test_long_statement_carries_its_balance_from_page_to_page(db, portfolio):
    bv_id = portfolio.bv["1010/0002/2"]
    charge, payment = Decimal("595.20"), Decimal("600.00")
    with db.sessions.begin() as session:
        session.add(
            Buchung(
                bestandsverhaeltnis_id=bv_id,
                buchungs_nr="N0",
                datum=dt.date(2016, 12, 1),
                beleg_nr="VS0",
                text="Vorschreibung 12/2016",
                soll=Decimal("37.45"),
                haben=Decimal("0"),
            )
        )
        n = 0
        for year in range(2017, 2027):
            for month in range(1, 13):
                n += 1
                session.add(
                    Buchung(
                        bestandsverhaeltnis_id=bv_id,
                        buchungs_nr=f"N{n:04d}",
                        datum=dt.date(year, month, 1),
                        beleg_nr=f"VS{year}{month:02d}",
                        text=f"Vorschreibung {month:02d}/{year}",
                        soll=charge,
                        haben=Decimal("0"),
                    )
                )
                n += 1
                session.add(
                    Buchung(
                        bestandsverhaeltnis_id=bv_id,
                        buchungs_nr=f"N{n:04d}",
                        datum=dt.date(year, month, 7),
                        beleg_nr=f"ZE{year}{month:02d}",
                        text="Zahlung Überweisung",
                        soll=Decimal("0"),
                        haben=payment,
                    )
                )
    with db.sessions() as session:
        pdf = report.build_pdf(
            session, bv_id, dt.date(2017, 1, 1), dt.date(2026, 12, 31), clock=CLOCK
        )
    texts = pages(pdf)
    assert len(texts) >= 4
    opening = Decimal("37.45")
    carried: tuple[Decimal, Decimal, Decimal] | None = None
    postings = 0
    for number, text in enumerate(texts, start=1):
        assert f"Seite {number} von {len(texts)}" in text
        if number > 1 and not re.search(CARRY_IN, text):
            assert "Summe Zeitraum" not in text and carried is None
            continue  # only the closing words after the table
        if number == 1:
            assert amounts_after(text, "Saldovortrag", 1) == [opening]
            start = (Decimal(0), Decimal(0), opening)
        else:
            start = tuple(amounts_after(text, CARRY_IN, 3))  # type: ignore[assignment]
            assert start == carried, f"Seite {number} übernimmt den Saldo der Vorseite"
        last_page = "Summe Zeitraum" in text
        end_label = "Summe Zeitraum" if last_page else CARRY_OUT
        body = amounts_between(text, "Saldovortrag" if number == 1 else CARRY_IN, end_label)
        # skip the carried Soll, Haben, Saldo (or the Saldovortrag on page 1)
        body = body[3:] if number > 1 else body[1:]
        soll, haben, saldo = start
        for amount, running in zip(body[::2], body[1::2], strict=True):
            if running == saldo + amount:
                soll += amount
            else:
                assert running == saldo - amount
                haben += amount
            saldo = running
            postings += 1
        if last_page:
            assert amounts_after(text, "Summe Zeitraum", 2) == [soll, haben]
            assert amounts_after(text, "Endsaldo", 1) == [saldo]
            carried = None
        else:
            carried = tuple(amounts_after(text, CARRY_OUT, 3))
            assert carried == (soll, haben, saldo)
            assert opening + soll - haben == saldo
    assert postings == 240
    # the closing words stay with the end of the table, never alone on a page
    assert "Summe Zeitraum" in texts[-1] and "Mit freundlichen Grüßen" in texts[-1]
    assert saldo == opening + 120 * charge - 120 * payment


def test_batch_puts_each_statement_on_its_own_pages(db, portfolio):
    ids = [portfolio.bv["1010/0001/1"], portfolio.bv["1010/0002/2"], portfolio.bv["2020/0001/1"]]
    with db.sessions() as session:
        texts = pages(report.build_batch(session, ids, clock=CLOCK))
    firsts = [t for t in texts if "Seite 1 von" in t]
    assert len(firsts) == 3
    assert "Anna Huber" in firsts[0] and "Mag. Eva Novak" in firsts[1]
    assert "Maria Pichler" in firsts[2]


def test_einheit_without_tenancy_is_refused_clearly(db, portfolio):
    with db.sessions() as session, pytest.raises(ValidationError, match="kein Mietverhältnis"):
        report.REPORT.build(
            session, ReportRequest(einheit_id=portfolio.einheit["1010/0008"], clock=CLOCK)
        )


def test_einheit_context_uses_the_current_tenancy(db, portfolio):
    with db.sessions() as session:
        pdf = report.REPORT.build(
            session, ReportRequest(einheit_id=portfolio.einheit["1010/0002"], clock=CLOCK)
        )
    assert "Mag. Eva Novak" in pages(pdf)[0]


def test_period_the_wrong_way_round_is_refused(db, portfolio):
    with db.sessions() as session, pytest.raises(ValidationError, match="Zeitraum"):
        service.kontoauszug(
            session, portfolio.bv["1010/0001/1"], dt.date(2026, 5, 1), dt.date(2026, 4, 1)
        )


def test_mask_iban_keeps_country_and_last_four():
    assert service.mask_iban("AT48 3200 0000 1234 5864") == "AT** **** **** **** 5864"
    assert service.mask_iban("DE89370400440532013000") == "DE** **** **** **** **30 00"
