"""How sure each share is: figures.json's intervals against statsmodels' (issue 26).

statsmodels is a test dependency only: it computes every interval here independently of scipy,
which reactlib uses (Wilson: ``proportion_confint(method="wilson")``; the change between two
periods: ``confint_proportions_2indep(method="newcomb")``, Newcombe's hybrid score interval).
"""

from __future__ import annotations

import math

import pytest
from helpers.properties import PROPERTY_SETTINGS
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from reactlib.count.figures import compute_figures
from reactlib.count.intervals import change_interval, share_interval, within_noise


def one_decimal(proportion: float) -> float:
    """``100 * proportion`` to one decimal, a half away from zero: written apart from reactlib's."""
    tenths = abs(proportion) * 1000
    return math.copysign(math.floor(tenths + 0.5) / 10, proportion) + 0.0


def statsmodels_wilson(count: int, n: int) -> list[float]:
    low, high = proportion_confint(count, n, alpha=0.05, method="wilson")
    return [one_decimal(low), one_decimal(high)]


def statsmodels_newcombe(count: int, n: int, previous_count: int, previous_n: int) -> list[float]:
    low, high = confint_proportions_2indep(
        count, n, previous_count, previous_n, method="newcomb", compare="diff", alpha=0.05
    )
    return [one_decimal(low), one_decimal(high)]


def charts_of(document: dict) -> dict[str, dict]:
    """Every chart of a figures.json document by name, the groups' perpetrators included."""
    charts = dict(document["charts"])
    charts |= {f"{code}_perpetrators": group["perpetrators"] for code, group in document["groups"].items()}
    return charts


REPORTS = [("Tajikistan", "2023-H1"), ("all", "2023-H2"), ("Moldova", "2023"), ("Georgia", "2023-Q2")]


@pytest.mark.parametrize(("scope", "period"), REPORTS)
@pytest.mark.parametrize("min_cell", [None, 5])
def test_every_shown_share_has_the_wilson_interval_of_statsmodels(sample_cases, scope, period, min_cell):
    document = compute_figures(sample_cases, scope, period, min_cell).to_dict()
    checked = 0
    for section in (document, document["previous"]):
        for name, chart in charts_of(section).items():
            for item in chart["items"]:
                # A hidden count, a hidden n (its zeros' percents are shown), or n 0: no interval.
                if item["percent"] is None or not isinstance(chart["n"], int):
                    assert item["interval"] is None, (name, item["code"])
                    continue
                expected = statsmodels_wilson(item["count"], chart["n"])
                assert item["interval"] == expected, (name, item["code"])
                assert expected[0] <= item["percent"] <= expected[1]
                checked += 1
    assert checked >= 50  # enough shares checked, suppressed ones aside


@pytest.mark.parametrize(("scope", "period"), REPORTS)
@pytest.mark.parametrize("min_cell", [None, 5])
def test_every_change_has_newcombes_interval_of_statsmodels(sample_cases, scope, period, min_cell):
    document = compute_figures(sample_cases, scope, period, min_cell).to_dict()
    now, before = charts_of(document), charts_of(document["previous"])
    checked = 0
    for name, chart in now.items():
        earlier = {item["code"]: item for item in before[name]["items"]}
        for item in chart["items"]:
            previous = earlier[item["code"]]
            # The change is that of the printed shares, in whole tenths; none beside a hidden one.
            if item["percent"] is None or previous["percent"] is None:
                assert item["change"] is None
            else:
                assert item["change"] == round(item["percent"] - previous["percent"], 1)
            shown = isinstance(chart["n"], int) and isinstance(before[name]["n"], int)
            if item["percent"] is None or previous["percent"] is None or not shown:
                assert item["change_interval"] is None, (name, item["code"])
                continue
            expected = statsmodels_newcombe(item["count"], chart["n"], previous["count"], before[name]["n"])
            assert item["change_interval"] == expected, (name, item["code"])
            checked += 1
    assert checked > 20


def test_the_factsheets_police_share_of_the_msm_group_worked_by_hand(sample_cases):
    # The README's worked example: 96 of the MSM and trans* group's 133 perpetrator mentions
    # name the police in 2023-H1, 6 of 29 in 2022-H2. Wilson, z = 1.96:
    #   centre (96 + z²/2) / (133 + z²) = 97.921 / 136.842 = 0.7156
    #   half-width z·sqrt(96·37/133 + z²/4) / (133 + z²) = 1.96 · 5.2600 / 136.842 = 0.0753
    # so 64.0 % to 79.1 %. The change against 6 of 29 (20.7 %) is +51.5 points; Newcombe's
    # interval, 32.0 to 64.3, is far from 0: not noise, even for 34 cases.
    document = compute_figures(sample_cases, "Tajikistan", "2023-H1").to_dict()
    police = next(i for i in document["groups"]["msm_trans"]["perpetrators"]["items"] if i["code"] == "police")
    assert (police["count"], police["percent"]) == (96, 72.2)
    assert police["interval"] == [64.0, 79.1]
    assert police["change"] == 51.5 and police["change_interval"] == [32.0, 64.3]
    assert within_noise(tuple(police["change_interval"])) is False


def test_hidden_counts_and_hidden_ns_have_no_interval():
    assert share_interval("<5", 40) is None and share_interval("hidden", 40) is None
    # 0 of a hidden n: the interval's upper bound would give n away.
    assert share_interval(0, "<5") is None
    assert share_interval(0, 0) is None and share_interval(None, 10) is None
    assert change_interval(7, 40, "<5", 30) is None and change_interval(7, 40, 3, "<5") is None
    assert change_interval(7, 40, 0, 0) is None


def test_key_populations_are_each_k_of_n_clients(sample_cases):
    # A client counts in several groups; each share is still its clients of all clients.
    document = compute_figures(sample_cases, "Tajikistan", "2023-H1").to_dict()
    chart = document["charts"]["key_populations"]
    assert chart["unit"] == "clients" and chart["n"] == document["clients"]
    plhiv = chart["items"][0]
    assert plhiv["code"] == "plhiv" and plhiv["interval"] == statsmodels_wilson(plhiv["count"], document["clients"])


COUNTS = st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@PROPERTY_SETTINGS
@given(COUNTS, COUNTS)
def test_intervals_agree_with_statsmodels_on_any_counts(now, before):
    interval = share_interval(*now)
    assert interval is not None and list(interval) == statsmodels_wilson(*now)
    percent = 100 * now[0] / now[1]
    assert interval[0] <= round(percent, 1) + 0.05 and round(percent, 1) - 0.05 <= interval[1]
    change = change_interval(*now, *before)
    assert change is not None and list(change) == statsmodels_newcombe(*now, *before)
    # Swapping the periods mirrors the interval.
    assert change_interval(*before, *now) == (-change[1] + 0.0, -change[0] + 0.0)


@pytest.mark.parametrize(
    ("interval", "noise"), [((-3.1, 7.5), True), ((0.0, 4.2), True), ((-4.2, 0.0), True), ((0.1, 4.2), False)]
)
def test_a_change_is_within_the_noise_when_its_printed_interval_holds_zero(interval, noise):
    assert within_noise(interval) is noise
