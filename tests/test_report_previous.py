"""Rendered reports show the previous period (analysis.md §1) and the regional countries (§3).

The expected numbers are counted here with plain pandas from the sample's CSV (data-contract §4:
clients are distinct client codes, cases are rows, qualified are cases with ``qualified`` yes),
never read back from reactlib. Each report is rendered once per module, HTML only: those of the
bundled sample by one `reactlib batch` (one kernel), the one of a changed sample by `reactlib report`
run in pytest's process. Both render through the same pipeline (`reactlib.render.pipeline`);
tests/test_batch.py proves a batch's files byte for byte those of `reactlib report` for one English
country report (Moldova 2023-H1), not for these reports.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup, Tag
from helpers.renders import batch_cli, run_in_process
from statsmodels.stats.proportion import confint_proportions_2indep

from reactlib import sample_data_path

pytestmark = pytest.mark.slow
MINUS = "\u2212"


def render(out: Path, scope: str, period: str, *extra: str, data: Path | None = None) -> BeautifulSoup:
    result = run_in_process(
        "report", "--data", str(data or sample_data_path()), "--scope", scope, "--period", period,
        "--out", str(out), "--format", "html", *extra,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    folder = out / scope.lower() / period
    return BeautifulSoup((folder / "report.html").read_text(encoding="utf-8"), "html.parser")


def sample() -> pd.DataFrame:
    cases = pd.read_csv(sample_data_path(), dtype=str, keep_default_na=False)
    cases["registered_on"] = pd.to_datetime(cases["registered_on"])
    return cases


def in_half(cases: pd.DataFrame, country: str | None, year: int, half: int) -> pd.DataFrame:
    months = range(1, 7) if half == 1 else range(7, 13)
    chosen = (cases["registered_on"].dt.year == year) & cases["registered_on"].dt.month.isin(months)
    if country is not None:
        chosen &= cases["country"] == country
    return cases[chosen]


def headline(cases: pd.DataFrame) -> dict[str, int]:
    return {
        "clients": cases["client_id"].nunique(),
        "cases": len(cases),
        "qualified": int((cases["qualified"] == "yes").sum()),
    }


def signed(change: int) -> str:
    return "±0" if change == 0 else (f"+{change}" if change > 0 else f"{MINUS}{-change}")


def counters(page: BeautifulSoup) -> dict[str, list[str]]:
    return {div.dt.get_text(): [dd.get_text() for dd in div.find_all("dd")] for div in page.select("dl.counters > div")}


def table_rows(page: BeautifulSoup, table_id: str) -> tuple[list[str], dict[str, list[str]]]:
    table = page.find("table", id=f"T_{table_id}")
    assert isinstance(table, Tag), table_id
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    rows = {}
    for tr in table.tbody.find_all("tr"):
        first, *rest = tr.find_all(["th", "td"])
        rows[first.get_text(strip=True)] = [cell.get_text(strip=True) for cell in rest]
    return headers, rows


@pytest.fixture(scope="module")
def sample_batch(tmp_path_factory) -> Path:
    """`reactlib batch` of Tajikistan and the regional report, 2023-H2 and 2022-H1, in English, HTML only."""
    folder = tmp_path_factory.mktemp("batch")
    spec, out = folder / "batch.yaml", folder / "out"
    spec.write_text("scopes: [Tajikistan, all]\nperiods: [2023-H2, 2022-H1]\nformats: [html]\n", encoding="utf-8")
    batch_cli(spec, out)
    return out


def batch_page(out: Path, scope: str, period: str) -> BeautifulSoup:
    return BeautifulSoup((out / scope / period / "report.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def second_half(sample_batch) -> BeautifulSoup:
    """Tajikistan 2023-H2, whose previous period 2023-H1 is in the sample."""
    return batch_page(sample_batch, "tajikistan", "2023-H2")


@pytest.fixture(scope="module")
def first_half_of_the_data(sample_batch) -> BeautifulSoup:
    """Tajikistan 2022-H1: the sample starts on 2022-01-01, so 2021-H2 is not in the data."""
    assert sample()["registered_on"].min() == pd.Timestamp("2022-01-01")
    return batch_page(sample_batch, "tajikistan", "2022-H1")


@pytest.fixture(scope="module")
def regional(sample_batch) -> BeautifulSoup:
    return batch_page(sample_batch, "all", "2023-H2")


@pytest.fixture(scope="module")
def few_cases_before(tmp_path_factory) -> BeautifulSoup:
    """Georgia 2023-H2 with min_cell 5, from a copy of the sample keeping 3 of Georgia's 2023-H1 cases."""
    cases = sample()
    before = in_half(cases, "Georgia", 2023, 1)
    kept = cases.drop(before.index[3:])
    folder = tmp_path_factory.mktemp("few")
    data = folder / "few.csv"
    kept.assign(registered_on=kept["registered_on"].dt.strftime("%Y-%m-%d")).to_csv(
        data, index=False, quoting=csv.QUOTE_MINIMAL
    )
    return render(folder / "out", "Georgia", "2023-H2", "--min-cell", "5", data=data)


