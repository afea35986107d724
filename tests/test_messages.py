"""Messages about a file's problems: each kind once, at most 40 lines, never a cell that may be private (issue 21 items 1, 4, 5).

A cell is shown only when it looks like a value of its column (a near-miss of a code or label, a
date, a number); anything else may be a client code or a piece of a description that slipped
into the wrong column, and is described ("text of 28 characters"). The hostile files here put
descriptions and client codes where a message would be tempted to quote them.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from conftest import HEADER, case, csv_text

from reactlib import InvalidDataError, load_cases
from reactlib.cli import main
from reactlib.contract.categories import COLUMN_VOCABULARIES
from reactlib.errors import MAX_PROBLEM_LINES, Problem, ProblemGroup, format_problems

CLIENT = "CLIENT-SECRET-0077"
CASE = "CASE-SECRET-0042"
STORY = "He said the officer STORY-SECRET took his papers and beat him"
SECRETS = ("CLIENT-SECRET", "CASE-SECRET", "STORY-SECRET", "officer", "papers")


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def problems_of(path: Path, **options) -> InvalidDataError:
    with pytest.raises(InvalidDataError) as caught:
        load_cases(path, **options)
    return caught.value


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, secret


# --- One line per kind of problem, at most 40 lines ------------------------------------------------


def test_five_thousand_unreadable_dates_are_one_line_naming_column_example_and_count(write_cases, capsys):
    rows = [case(i, registered_on=f"2023-13-{i % 28 + 1:02d}") for i in range(1, 5001)]
    path = write_cases(rows)

    code, out, err = run_cli(capsys, "validate", "--data", str(path))

    lines = err.splitlines()
    assert code == 1 and out == "" and len(lines) <= 40
    assert lines[0] == "cases.csv: 5,000 problems"
    assert lines[1] == (
        "  5,000 rows (2, 3, 4, 5, 6, …)  registered_on  e.g. row 2: '2023-13-02'  is not a date of the calendar"
    )
    assert lines[2] == "  (--all-problems FILE writes every problem, one line each)"


def test_problems_of_many_kinds_are_cut_at_forty_lines_and_counted(write_cases, capsys, tmp_path):
    # One misspelt code of each perpetrator, violation and service: 56 kinds of problem, each its own suggestion.
    columns = ["perpetrators", "violations", "services_provided", "services_referred", "services_unavailable"]
    rows = []
    for column in columns:
        for code in COLUMN_VOCABULARIES[column].codes:
            rows.append(case(len(rows) + 1, **{column: code[:-1] + code[-1].upper() * 2}))
    path = write_cases(rows)
    kinds = sum(len(COLUMN_VOCABULARIES[column].codes) for column in columns)

    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    lines = err.splitlines()
    assert code == 1 and len(lines) == MAX_PROBLEM_LINES
    assert lines[0] == f"cases.csv: {kinds} problems"
    assert lines[-2] == f"  … and {kinds - 37} more kinds of problem, in {kinds - 37} cells"
    assert lines[-1] == "  (--all-problems FILE writes every problem, one line each)"
    listing = tmp_path / "problems.txt"
    code, _, err = run_cli(capsys, "validate", "--data", str(path), "--all-problems", str(listing))
    assert code == 1 and err.splitlines()[-1] == f"  every problem ({kinds}) is in {listing}"
    written = listing.read_text(encoding="utf-8").splitlines()
    assert len(written) == kinds and written[0].startswith("cases.csv, row 2, column 'perpetrators', value ")


def test_format_problems_is_bounded_whatever_it_is_given():
    groups = [ProblemGroup(f"column {i}", f"problem {i}", list(range(2, 10_000)), ["x"] * 9998) for i in range(500)]
    message = format_problems("cases.csv", groups)
    assert len(message.splitlines()) == MAX_PROBLEM_LINES and len(message) < 10_000
    assert message.splitlines()[0] == "cases.csv: 4,999,000 problems"


def test_every_problem_is_written_by_row_and_nothing_private(write_cases, tmp_path):
    rows = [case(1, client_id=CLIENT, case_id=CASE), case(2, gender=CLIENT), case(3, case_id=CASE, age=STORY)]
    error = problems_of(write_cases(rows))
    listing = tmp_path / "all.txt"

    assert error.write_problems(listing) == 3
    assert listing.read_text(encoding="utf-8").splitlines() == [
        "cases.csv, row 3, column 'gender', value (text of 18 characters): unknown gender code (known: female, male, "
        "trans_female, trans_male, unknown)",
        f"cases.csv, row 4, column 'age', value (text of {len(STORY)} characters): must be a whole number of years "
        "from 0 to 120",
        "cases.csv, row 4, column 'case_id', value (as in row 2): repeats a case_id already used; each case needs its own",
    ]


# --- No cell that may be private is ever shown ------------------------------------------------------

CATEGORY_COLUMNS = [spec for spec in HEADER if spec in COLUMN_VOCABULARIES]


def test_a_description_in_every_column_is_never_shown(write_cases, capsys, tmp_path):
    rows = [case(1), {name: f"{STORY} ({name})" for name in HEADER}, case(3)]
    path = write_cases(rows)

    error = problems_of(path)
    code, _, err = run_cli(capsys, "validate", "--data", str(path), "--all-problems", str(tmp_path / "all.txt"))

    assert code == 1
    assert {p.column for p in error.problems} >= {"registered_on", "qualified", "age", *CATEGORY_COLUMNS}
    assert all(p.value is None or p.value.startswith("text of") or p.value == "(hidden)" for p in error.problems)
    assert_no_secret(err, str(error), (tmp_path / "all.txt").read_text(encoding="utf-8"))


def test_client_codes_in_category_columns_are_never_shown(write_cases, capsys):
    codes = {column: f"{CLIENT}-{i}" for i, column in enumerate(CATEGORY_COLUMNS)}
    rows = [case(1), case(2, **codes, registered_on=CLIENT, qualified=CLIENT, age=CLIENT)]

    for command in (["validate"], ["figures", "--scope", "all", "--period", "2023"]):
        code, out, err = run_cli(capsys, *command, "--data", str(write_cases(rows)))
        assert code == 1 and out == ""
        assert err.count("text of") == len(CATEGORY_COLUMNS) + 3
        assert_no_secret(err)


def test_a_value_near_a_known_one_is_shown_to_be_found(write_cases):
    error = problems_of(write_cases([case(1, gender="femal", age="130", registered_on="31.02.2023")]))
    assert {(p.column, p.value) for p in error.problems} == {
        ("gender", "femal"),
        ("age", "130"),
        ("registered_on", "31.02.2023"),
    }


def test_figures_and_report_print_the_same_message(write_cases, capsys, tmp_path):
    path = write_cases([case(1, gender=CLIENT), case(2, registered_on="yesterday")])
    args = ["--data", str(path), "--scope", "Tajikistan", "--period", "2023-H1"]

    _, _, from_figures = run_cli(capsys, "figures", *args)
    code, _, from_report = run_cli(capsys, "report", *args, "--out", str(tmp_path / "out"), "--format", "html")

    assert code == 1 and from_report == from_figures and "2 problems" in from_figures
    assert not (tmp_path / "out").exists()
    assert_no_secret(from_figures)


# --- Rows that do not fit the header, quotes left open -------------------------------------------


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_shifted_row_says_how_many_cells_it_has_never_what_they_hold(tmp_path, capsys):
    lines = csv_text([case(1), case(2, description=STORY), case(3), case(4, description=STORY)]).splitlines()
    lines[2] = lines[2].replace("Tajikistan,", "", 1)  # a cell lost: the description shifts into another column
    lines[4] = lines[4] + "," + STORY  # a cell too many
    path = write_lines(tmp_path / "cases.csv", lines)

    error = problems_of(path)
    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    assert [(p.row, p.value) for p in error.problems] == [(3, "18 cells"), (5, "20 cells")]
    assert "has fewer cells than the header's 19" in error.problems[0].message
    assert "has more cells than the header's 19: a value holds an unquoted ','" in error.problems[1].message
    assert code == 1
    assert_no_secret(err)


def test_a_quote_left_open_is_named_with_its_row_and_column(tmp_path, capsys):
    lines = csv_text([case(1), case(2, description=STORY), case(3), case(4)]).splitlines()
    lines[2] = lines[2].replace(f",{STORY}", f',"{STORY}')  # the last column: the rows below run into it
    path = write_lines(tmp_path / "cases.csv", lines)

    (problem,) = problems_of(path).problems
    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    assert (problem.row, problem.column, problem.value) == (3, "description", "a value of 3 lines")
    assert problem.message.startswith('a quote (") opens a value that is never closed')
    assert code == 1
    assert_no_secret(err)


def test_a_quote_left_open_in_a_middle_column_too(tmp_path, capsys):
    lines = csv_text([case(1), case(2, region=STORY), case(3), case(4, region="Sughd")]).splitlines()
    lines[2] = lines[2].replace(f",{STORY},", f',"{STORY},')
    path = write_lines(tmp_path / "cases.csv", lines)

    (problem,) = problems_of(path).problems
    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    assert code == 1 and (problem.row, problem.column) == (3, "region") and problem.value.endswith("over 3 lines")
    assert problem.message.startswith('a quote (") opens a value that is not closed on its line')
    assert_no_secret(err)


# --- Encodings, formulas -------------------------------------------------------------------------


def test_utf16_with_a_byte_order_mark_is_read_and_without_one_is_named(tmp_path, capsys):
    text = csv_text([case(1, region="Душанбе")])
    (tmp_path / "marked.csv").write_bytes(text.encode("utf-16"))
    (tmp_path / "bare.csv").write_bytes(text.encode("utf-16-le"))

    assert load_cases(tmp_path / "marked.csv")["region"].tolist() == ["Душанбе"]
    code, _, err = run_cli(capsys, "validate", "--data", str(tmp_path / "bare.csv"))
    assert code == 1 and "looks like UTF-16 without a byte-order mark; pass --encoding utf-16-le" in err
    assert "cp1251" not in err
    assert load_cases(tmp_path / "bare.csv", encoding="utf-16-le")["region"].tolist() == ["Душанбе"]


def test_a_workbook_saved_under_a_csv_name_is_named(tmp_path, capsys):
    case_file = tmp_path / "cases.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.save(case_file)
    (tmp_path / "cases.csv").write_bytes(case_file.read_bytes())

    code, _, err = run_cli(capsys, "validate", "--data", str(tmp_path / "cases.csv"))

    assert code == 1 and "an XLSX workbook (a ZIP file) named .csv: rename it .xlsx" in err


def test_a_formula_without_a_saved_value_is_named_as_such(tmp_path):
    path = tmp_path / "cases.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for number in (1, 2):
        row = case(number)
        row["registered_on"] = "=DATE(2023,3,15)" if number == 2 else row["registered_on"]
        row["gender"] = '=IF(1,"female","male")'
        sheet.append([row[name] for name in HEADER])
    workbook.save(path)  # openpyxl saves formulas without their values, as a program writing a file does

    problems = problems_of(path).problems

    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "gender", "no value"),
        (3, "gender", "no value"),
        (3, "registered_on", "no value"),
    ]
    assert all(p.message.startswith("holds a formula whose value was never saved") for p in problems)
    assert not any("required but empty" in p.message for p in problems)


# --- Bounded time, memory and output -----------------------------------------------------------------


def test_a_header_of_a_million_columns_is_refused_after_its_first_megabyte(tmp_path, capsys):
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(",".join(f"column {i}" for i in range(1_000_000)) + "\n1,2,3\n")

    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    assert code == 1 and len(err) < 400
    assert re.search(r"the header row has at least [\d,]+ columns; a case file has at most 1,000", err)


def test_a_line_longer_than_a_block_is_refused_before_it_is_read(tmp_path, capsys):
    lines = csv_text([case(1), case(2)]).splitlines()
    lines[2] = lines[2].replace("A short narrative.", "x" * 5_000_000)
    path = write_lines(tmp_path / "cases.csv", lines)

    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    assert code == 1 and len(err) < 600
    assert "line 3 of the file is longer than 4 MB, far longer than a row" in err


def test_a_cell_longer_than_a_spreadsheets_is_refused_and_described(tmp_path, capsys):
    lines = csv_text([case(1), case(2)]).splitlines()
    lines[2] = lines[2].replace("A short narrative.", STORY * 1000)
    path = write_lines(tmp_path / "cases.csv", lines)

    (problem,) = problems_of(path).problems

    assert (problem.row, problem.column) == (3, "description")
    assert problem.value == f"text of {len(STORY) * 1000:,} characters" and "longer than 32,767" in problem.message


def test_a_million_bad_cells_give_a_few_lines_and_no_client_code(tmp_path, capsys):
    # A million cases, each with a client code where the gender should be: nothing near a gender, nothing shown.
    rows = 1_000_000
    path = tmp_path / "cases.csv"
    body = "".join(
        f"c{i},{CLIENT}{i},Tajikistan,2023-03-15,yes,plhiv,{CLIENT}{i}\n" for i in range(rows)
    )  # ~80 MB, written in a few seconds
    path.write_text(
        "case_id,client_id,country,registered_on,qualified,key_populations,gender\n" + body, encoding="utf-8"
    )
    del body

    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    lines = err.splitlines()
    assert code == 1 and len(lines) == 3 and len(err) < 1000
    assert lines[0] == "cases.csv: 1,000,000 problems"
    assert lines[1].startswith(
        "  1,000,000 rows (2, 3, 4, 5, 6, …)  gender  e.g. row 2: text of 19 characters  unknown gender"
    )
    assert_no_secret(err)


def test_the_problem_line_of_a_whole_row_has_no_empty_columns():
    line = format_problems("cases.csv", [ProblemGroup(None, "has fewer cells than the header's 19", [7], [None])])
    assert line.splitlines()[1] == "  row 7  has fewer cells than the header's 19"
    assert Problem(7, None, None, "x").describe("cases.csv") == "cases.csv, row 7: x"


def test_a_row_of_formulas_without_values_is_no_blank_row(tmp_path):
    path = tmp_path / "cases.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append([case(1)[name] for name in HEADER])
    workbook.active.append(["=A2"] * len(HEADER))
    workbook.save(path)

    problems = problems_of(path).problems

    assert {p.row for p in problems} == {3} and len(problems) == len(HEADER) - 1  # the description is not read
    assert {p.value for p in problems} == {"no value"}
