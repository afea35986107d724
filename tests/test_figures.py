"""figures.json: its shape, scopes and periods, small-cell suppression, and the CLI's errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import case

from reactlib import load_cases
from reactlib.cli import main
from reactlib.contract import categories
from reactlib.count.figures import compute_figures
from reactlib.count.periods import PeriodError, parse_period, report_title


def figures_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["figures", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def small_table(write_cases):
    rows = [
        case(1, client_id="A", gender="male", violations="extortion"),
        case(2, client_id="A", gender="female"),
        case(3, client_id="B", registered_on="2023-07-01", gender="female"),
        case(4, client_id="C", country="Moldova", registered_on="2023-02-01"),
    ]
    return write_cases(rows)


def test_document_shape_lists_every_category_in_published_order(small_table, capsys):
    code, out, _ = figures_cli(capsys, "--data", str(small_table), "--scope", "Tajikistan", "--period", "2023-H1")
    document = json.loads(out)

    assert code == 0
    assert list(document) == [
        "scope",
        "period",
        "title",
        "clients",
        "cases",
        "qualified",
        "charts",
        "groups",
        "crosstabs",
        "previous",
    ]
    # The small table begins in 2023: its previous half year (2022-H2) is not in the data.
    assert document["previous"] is None
    assert (document["scope"], document["period"], document["title"]) == (
        "Tajikistan",
        "2023-H1",
        "Tajikistan. 2023 | Half year: January–June",
    )
    assert (document["clients"], document["cases"], document["qualified"]) == (1, 2, 2)
    vocabularies = {
        "key_populations": categories.KEY_POPULATIONS, "gender": categories.GENDER,
        "age_groups": categories.AGE_GROUPS, "reaction_status": categories.REACTION_STATUS,
        "refusal_reasons": categories.REFUSAL_REASONS, "violations": categories.VIOLATIONS,
        "services_provided": categories.SERVICES, "services_referred": categories.SERVICES,
        "services_unavailable": categories.SERVICES,
    }  # fmt: skip
    assert list(document["charts"]) == list(vocabularies)
    for name, vocabulary in vocabularies.items():
        chart = document["charts"][name]
        assert [(i["code"], i["label"]) for i in chart["items"]] == list(vocabulary.items)
        # This report's previous period is not in the data: its items have no change.
        assert all(set(i) == {"code", "label", "count", "percent", "interval"} for i in chart["items"])
    assert document["charts"]["gender"]["n"] == 2
    assert [i["percent"] for i in document["charts"]["gender"]["items"]][:2] == [50.0, 50.0]
    # No refusal reason is recorded: n is 0 and every percent is null.
    assert document["charts"]["refusal_reasons"]["n"] == 0
    assert {i["percent"] for i in document["charts"]["refusal_reasons"]["items"]} == {None}
    assert {i["interval"] is None for i in document["charts"]["refusal_reasons"]["items"]} == {True}
    assert list(document["groups"]) == ["plhiv", "pwid", "sw", "msm_trans"]
    assert document["groups"]["plhiv"]["cases"] == 2 and document["groups"]["sw"]["cases"] == 0
    assert document["groups"]["plhiv"]["perpetrators"]["unit"] == "mentions"


def test_regional_scope_and_other_periods(small_table):
    cases = load_cases(small_table)
    regional = compute_figures(cases, "all", "2023")
    assert (regional.title, regional.cases, regional.clients) == ("All countries. 2023 | Year", 4, 3)
    assert compute_figures(cases, "moldova", "2023-Q1").cases == 1
    assert compute_figures(cases, "Tajikistan", "2023-07").cases == 1
    assert compute_figures(cases, "Tajikistan", "2023-03-15..2023-07-01").cases == 3


def test_figures_are_printed_as_indented_utf8_json_with_a_final_newline(small_table, capsys):
    # Typed by hand: cases 1 and 2 (client A, Tajikistan, March) are the only ones in scope and
    # period; the title's en dash is written as it is, not as \u2013. The Wilson interval of 1 of 1
    # is 1 / (1 + z²) = 1 / (1 + 1.96²) = 20.7 % to 100 %.
    _, out, _ = figures_cli(capsys, "--data", str(small_table), "--scope", "Tajikistan", "--period", "2023-H1")
    head = """{
  "scope": "Tajikistan",
  "period": "2023-H1",
  "title": "Tajikistan. 2023 | Half year: January–June",
  "clients": 1,
  "cases": 2,
  "qualified": 2,
  "charts": {
    "key_populations": {
      "unit": "clients",
      "n": 1,
      "items": [
        {
          "code": "plhiv",
          "label": "People living with HIV",
          "count": 1,
          "percent": 100.0,
          "interval": [
            20.7,
            100.0
          ]
        },
        {
"""
    assert out.startswith(head)
    assert out.endswith('\n    }\n  },\n  "previous": null\n}\n') and not out.endswith("\n\n")


def test_min_cell_hides_small_counts_and_their_percentages(write_cases, capsys):
    genders = ["female"] * 6 + ["male"] * 2 + ["trans_female"] * 5 + ["trans_male"] * 4
    path = write_cases([case(i, gender=g) for i, g in enumerate(genders)])
    code, out, _ = figures_cli(
        capsys, "--data", str(path), "--scope", "Tajikistan", "--period", "2023", "--min-cell", "5"
    )
    gender = {i["code"]: i for i in json.loads(out)["charts"]["gender"]["items"]}

    assert code == 0
    # Of 17: 4 trans male (min_cell - 1) and 2 male are suppressed. With n shown they add up to
    # 17 - 6 - 5 = 6, so each would be 1 to 5 (a range 4 wide): trans female (5, the smaller of
    # the shown counts) is suppressed too, leaving each of the three 1 to 9. Zeros stay zero.
    assert (gender["female"]["count"], gender["female"]["percent"]) == (6, 35.3)
    assert (gender["trans_female"]["count"], gender["trans_female"]["percent"]) == ("suppressed", None)
    assert (gender["trans_male"]["count"], gender["trans_male"]["percent"]) == ("suppressed", None)
    assert (gender["male"]["count"], gender["male"]["percent"]) == ("suppressed", None)
    assert json.loads(out)["charts"]["gender"]["n"] == 17
    assert (gender["unknown"]["count"], gender["unknown"]["percent"]) == (0, 0.0)


def test_min_cell_reaches_headline_counts_and_groups(write_cases):
    cases = load_cases(write_cases([case(1), case(2, client_id="client-0001")]))
    figures = compute_figures(cases, "Tajikistan", "2023", min_cell=5).to_dict()
    assert (figures["clients"], figures["cases"], figures["qualified"]) == ("suppressed",) * 3
    assert figures["groups"]["plhiv"]["cases"] == "suppressed" and figures["groups"]["sw"]["cases"] == 0
    assert figures["charts"]["gender"]["n"] == "suppressed"
    serialised = json.dumps(figures)
    assert '"count": 1' not in serialised and '"count": 2' not in serialised


def test_min_cell_suppresses_a_total_too_small_to_protect_its_part(write_cases):
    # Five cases of five clients, four of them qualified. Qualified ≤ cases: with 5 cases shown,
    # the 4 would be 1 to 5, so the cases are suppressed too; and the appendix's rows of the
    # file (5, nothing outside the period, no other country) would give them back: suppressed.
    # The clients (5, not small) stay shown.
    rows = [case(i, qualified="no" if i == 5 else "yes") for i in range(1, 6)]
    figures = compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023", min_cell=5)
    assert (figures.clients, figures.cases, figures.qualified) == (5, "suppressed", "suppressed")
    assert figures.accounting is not None
    assert (figures.accounting.total, figures.accounting.in_report) == ("suppressed", "suppressed")
    assert (figures.accounting.outside_period, figures.accounting.other_country) == (0, 0)


@pytest.mark.parametrize(
    ("text", "start", "end", "title"),
    [
        ("2023", (2023, 1, 1), (2023, 12, 31), "2023 | Year"),
        ("2023-H1", (2023, 1, 1), (2023, 6, 30), "2023 | Half year: January–June"),
        ("2023-H2", (2023, 7, 1), (2023, 12, 31), "2023 | Half year: July–December"),
        ("2024-Q1", (2024, 1, 1), (2024, 3, 31), "2024 | Quarter 1: January–March"),
        ("2024-Q2", (2024, 4, 1), (2024, 6, 30), "2024 | Quarter 2: April–June"),
        ("2024-Q3", (2024, 7, 1), (2024, 9, 30), "2024 | Quarter 3: July–September"),
        ("2024-Q4", (2024, 10, 1), (2024, 12, 31), "2024 | Quarter 4: October–December"),
        ("2024-02", (2024, 2, 1), (2024, 2, 29), "February 2024"),
        ("2023-01-01..2023-05-31", (2023, 1, 1), (2023, 5, 31), "1 January 2023 – 31 May 2023"),
    ],
)
def test_periods(text, start, end, title):
    period = parse_period(text)
    assert (period.start, period.end, period.title) == (dt.date(*start), dt.date(*end), title)


@pytest.mark.parametrize(
    "text", ["2023-H3", "2023-13", "23", "2023-Q5", "2023-05-01..2023-04-01", "2023-02-30..2023-03-01", "first half"]
)
def test_bad_periods(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_seed_title_names_the_months_of_its_half():
    first, second = (report_title("Tajikistan", parse_period(half)) for half in ("2023-H1", "2023-H2"))
    assert first == "Tajikistan. 2023 | Half year: January–June"
    assert second == "Tajikistan. 2023 | Half year: July–December"


def test_every_distinct_period_has_a_distinct_title():
    names = [
        *(str(year) for year in (2022, 2023)),
        *(f"{year}-H{half}" for year in (2022, 2023) for half in (1, 2)),
        *(f"{year}-Q{quarter}" for year in (2022, 2023) for quarter in range(1, 5)),
        *(f"{year}-{month:02d}" for year in (2022, 2023) for month in range(1, 13)),
        "2023-01-01..2023-06-30", "2023-07-01..2023-12-31", "2023-01-01..2023-12-31",
    ]  # fmt: skip
    titles = [parse_period(name).title for name in names]
    assert len(set(titles)) == len(names), [t for t in titles if titles.count(t) > 1]
    regional = {report_title("all", parse_period(name)) for name in ("2023-H1", "2023-H2")}
    assert regional == {
        "All countries. 2023 | Half year: January–June",
        "All countries. 2023 | Half year: July–December",
    }


def test_unknown_country_lists_the_countries_in_the_data(small_table, capsys):
    code, out, err = figures_cli(capsys, "--data", str(small_table), "--scope", "Tajikstan", "--period", "2023")
    assert code == 1 and out == ""
    assert "Tajikstan" in err and "Moldova, Tajikistan" in err and "Traceback" not in err


def test_unparseable_period_names_the_forms(small_table, capsys):
    code, _, err = figures_cli(capsys, "--data", str(small_table), "--scope", "all", "--period", "2023-H3")
    assert code == 1 and "2023-H3" in err and "2023-Q2" in err


def test_bad_data_stops_figures_with_the_problem_table(write_cases, capsys):
    code, out, err = figures_cli(
        capsys, "--data", str(write_cases([case(1, age="x")])), "--scope", "all", "--period", "2023"
    )
    assert code == 1 and out == "" and "row 2" in err and "age" in err


def test_a_period_outside_the_data_names_the_datas_range(small_table, capsys):
    code, _, err = figures_cli(capsys, "--data", str(small_table), "--scope", "all", "--period", "2019-H1")
    assert code == 1 and "2019-H1" in err and "2023-02-01..2023-07-01" in err
