"""The Kaution payout calculation: hand-checked cases and properties.

Every expected number below was worked out by hand from the rules of issue 6
(30E/360 unless stated, capitalisation at 31.12. and at payout, gross and KESt
rounded half-up to cents); the working is written next to each case.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omclient.errors import ValidationError
from omclient.services.kaution import KautionsAufstellung, Zinsmethode, calculate

D = dt.date
E = Decimal

ACCEPTANCE_RATES = {D(2019, 1, 1): E("0.125"), D(2023, 1, 1): E("1.5"), D(2024, 1, 1): E("2")}


def closings(result: KautionsAufstellung) -> list[tuple[dt.date, str, str, str, str]]:
    """(Abschluss, brutto, KESt, netto, Kapital neu) of every capitalisation."""
    return [
        (z.abschluss, str(z.zinsen_brutto), str(z.kest), str(z.zinsen_netto), str(z.kapital_neu))
        for z in result.zeilen
        if z.abschluss is not None
    ]


def test_acceptance_case_across_years_with_rate_changes_on_first_of_january():
    # 3000 paid in 15.03.2019, paid out 30.06.2024 → interest days 16.03.2019 – 29.06.2024.
    # 2019: days(15.03., 31.12.) = 30·9 + (30−15) = 285; 3000·0,125 %·285/360 = 2,96875
    #       → 2,97; KESt 0,7425 → 0,74; netto 2,23; Kapital 3002,23
    # 2020: 3002,23·0,125 % = 3,7527875 → 3,75; KESt 0,9375 → 0,94; 2,81 → 3005,04
    # 2021: 3005,04·0,125 % = 3,7563 → 3,76; 0,94; 2,82 → 3007,86
    # 2022: 3007,86·0,125 % = 3,759825 → 3,76; 0,94; 2,82 → 3010,68
    # 2023: 3010,68·1,5 % = 45,1602 → 45,16; KESt 11,29; 33,87 → 3044,55
    # 2024: days(31.12.2023, 29.06.2024) = 360 − 180 + (29 − 30) = 179;
    #       3044,55·2 %·179/360 = 30,27635… → 30,28; KESt 7,57; 22,71 → 3067,26
    result = calculate(E("3000"), D(2019, 3, 15), D(2024, 6, 30), ACCEPTANCE_RATES)
    assert [(z.von, z.bis, z.tage, z.zinssatz) for z in result.zeilen] == [
        (D(2019, 3, 16), D(2019, 12, 31), 285, E("0.125")),
        (D(2020, 1, 1), D(2020, 12, 31), 360, E("0.125")),
        (D(2021, 1, 1), D(2021, 12, 31), 360, E("0.125")),
        (D(2022, 1, 1), D(2022, 12, 31), 360, E("0.125")),
        (D(2023, 1, 1), D(2023, 12, 31), 360, E("1.5")),
        (D(2024, 1, 1), D(2024, 6, 29), 179, E("2")),
    ]
    assert closings(result) == [
        (D(2019, 12, 31), "2.97", "0.74", "2.23", "3002.23"),
        (D(2020, 12, 31), "3.75", "0.94", "2.81", "3005.04"),
        (D(2021, 12, 31), "3.76", "0.94", "2.82", "3007.86"),
        (D(2022, 12, 31), "3.76", "0.94", "2.82", "3010.68"),
        (D(2023, 12, 31), "45.16", "11.29", "33.87", "3044.55"),
        (D(2024, 6, 29), "30.28", "7.57", "22.71", "3067.26"),
    ]
    assert result.auszahlungsbetrag == E("3067.26")
    assert (result.zinsen_brutto, result.kest, result.zinsen_netto) == (
        E("89.68"),
        E("22.42"),
        E("67.26"),
    )
    assert result.zeilen[0].zinsen == E("2.96875")


def test_deposit_inside_one_year_rounds_kest_half_up():
    # days(10.02., 19.08.) = 30·6 + 9 = 189; 1000·2 %·189/360 = 10,50;
    # KESt 2,625 → 2,63 (half-up); netto 7,87.
    result = calculate(E("1000"), D(2024, 2, 10), D(2024, 8, 20), {D(2024, 1, 1): E("2")})
    assert closings(result) == [(D(2024, 8, 19), "10.50", "2.63", "7.87", "1007.87")]
    assert result.auszahlungsbetrag == E("1007.87")


def test_mid_year_rate_changes_split_periods_and_deposit_on_the_31st():
    # Paid in 31.05.2023 (D₁ = 31 counts as 30), paid out 01.10.2024 → last day 30.09.2024.
    # 2023: 01.06.–30.06. days(31.05., 30.06.) = 30 at 1,5 %; 01.07.–31.12. 180 days at 2,5 %
    #       2000·(1,5·30 + 2,5·180)/36000 = 27,50; KESt 6,875 → 6,88; netto 20,62 → 2020,62
    # 2024: 01.01.–31.03. 90 days at 3 %; 01.04.–30.09. 180 days at 2 %
    #       2020,62·(3·90 + 2·180)/36000 = 35,36085 → 35,36; KESt 8,84; 26,52 → 2047,14
    rates = {
        D(2023, 1, 1): E("1.5"),
        D(2023, 7, 1): E("2.5"),
        D(2024, 1, 1): E("3"),
        D(2024, 4, 1): E("2"),
    }
    result = calculate(E("2000"), D(2023, 5, 31), D(2024, 10, 1), rates)
    assert [(z.von, z.bis, z.tage, z.zinssatz, z.kapital) for z in result.zeilen] == [
        (D(2023, 6, 1), D(2023, 6, 30), 30, E("1.5"), E("2000")),
        (D(2023, 7, 1), D(2023, 12, 31), 180, E("2.5"), E("2000")),
        (D(2024, 1, 1), D(2024, 3, 31), 90, E("3"), E("2020.62")),
        (D(2024, 4, 1), D(2024, 9, 30), 180, E("2"), E("2020.62")),
    ]
    assert closings(result) == [
        (D(2023, 12, 31), "27.50", "6.88", "20.62", "2020.62"),
        (D(2024, 9, 30), "35.36", "8.84", "26.52", "2047.14"),
    ]
    # Only the row closing a capitalisation period carries the rounded amounts.
    assert result.zeilen[0].zinsen_brutto is None
    assert result.zeilen[0].zinsen == E("2.5")  # 2000·1,5 %·30/360


def test_gross_interest_sums_unrounded_rate_periods_before_rounding():
    # 100 € for two interest days (01.07. and 02.07.) at two rates:
    # 100·1,44 %/360 = 0,004 and 100·1,45 %/360 = 0,00402…; each alone rounds to 0,00,
    # their sum 0,00802… rounds to 0,01. KESt 0,0025 → 0,00 (half-up to cents), netto 0,01.
    rates = {D(2024, 1, 1): E("1.44"), D(2024, 7, 2): E("1.45")}
    result = calculate(E("100"), D(2024, 6, 30), D(2024, 7, 3), rates)
    assert [z.tage for z in result.zeilen] == [1, 1]
    assert closings(result) == [(D(2024, 7, 2), "0.01", "0.00", "0.01", "100.01")]


@pytest.mark.parametrize("stichtag", [D(2025, 3, 31), D(2025, 4, 1)])
def test_payout_on_the_31st_counts_the_31st_as_30th(stichtag):
    # Last interest day 30.03. or 31.03.: days(15.01., 30.03.) = 60 + 15 = 75 and
    # days(15.01., 31.03.) = 60 + (30 − 15) = 75. 4000·1 %·75/360 = 8,3333… → 8,33;
    # KESt 2,0825 → 2,08; netto 6,25.
    result = calculate(E("4000"), D(2025, 1, 15), stichtag, {D(2025, 1, 1): E("1")})
    assert [z.tage for z in result.zeilen] == [75]
    assert result.auszahlungsbetrag == E("4006.25")


def test_february_in_leap_and_common_years():
    # Leap year: days(31.01.2024, 29.02.2024) = 30 + (29 − 30) = 29;
    #   5000·3 %·29/360 = 12,0833… → 12,08; KESt 3,02; netto 9,06.
    leap = calculate(E("5000"), D(2024, 1, 31), D(2024, 3, 1), {D(2024, 1, 1): E("3")})
    assert (leap.zeilen[0].tage, leap.auszahlungsbetrag) == (29, E("5009.06"))
    # Common year: days(31.01.2025, 28.02.2025) = 30 + (28 − 30) = 28;
    #   5000·3 %·28/360 = 11,6666… → 11,67; KESt 2,9175 → 2,92; netto 8,75.
    common = calculate(E("5000"), D(2025, 1, 31), D(2025, 3, 1), {D(2025, 1, 1): E("3")})
    assert (common.zeilen[0].tage, common.auszahlungsbetrag) == (28, E("5008.75"))


@pytest.mark.parametrize("stichtag", [D(2024, 3, 15), D(2024, 3, 16)])
def test_stichtag_on_or_the_day_after_einzahlung_gives_no_interest(stichtag):
    result = calculate(E("1200"), D(2024, 3, 15), stichtag, {D(2024, 1, 1): E("2")})
    assert result.zeilen == ()
    assert result.auszahlungsbetrag == E("1200")
    assert result.zinsen_brutto == result.kest == result.zinsen_netto == 0


def test_no_rate_needed_when_there_are_no_interest_days():
    result = calculate(E("1200"), D(2024, 3, 15), D(2024, 3, 16), {})
    assert result.auszahlungsbetrag == E("1200")


def test_zero_rates_keep_the_amount_but_list_every_year():
    result = calculate(E("1500"), D(2020, 6, 1), D(2023, 2, 1), {D(2000, 1, 1): E("0")})
    assert [z.abschluss for z in result.zeilen] == [
        D(2020, 12, 31),
        D(2021, 12, 31),
        D(2022, 12, 31),
        D(2023, 1, 31),
    ]
    assert {z.zinsen_brutto for z in result.zeilen} == {E("0")}
    assert result.auszahlungsbetrag == E("1500")


def test_deposit_on_new_years_eve_starts_interest_on_first_of_january():
    # Paid in 31.12.2022, paid out 01.01.2024: exactly the year 2023, 360 days.
    # 1000·1 % = 10,00; KESt 2,50; netto 7,50.
    result = calculate(E("1000"), D(2022, 12, 31), D(2024, 1, 1), {D(2020, 1, 1): E("1")})
    assert [(z.von, z.bis, z.tage) for z in result.zeilen] == [
        (D(2023, 1, 1), D(2023, 12, 31), 360)
    ]
    assert result.auszahlungsbetrag == E("1007.50")


def test_net_interest_earns_interest_from_the_next_year_on():
    # 10000 at 5 % for two full years: 2023 gross 500,00, KESt 125,00, netto 375,00;
    # 2024 on 10375,00: 518,75; KESt 129,6875 → 129,69; netto 389,06 → 10764,06.
    result = calculate(E("10000"), D(2022, 12, 31), D(2025, 1, 1), {D(2020, 1, 1): E("5")})
    assert closings(result) == [
        (D(2023, 12, 31), "500.00", "125.00", "375.00", "10375.00"),
        (D(2024, 12, 31), "518.75", "129.69", "389.06", "10764.06"),
    ]


def test_act_365_counts_real_days():
    # Acceptance data with act/365:
    # 2019: 16.03.–31.12. = 291 days; 3000·0,125 %·291/365 = 2,98972… → 2,99; KESt 0,7475 → 0,75;
    #       netto 2,24 → 3002,24
    # 2020: 366 days; 3002,24·0,125 %·366/365 = 3,76312… → 3,76; 0,94; 2,82 → 3005,06
    # 2021: 3005,06·0,125 % = 3,756325 → 3,76; 0,94; 2,82 → 3007,88
    # 2022: 3007,88·0,125 % = 3,75985 → 3,76; 0,94; 2,82 → 3010,70
    # 2023: 3010,70·1,5 % = 45,1605 → 45,16; 11,29; 33,87 → 3044,57
    # 2024: 01.01.–29.06. = 181 days; 3044,57·2 %·181/365 = 30,19546… → 30,20; KESt 7,55;
    #       netto 22,65 → 3067,22
    result = calculate(
        E("3000"),
        D(2019, 3, 15),
        D(2024, 6, 30),
        ACCEPTANCE_RATES,
        zinsmethode=Zinsmethode.ACT_365,
    )
    assert [z.tage for z in result.zeilen] == [291, 366, 365, 365, 365, 181]
    assert [c[4] for c in closings(result)] == [
        "3002.24",
        "3005.06",
        "3007.88",
        "3010.70",
        "3044.57",
        "3067.22",
    ]


def test_kest_rate_is_a_parameter():
    # 1000·2 %·189/360 = 10,50 gross; without KESt the whole 10,50 is added.
    rates = {D(2024, 1, 1): E("2")}
    result = calculate(E("1000"), D(2024, 2, 10), D(2024, 8, 20), rates, kest_prozent=E("0"))
    assert (result.kest, result.auszahlungsbetrag) == (E("0"), E("1010.50"))


def test_stichtag_before_einzahlung_is_refused():
    with pytest.raises(ValidationError) as err:
        calculate(E("1000"), D(2024, 5, 2), D(2024, 5, 1), {D(2024, 1, 1): E("2")})
    assert err.value.message == (
        "Der Stichtag 01.05.2024 liegt vor dem Einzahlungsdatum 02.05.2024."
    )


def test_negative_amount_is_refused():
    with pytest.raises(ValidationError, match=r"Kautionsbetrag .* darf nicht negativ sein"):
        calculate(E("-1"), D(2024, 1, 1), D(2024, 5, 1), {D(2024, 1, 1): E("2")})


def test_negative_rate_is_refused():
    with pytest.raises(ValidationError, match=r"Richtsatz ab 01\.01\.2024 ist negativ"):
        calculate(E("100"), D(2024, 1, 1), D(2024, 5, 1), {D(2024, 1, 1): E("-0.5")})


def test_several_problems_are_all_listed():
    with pytest.raises(ValidationError) as err:
        calculate(E("-5"), D(2024, 5, 2), D(2024, 5, 1), {})
    assert len(err.value.problems) == 2
    assert err.value.message == "Die Kaution kann nicht berechnet werden."


def test_missing_richtsatz_for_the_period_names_the_first_day_without_rate():
    with pytest.raises(ValidationError) as err:
        calculate(E("1000"), D(2018, 6, 30), D(2020, 1, 1), {D(2019, 1, 1): E("1")})
    assert "Für den 01.07.2018 ist kein Richtsatz hinterlegt" in err.value.message
    assert "ab 01.01.2019" in err.value.message


def test_empty_richtsaetze_are_reported():
    with pytest.raises(ValidationError, match="Es sind keine Richtsätze hinterlegt"):
        calculate(E("1000"), D(2018, 6, 30), D(2020, 1, 1), {})


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2024, 1, 31), D(2024, 2, 29), 29),
        (D(2024, 2, 29), D(2024, 3, 31), 31),
        (D(2023, 12, 31), D(2024, 12, 31), 360),
        (D(2024, 3, 30), D(2024, 3, 31), 0),
        (D(2024, 1, 15), D(2024, 1, 15), 0),
    ],
)
def test_30e_360_day_count(start, end, days):
    assert Zinsmethode.DREISSIG_360.days(start, end) == days


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31))
rates = st.decimals(min_value=0, max_value=8, places=3, allow_nan=False, allow_infinity=False)
amounts = st.decimals(min_value=0, max_value=100_000, places=2)
methods = st.sampled_from(list(Zinsmethode))


@st.composite
def rate_tables(draw: st.DrawFn) -> dict[dt.date, Decimal]:
    table = {D(2000, 1, 1): draw(rates)}
    for day in draw(st.lists(dates, max_size=6)):
        table[day] = draw(rates)
    return table


@settings(max_examples=150, deadline=None)
@given(amounts, dates, st.integers(0, 4000), rate_tables(), methods)
def test_payout_is_never_less_than_the_deposit(betrag, eingezahlt, dauer, table, methode):
    stichtag = eingezahlt + dt.timedelta(days=dauer)
    result = calculate(betrag, eingezahlt, stichtag, table, zinsmethode=methode)
    assert result.auszahlungsbetrag >= betrag
    assert result.auszahlungsbetrag == betrag + result.zinsen_netto
    assert result.zinsen_netto == result.zinsen_brutto - result.kest


@settings(max_examples=150, deadline=None)
@given(amounts, dates, st.integers(0, 4000), rate_tables(), dates, methods)
def test_splitting_the_table_with_the_same_rate_changes_nothing(
    betrag, eingezahlt, dauer, table, extra, methode
):
    stichtag = eingezahlt + dt.timedelta(days=dauer)
    before = calculate(betrag, eingezahlt, stichtag, table, zinsmethode=methode)
    in_force = max(d for d in table if d <= extra)
    split = {**table, extra: table[in_force]}
    after = calculate(betrag, eingezahlt, stichtag, split, zinsmethode=methode)
    assert closings(after) == closings(before)
    assert after.auszahlungsbetrag == before.auszahlungsbetrag
    assert sum(z.tage for z in after.zeilen) == sum(z.tage for z in before.zeilen)


@settings(max_examples=100, deadline=None)
@given(amounts, dates, st.integers(0, 3000), st.integers(0, 400), rate_tables())
def test_a_later_stichtag_never_pays_out_less(betrag, eingezahlt, dauer, mehr, table):
    stichtag = eingezahlt + dt.timedelta(days=dauer)
    early = calculate(betrag, eingezahlt, stichtag, table)
    late = calculate(betrag, eingezahlt, stichtag + dt.timedelta(days=mehr), table)
    assert late.auszahlungsbetrag >= early.auszahlungsbetrag


@settings(max_examples=100, deadline=None)
@given(amounts, dates, st.integers(1, 4000), rate_tables())
def test_rows_chain_the_balance_and_cover_every_interest_day(betrag, eingezahlt, dauer, table):
    stichtag = eingezahlt + dt.timedelta(days=dauer)
    result = calculate(betrag, eingezahlt, stichtag, table, zinsmethode=Zinsmethode.ACT_365)
    kapital = betrag
    day = eingezahlt + dt.timedelta(days=1)
    for zeile in result.zeilen:
        assert (zeile.von, zeile.kapital) == (day, kapital)
        assert zeile.tage == (zeile.bis - zeile.von).days + 1
        day = zeile.bis + dt.timedelta(days=1)
        if zeile.kapital_neu is not None:
            assert zeile.abschluss == zeile.bis
            assert zeile.bis.timetuple()[1:3] == (12, 31) or zeile.bis == stichtag - dt.timedelta(1)
            kapital = zeile.kapital_neu
    assert day == stichtag
    assert kapital == result.auszahlungsbetrag
