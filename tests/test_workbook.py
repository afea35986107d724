"""figures.xlsx (analysis.md section 5): read back with openpyxl, it says what figures.json says."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

import openpyxl
import pytest
from conftest import case

from reactlib import load_cases, sample_data_path
from reactlib.count.figures import compute_figures
from reactlib.render.workbook import WorkbookInputs, figures_workbook, workbook_inputs

RENDER_DATE = dt.date(2023, 11, 14)
HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def sample_figures() -> dict:
    cases = load_cases(sample_data_path())
    return json.loads(compute_figures(cases, "Tajikistan", "2023-H1", min_cell=5).to_json())


def inputs(**changes) -> WorkbookInputs:
    values = {
        "data_file": "cases.csv",
        "data_sha256": "ab" * 32,
        "min_cell": 5,
        "package_version": "9.9",
        "date": RENDER_DATE,
    }
    return WorkbookInputs(**{**values, **changes})


def read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_every_chart_sheet_holds_the_counts_of_figures_json(sample_figures):
    workbook = read(figures_workbook(sample_figures, inputs()))
    charts = dict(sample_figures["charts"])
    charts.update({f"{code}_perpetrators": group["perpetrators"] for code, group in sample_figures["groups"].items()})

    previous = dict(sample_figures["previous"]["charts"])
    previous.update(
        {f"{code}_perpetrators": group["perpetrators"] for code, group in sample_figures["previous"]["groups"].items()}
    )

    assert workbook.sheetnames == ["about", *charts, *sample_figures["crosstabs"]]
    for name, chart in charts.items():
        header, *body = rows(workbook[name])
        assert header == ("code", "label", "count", "percent", "previous_count", "previous_percent"), name
        assert body == [
            (i["code"], i["label"], i["count"], i["percent"], p["count"], p["percent"])
            for i, p in zip(chart["items"], previous[name]["items"], strict=True)
        ], name
    # The sample suppresses some counts at min_cell 5, all written "suppressed" (as text) whatever
    # the reason; so does its previous period (2022-H2), in the last two columns.
    assert ("state_services", "State services", "suppressed", None, "suppressed", None) in rows(
        workbook["plhiv_perpetrators"]
    )


def test_every_crosstab_sheet_holds_the_counts_of_figures_json(sample_figures):
    workbook = read(figures_workbook(sample_figures, inputs()))
    for name, table in sample_figures["crosstabs"].items():
        header, *body = rows(workbook[name])
        assert header == ("code", "label", "Healthcare", "Police", "State services", "Individuals")
        assert body == [
            (code, label, *counts)
            for code, label, counts in zip(table["rows"], table["row_labels"], table["counts"], strict=True)
        ]
    assert any("suppressed" in row for row in rows(workbook["violations_by_perpetrator"]))


def test_about_sheet_names_the_report_and_its_inputs(sample_figures):
    sample = sample_data_path()
    about = read(figures_workbook(sample_figures, workbook_inputs({"data": "", "min_cell": 5}, RENDER_DATE)))["about"]
    facts = {row[0]: row[1] for row in rows(about) if row[0]}

    assert facts["title"] == "Tajikistan. 2023 | Half year: January–June"
    assert (facts["scope"], facts["period"]) == ("Tajikistan", "2023-H1")
    assert facts["data_file"] == "sample_cases.csv (the bundled sample)"
    assert facts["data_sha256"] == hashlib.sha256(sample.read_bytes()).hexdigest()
    assert facts["min_cell"] == 5 and facts["reactlib_version"] == "0.1.0"
    assert (facts["clients"], facts["cases"], facts["qualified"]) == (520, 522, 480)
    assert any(str(key).startswith("Counting rules") for key in facts)
    assert ("plhiv_perpetrators", "mentions", 266, 265) in rows(about)


def test_a_country_named_like_a_formula_stays_text(write_cases):
    cases = load_cases(write_cases([case(1, country=HYPERLINK), case(2, country=HYPERLINK, gender="male")]))
    figures = json.loads(compute_figures(cases, HYPERLINK, "2023-H1").to_json())
    data = figures_workbook(figures, inputs(data_file="@SUM(A1).csv", package_version="+1"))
    about = read(data)["about"]
    cells = {row[0].value: row[1] for row in about.iter_rows() if row[0].value}

    assert cells["scope"].value == HYPERLINK and cells["scope"].data_type == "s"
    assert cells["title"].value.startswith(HYPERLINK) and cells["title"].data_type == "s"
    assert cells["data_file"].value == "@SUM(A1).csv" and cells["data_file"].data_type == "s"
    assert cells["scope"].quotePrefix and cells["data_file"].quotePrefix and cells["reactlib_version"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert all(b"<f>" not in sheet and b"<f " not in sheet for sheet in sheets)


def test_control_characters_of_the_data_are_written_escaped_not_refused(sample_figures):
    figures = {**sample_figures, "scope": "Tajik\x1bistan"}
    about = read(figures_workbook(figures, inputs()))["about"]
    assert {row[0]: row[1] for row in rows(about) if row[0]}["scope"] == "Tajik\\x1bistan"


def test_the_same_figures_give_the_same_bytes_dated_by_the_render_date(sample_figures):
    first = figures_workbook(sample_figures, inputs())
    assert figures_workbook(sample_figures, inputs()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 0, 0, 0)}
    properties = read(first).properties
    assert properties.created == properties.modified == dt.datetime(2023, 11, 14)


def test_a_previous_period_adds_its_columns(sample_figures):
    previous = json.loads(json.dumps(sample_figures))
    previous["charts"]["gender"]["items"][0].update(count=100, percent=50.0)
    previous["groups"]["sw"]["perpetrators"]["items"][3].update(count=7, percent=70.0)
    workbook = read(figures_workbook({**sample_figures, "previous": previous}, inputs()))

    header, female, *_ = rows(workbook["gender"])
    assert header == ("code", "label", "count", "percent", "previous_count", "previous_percent")
    assert female == ("female", "Female", 272, 52.2, 100, 50.0)
    assert rows(workbook["sw_perpetrators"])[4][4:] == (7, 70.0)
    no_previous = {**sample_figures, "previous": None}  # figures.json's null: not in the data
    assert rows(read(figures_workbook(no_previous, inputs()))["gender"])[0] == ("code", "label", "count", "percent")


def test_the_previous_columns_are_the_previous_periods_own_figures(write_cases):
    # Typed by hand: 2022-H2 has 6 female cases and 1 male one; 2023-H1 has 2 female ones. At
    # min_cell 5 the previous male count (1) is suppressed, and as gender adds up to its n (7)
    # the female 6 is too; 2023-H1's counts (2) are all small: suppressed, one mark for all.
    rows_ = [case(i, registered_on="2022-08-01", gender="female") for i in range(6)]
    rows_ += [case(10, registered_on="2022-07-01", gender="male")]
    rows_ += [case(20 + i, registered_on="2023-02-01", gender="female") for i in range(2)]
    figures = json.loads(compute_figures(load_cases(write_cases(rows_)), "Tajikistan", "2023-H1", 5).to_json())
    gender = rows(read(figures_workbook(figures, inputs()))["gender"])

    assert gender[0][4:] == ("previous_count", "previous_percent")
    assert gender[1] == ("female", "Female", "suppressed", None, "suppressed", None)
    assert gender[2][:2] == ("male", "Male") and gender[2][4:] == ("suppressed", None)


def test_no_client_code_case_id_or_free_text_in_any_part_of_the_workbook(write_cases):
    canary = "CANARY"
    rows = [case(i, client_id=f"{canary}-client-{i}", description=f"{canary} narrative", region=f"{canary} region",
                 organization=f"{canary} NGO") for i in range(3)]  # fmt: skip
    figures = json.loads(compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023").to_json())
    with zipfile.ZipFile(io.BytesIO(figures_workbook(figures, inputs()))) as archive:
        for name in archive.namelist():
            assert canary.lower().encode() not in archive.read(name).lower(), name