def test_each_headline_counter_shows_its_change_against_the_previous_half_year(second_half):
    cases = sample()
    now, before = headline(in_half(cases, "Tajikistan", 2023, 2)), headline(in_half(cases, "Tajikistan", 2023, 1))
    shown = counters(second_half)
    labels = {"clients": "Clients", "cases": "Cases", "qualified": "Qualified as human rights violations"}
    for name, label in labels.items():
        assert shown[label] == [str(now[name]), f"({signed(now[name] - before[name])} vs 2023-H1)"], name
    assert not second_half.select("p.no-previous")


def test_every_chart_table_carries_the_previous_share_and_the_change_in_points(second_half):
    tables = second_half.select("table.chart-data")
    assert len(tables) == 13, "nine charts and four groups' perpetrators"
    for table in tables:
        headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
        assert headers == [
            "Category", "Count", "%", "95 % interval", "Previous count", "Previous %", "Change (points)",
        ]  # fmt: skip
    # Gender: % of the cases with a recorded gender, now and in 2023-H1, to one decimal.
    cases = sample()
    now, before = in_half(cases, "Tajikistan", 2023, 2), in_half(cases, "Tajikistan", 2023, 1)
    share_now = round(100 * (now["gender"] == "female").sum() / (now["gender"] != "").sum(), 1)
    share_before = round(100 * (before["gender"] == "female").sum() / (before["gender"] != "").sum(), 1)
    points = round(share_now - share_before, 1)
    _headers, rows = table_rows(second_half, "gender")
    sign = "+" if points > 0 else (MINUS if points < 0 else "±")
    # Marked "*" when Newcombe's interval of the change (statsmodels', to one decimal) holds 0.
    counts = [(cases["gender"] == "female").sum() for cases in (now, before)]
    ns = [(cases["gender"] != "").sum() for cases in (now, before)]
    low, high = confint_proportions_2indep(counts[0], ns[0], counts[1], ns[1], method="newcomb", compare="diff")
    noise = "*" if round(100 * low, 1) <= 0 <= round(100 * high, 1) else ""
    assert rows["Female"][3:] == [
        str((before["gender"] == "female").sum()),
        f"{share_before:.1f} %",
        f"{sign}{abs(points):.1f} pp{noise}",
    ]


def test_a_report_whose_previous_period_is_not_in_the_data_says_so_in_one_line(first_half_of_the_data):
    lines = [p.get_text() for p in first_half_of_the_data.select("p.no-previous")]
    assert lines == ["The previous period (2021-H2) is not in the data: no changes are shown."]
    assert all(len(values) == 1 for values in counters(first_half_of_the_data).values()), "no change shown"
    headers, _rows = table_rows(first_half_of_the_data, "gender")
    assert headers == ["Category", "Count", "%", "95 % interval"], "no columns that would only say –"
    assert "vs 2021-H2" not in first_half_of_the_data.get_text()


def test_a_country_report_has_no_countries_section(second_half, first_half_of_the_data):
    for page in (second_half, first_half_of_the_data):
        assert "Countries" not in [h.get_text(strip=True) for h in page.find_all("h2")]
        assert page.find("table", id="T_countries") is None


def test_the_regional_report_compares_the_countries_in_a_table_and_a_chart(regional):
    cases = sample()
    half = in_half(cases, None, 2023, 2)
    expected = {country: [str(v) for v in headline(rows).values()] for country, rows in sorted(half.groupby("country"))}
    headers, rows = table_rows(regional, "countries")
    assert headers == ["Country", "Clients", "Cases", "Qualified"]
    assert rows == expected
    assert sum(int(values[1]) for values in rows.values()) == len(half), "the countries add up to the region"
    heading = next(h for h in regional.find_all("h2") if h.get_text(strip=True) == "Countries")
    figure = heading.find_next("figure")
    alt = figure.img["alt"]
    assert alt.startswith("Cases by country, bar chart:")
    for country, values in expected.items():
        assert f"{country} {values[1]}" in alt
    assert figure.find_next("h2").get_text(strip=True) == "Key populations, gender and age"


def test_a_change_next_to_a_hidden_count_is_hidden(few_cases_before):
    shown = counters(few_cases_before)
    # Georgia kept 3 cases (3 clients at most) in 2023-H1: below min_cell, so no change is shown.
    assert shown["Cases"][1] == "(change hidden vs 2023-H1)"
    assert shown["Clients"][1] == "(change hidden vs 2023-H1)"
    text = few_cases_before.get_text(" ")
    assert "vs 2023-H1)" in text
    _headers, rows = table_rows(few_cases_before, "gender")
    assert any(values[3] == "suppressed" for values in rows.values()), "a suppressed previous count to check against"
    for label, values in rows.items():
        previous_count, _previous_percent, change = values[3:]
        if previous_count == "suppressed":
            assert change == "–", label
