"""The Kautionsabrechnung PDF, read back with pypdf, and ``omclient report kaution``."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from sqlalchemy import delete, select

from omclient.cli import main
from omclient.clock import Clock
from omclient.domain import Kaution, Richtsatz
from omclient.reports import kautionsabrechnung
from omclient.reports.registry import ReportKontext, ReportRequest, report, reports_for
from tests.support.portfolio import TODAY

D = dt.date
CLOCK = Clock.fixed(TODAY)


def texts(pdf: bytes) -> list[str]:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    # Table cells come out one per line; compare on single-space-separated words.
    return [" ".join(page.extract_text().split()) for page in pages]


def url_of(db) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_abrechnung_shows_tenant_unit_aufstellung_and_totals(db, portfolio):
    with db.sessions() as session:
        pdf = kautionsabrechnung.build_pdf(
            session, portfolio.bv["1010/0001/1"], D(2024, 6, 30), CLOCK
        )
    (page,) = texts(pdf)
    for expected in [
        "Kautionsabrechnung",
        "Gemeinnützige Wohnbau Donau GmbH",
        "Anna Huber",
        "Sehr geehrte Frau Huber",
        "1010 Wohnanlage Donaufeld",
        "1010/0001, Top 1",
        "€ 3.000,00",
        "15.03.2019",
        "30.06.2024",
        "16.03.2019 31.12.2019 285 0,125 % 3.000,00 2,97 0,74 2,23 3.002,23",
        "01.01.2024 29.06.2024 179 2,00 % 3.044,55 30,28 7,57 22,71 3.067,26",
        "Summe 89,68 22,42 67,26 3.067,26",
        "KESt (25 %)",
        "€ 89,68",
        "€ 22,42",
        "€ 67,26",
        "Auszahlungsbetrag € 3.067,26",
        "Seite 1 von 1",
        "erstellt am 23.11.2026",
    ]:
        assert expected in page, expected


def test_long_aufstellung_breaks_across_pages_with_repeated_header(db, portfolio):
    with db.sessions.begin() as session:
        session.execute(delete(Richtsatz))
        # a rate change every half year from 2000 on: about 50 rate periods
        session.add_all(
            Richtsatz(gueltig_ab=D(year, month, 1), zinssatz=Decimal(month) / 4)
            for year in range(2000, 2027)
            for month in (1, 7)
        )
        kaution = session.scalar(
            select(Kaution).where(Kaution.bestandsverhaeltnis_id == portfolio.bv["1010/0001/1"])
        )
        kaution.einzahlungsdatum = D(2000, 3, 15)
    with db.sessions() as session:
        pdf = kautionsabrechnung.build_pdf(session, portfolio.bv["1010/0001/1"], TODAY, CLOCK)
    pages = texts(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page
        assert "Zinssatz" in page and "Kapital neu €" in page
    joined = "\n".join(pages)
    assert joined.count("16.03.2000 30.06.2000") == 1
    assert "01.07.2026 22.11.2026" in pages[-1]
    assert "Auszahlungsbetrag €" in pages[-1]


def test_registry_offers_the_report_in_both_dialogs_and_uses_today(db, portfolio):
    spec = report("kautionsabrechnung")
    assert spec in reports_for(ReportKontext.EINHEIT)
    assert spec in reports_for(ReportKontext.BESTANDSVERHAELTNIS)
    assert spec.needs_bv
    with db.sessions() as session:
        pdf = spec.build(session, ReportRequest(bv_id=portfolio.bv["1010/0002/2"], clock=CLOCK))
    (page,) = texts(pdf)
    assert "Novak" in page
    assert "€ 1.650,00" in page
    assert "20.07.2019" in page
    assert "Auszahlungsstichtag 23.11.2026" in page


def test_recorded_auszahlungsdatum_is_the_default_stichtag(db, portfolio):
    with db.sessions.begin() as session:
        kaution = session.scalar(
            select(Kaution).where(Kaution.bestandsverhaeltnis_id == portfolio.bv["1010/0001/1"])
        )
        kaution.auszahlungsdatum = D(2024, 6, 30)
    with db.sessions() as session:
        pdf = kautionsabrechnung.build_pdf(session, portfolio.bv["1010/0001/1"], clock=CLOCK)
    assert "Auszahlungsbetrag € 3.067,26" in texts(pdf)[0]


def test_cli_writes_the_pdf_of_the_current_tenancy(db, portfolio, tmp_path, capsys):
    target = tmp_path / "out" / "kaution.pdf"
    args = ["--database", url_of(db), "report", "kaution", "--objekt", "1010"]
    assert main([*args, "--einheit", "0001", "--stichtag", "30.06.2024", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "Auszahlungsbetrag: €\u00a03.067,26"
    page = texts(target.read_bytes())[0]
    assert "Anna Huber" in page
    assert "Auszahlungsbetrag € 3.067,26" in page


def test_cli_unit_without_current_tenancy_fails_clearly(db, portfolio, tmp_path, capsys):
    target = tmp_path / "leer.pdf"
    args = ["--database", url_of(db), "report", "kaution", "--objekt", "1010"]
    assert main([*args, "--einheit", "0004", "-o", str(target)]) == 1
    assert "hat am" in capsys.readouterr().err
    assert not target.exists()
    # The former tenancy can be named; Berger left no Kaution on record.
    assert main([*args, "--einheit", "0004", "--bv", "1", "-o", str(target)]) == 1
    assert "fehlt bei der Kaution" in capsys.readouterr().err
    assert main([*args, "--einheit", "9999", "-o", str(target)]) == 1
    assert "Die Einheit 1010/9999 wurde nicht gefunden." in capsys.readouterr().err


@pytest.mark.parametrize("missing", [["--objekt", "1010"], ["--einheit", "0001"]])
def test_cli_requires_objekt_and_einheit(missing, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["report", "kaution", *missing, "-o", str(tmp_path / "x.pdf")])
    assert "diese Angaben fehlen" in capsys.readouterr().err


def test_amounts_in_the_pdf_match_the_service(db, portfolio):
    from omclient import formatting as fmt
    from omclient.services import kaution

    with db.sessions() as session:
        _, result = kaution.aufstellung_fuer_bv(session, portfolio.bv["1010/0002/2"], TODAY)
        pdf = kautionsabrechnung.build_pdf(session, portfolio.bv["1010/0002/2"], TODAY, CLOCK)
    page = texts(pdf)[0]
    assert result.auszahlungsbetrag > Decimal("1650")
    assert f"Auszahlungsbetrag {fmt.money(result.auszahlungsbetrag)}".replace("\u00a0", " ") in page
    for zeile in result.zeilen:
        assert f"{fmt.date(zeile.von)} {fmt.date(zeile.bis)} {zeile.tage} " in page
        if zeile.kapital_neu is not None:
            assert f"{fmt.amount(zeile.zinsen_netto)} {fmt.amount(zeile.kapital_neu)}" in page
