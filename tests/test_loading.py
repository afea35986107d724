"""Loading and validation: accepted formats, and a corpus of bad inputs with their messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import HEADER, case, csv_text

from reactlib import InvalidDataError, load_cases
from reactlib.cli import main
from reactlib.errors import Described, shown_value


def problems_of(path: Path, **kwargs) -> list:
    with pytest.raises(InvalidDataError) as caught:
        load_cases(path, **kwargs)
    return list(caught.value.problems)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- The bad-input corpus ------------------------------------------------------------------------
# Each fault: the rows of a file, and the row, column and value the message must name.
# Row numbers are as a spreadsheet shows them: the header is row 1, the first case row 2.

CORPUS = {
    "duplicate case_id": (
        [case(1), case(2, case_id="case-0001")],
        3,
        "case_id",
        "as in row 2",  # described: a case id is never shown
        "repeats a case_id already used",
    ),
    "impossible date": ([case(1), case(2, registered_on="2023-02-30")], 3, "registered_on", "2023-02-30", "not a date"),
    "impossible local date": ([case(1, registered_on="31.02.2023")], 2, "registered_on", "31.02.2023", "not a date"),
    "date in words": (
        [case(1, registered_on="last spring")],
        2,
        "registered_on",
        "text of 11 characters",
        "not a date",
    ),
    "date before the programme": (
        [case(1, registered_on="1900-01-01")],
        2,
        "registered_on",
        "1900-01-01",
        "2010-01-01",
    ),
    "future date": (
        [case(1), case(2), case(3, registered_on="2999-01-01")],
        4,
        "registered_on",
        "2999-01-01",
        "future",
    ),
    "empty date": ([case(1, registered_on="")], 2, "registered_on", "", "required"),
    "unknown gender with suggestion": ([case(1, gender="femal")], 2, "gender", "femal", "did you mean 'female'"),
    "unknown key group with suggestion": (
        [case(1, key_populations="plhiv; pwdu")],
        2,
        "key_populations",
        "pwdu",  # the unknown part of the cell
        "did you mean 'pwud'",
    ),
    "unknown perpetrator with suggestion": (
        [case(1, perpetrators="polise")],
        2,
        "perpetrators",
        "polise",
        "did you mean 'police'",
    ),
    # A value near no known one may be a client code typed in the wrong column: described, never shown.
    "unknown report group": (
        [case(1, report_group="idu")],
        2,
        "report_group",
        "text of 3 characters",
        "unknown report_group code (known:",
    ),
    "unknown reaction status": (
        [case(1, reaction_status="done")],
        2,
        "reaction_status",
        "text of 4 characters",
        "unknown reaction_status",
    ),
    "misspelt reaction status": (
        [case(1, reaction_status="in progres")],
        2,
        "reaction_status",
        "in progres",
        "did you mean 'in_progress'",
    ),
    # Near enough to a label to be suggested it, but maybe a person's data: described, never shown.
    "a client code near a label": (
        [case(1, gender="MALE-0042")],
        2,
        "gender",
        "text of 9 characters",
        "did you mean 'male'",
    ),
    "a label with more words around it": (
        [case(1, gender="Female client")],
        2,
        "gender",
        "text of 13 characters",
        "did you mean 'female'",
    ),
    "a yes with words around it": (
        [case(1, qualified="yes beaten")],
        2,
        "qualified",
        "text of 10 characters",
        "yes or no",
    ),
    "a client code as the country": (
        [case(1), case(2, country="TJ-0042")],
        3,
        "country",
        "text of 7 characters",
        "does not read as a country's name",
    ),
    "a note as the country": (
        [case(1, country="client was beaten by police near his home")],
        2,
        "country",
        "text of 41 characters",
        "is a client code or a note in this column?",
    ),
    "age out of range": ([case(1, age="130")], 2, "age", "130", "0 to 120"),
    "negative age": ([case(1, age="-1")], 2, "age", "-1", "0 to 120"),
    "fractional age": ([case(1, age="3.5")], 2, "age", "3.5", "whole number"),
    "age in words": ([case(1, age="thirty")], 2, "age", "text of 6 characters", "whole number"),
    "no_kpg with another group": (
        [case(1, key_populations="no_kpg; migrant", report_group="")],
        2,
        "key_populations",
        "no_kpg; migrant",
        "stand alone",
    ),
    "undisclosed with another group": (
        [case(1, key_populations="People living with HIV;undisclosed")],
        2,
        "key_populations",
        "plhiv; undisclosed",  # the codes as read
        "stand alone",
    ),
    "empty key populations": ([case(1, key_populations="", report_group="")], 2, "key_populations", "", "undisclosed"),
    "report group disagrees": (
        [case(1, key_populations="plhiv", report_group="sw")],
        2,
        "report_group",
        "sw",
        "key population is missing",
    ),
    "qualified not yes/no": ([case(1, qualified="maybe")], 2, "qualified", "text of 5 characters", "yes or no"),
    "qualified misspelt": ([case(1, qualified="yse")], 2, "qualified", "yse", "yes or no"),
    "qualified empty": ([case(1, qualified="")], 2, "qualified", "", "required"),
    "empty case_id": ([case(1, case_id="")], 2, "case_id", "", "required"),
    "empty client_id": ([case(1), case(2, client_id="  ")], 3, "client_id", "", "required"),
    "empty country": ([case(1, country="")], 2, "country", "", "required"),
}


@pytest.mark.parametrize("fault", CORPUS, ids=list(CORPUS))
def test_each_fault_is_named_with_row_column_and_value(fault, write_cases, capsys):
    rows, row, column, value, words = CORPUS[fault]
    path = write_cases(rows)

    problems = problems_of(path)

    assert [(p.row, p.column, p.value) for p in problems] == [(row, column, value)]
    assert words in problems[0].message
    code, out, err = run_cli(capsys, "validate", "--data", str(path))
    assert code == 1 and out == ""
    table_line = next(line for line in err.splitlines() if line.strip().startswith(f"row {row}"))
    assert column in table_line and shown_value(problems[0].value) in table_line and words in table_line
    described = isinstance(problems[0].value, Described)
    assert described == value.startswith(("text of", "as in row"))  # a described value is not quoted
    assert (repr(value) in table_line) != described


WHOLE_FILE_FAULTS = {
    "empty file": (b"", "cases.csv", "empty"),
    "blank lines only": (b"\n\n  \n", "cases.csv", "empty"),
    "header only": (",".join(HEADER).encode() + b"\n", "cases.csv", "header but no cases"),
    "unknown file type": (b"{}", "cases.json", "unknown file type"),
}


@pytest.mark.parametrize("fault", WHOLE_FILE_FAULTS, ids=list(WHOLE_FILE_FAULTS))
def test_whole_file_faults(fault, tmp_path, capsys):
    content, name, words = WHOLE_FILE_FAULTS[fault]
    path = tmp_path / name
    path.write_bytes(content)

    assert words in problems_of(path)[0].message
    code, _, err = run_cli(capsys, "validate", "--data", str(path))
    assert code == 1 and words in err and name in err


def test_missing_required_columns_are_all_named_in_one_problem(write_cases, capsys):
    header = [h for h in HEADER if h not in {"qualified", "country"}] + ["Notes of the analyst"]
    path = write_cases([case(1)], header=header)

    (problem,) = problems_of(path)

    assert (problem.row, problem.column, problem.value) == (1, None, None)
    # Contract order; the 17 contract headers named; the unknown one counted, not shown.
    assert problem.message.startswith(
        "required columns are missing: country, qualified (the header names case_id, client_id, registered_on,"
    )
    assert "and 1 other column, not shown" in problem.message and "Notes" not in problem.message
    code, _, err = run_cli(capsys, "validate", "--data", str(path))
    assert code == 1 and err.count("missing: country, qualified") == 1


def test_every_problem_of_a_file_is_listed_at_once(write_cases):
    rows = [case(1, age="200"), case(2, gender="x"), case(3), case(4, registered_on="soon")]
    problems = problems_of(write_cases(rows))
    assert [(p.row, p.column) for p in problems] == [(2, "age"), (3, "gender"), (5, "registered_on")]


def test_ragged_row_names_its_line(tmp_path):
    path = tmp_path / "cases.csv"
    text = csv_text([case(1), case(2)])
    lines = text.splitlines()
    lines[2] += ",extra,fields"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    (problem,) = problems_of(path)

    assert (problem.row, problem.value) == (3, "21 cells") and "more cells than the header's 19" in problem.message


def test_windows_1251_file_says_how_to_pass_the_encoding(write_cases, capsys):
    path = write_cases([case(1, region="Душанбе", organization="Общественная организация")], encoding="cp1251")

    (problem,) = problems_of(path)

    assert problem.row == 2
    assert "not UTF-8" in problem.message and "--encoding cp1251" in problem.message
    code, _, err = run_cli(capsys, "validate", "--data", str(path))
    assert code == 1 and "--encoding cp1251" in err
    code, out, _ = run_cli(capsys, "validate", "--data", str(path), "--encoding", "cp1251")
    assert code == 0 and "1 cases, valid" in out
    assert load_cases(path, encoding="cp1251")["region"].tolist() == ["Душанбе"]


def test_semicolon_delimited_file_with_bom_is_read(tmp_path):
    path = tmp_path / "excel-export.csv"
    rows = [case(1, key_populations="plhiv; pwud"), case(2, gender="")]
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(rows, delimiter=";").encode("utf-8"))

    cases = load_cases(path)

    assert cases["case_id"].tolist() == ["case-0001", "case-0002"]
    assert cases["key_populations:pwud"].tolist() == [True, False]


def test_semicolon_file_with_a_fault_names_the_row(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(csv_text([case(1), case(2, age="abc")], delimiter=";"), encoding="utf-8")
    assert [(p.row, p.column, p.value) for p in problems_of(path)] == [(3, "age", "text of 3 characters")]


def test_xlsx_reads_the_sheet_named_cases_wherever_it_is(tmp_path):
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Read me": ["Exported from the REAct database"]}).to_excel(
            writer, sheet_name="Notes", index=False
        )
        pd.DataFrame([case(1), case(2, age="41")]).to_excel(writer, sheet_name="Cases", index=False)

    cases = load_cases(path)

    assert cases["age"].tolist() == [30, 41]


def test_xlsx_with_the_data_on_an_unnamed_sheet_reads_the_sheet_with_the_header(tmp_path, capsys):
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Read me": ["notes"]}).to_excel(writer, sheet_name="Notes", index=False)
        pd.DataFrame([case(1)]).to_excel(writer, sheet_name="Data", index=False)

    assert load_cases(path)["case_id"].tolist() == ["case-0001"]
    code, out, _ = run_cli(capsys, "validate", "--data", str(path))
    assert code == 0 and "  sheet 'Data'\n" in out
    # Told to read the other sheet, the message names the sheets and says what it found there.
    code, _, err = run_cli(capsys, "validate", "--data", str(path), "--sheet", "notes")
    assert code == 1 and "'Notes' of 'Notes', 'Data'" in err and "holds no known column names" in err


def test_xlsx_with_real_dates_and_numbers(tmp_path):
    path = tmp_path / "typed.xlsx"
    frame = pd.DataFrame([case(1)])
    frame["registered_on"] = pd.Timestamp("2023-03-15")
    frame["age"] = 30
    frame.to_excel(path, index=False)

    cases = load_cases(path)

    assert cases["registered_on"].tolist() == [pd.Timestamp("2023-03-15")]
    assert cases["age"].tolist() == [30]


def test_parquet_with_typed_columns(tmp_path):
    path = tmp_path / "cases.parquet"
    frame = pd.DataFrame([case(1), case(2, qualified="no")])
    frame["registered_on"] = pd.to_datetime(frame["registered_on"])
    frame.to_parquet(path)

    cases = load_cases(path)

    assert cases["qualified"].tolist() == [True, False]
    assert cases["row"].tolist() == [2, 3]


def test_column_map_renames_export_headers(write_cases, tmp_path, capsys):
    renamed = {"case_id": "Case number", "key_populations": "Key groups"}
    header = [renamed.get(h, h) for h in HEADER]
    rows = [{renamed.get(k, k): v for k, v in case(1).items()}]
    path = write_cases(rows, header=header)
    column_map = tmp_path / "map.yaml"
    column_map.write_text("Case number: case_id\nKey groups: key_populations\n", encoding="utf-8")

    cases = load_cases(path, column_map={"Case number": "case_id", "Key groups": "key_populations"})

    assert cases["case_id"].tolist() == ["case-0001"]
    code, out, _ = run_cli(capsys, "validate", "--data", str(path), "--column-map", str(column_map))
    assert code == 0 and "valid" in out
    code, _, err = run_cli(capsys, "validate", "--data", str(path))
    assert code == 1 and "required columns are missing: case_id, key_populations" in err


def test_column_map_naming_a_missing_header(write_cases):
    path = write_cases([case(1)])
    problems = problems_of(path, column_map={"Case number": "case_id", "Gender": "gender"})
    assert [(p.row, p.column) for p in problems] == [(1, None)]
    assert problems[0].message == "the column map names 2 headers that row 1 lacks: 'Case number', 'Gender'"


def test_problems_in_mapped_columns_use_the_files_header(write_cases):
    header = ["Gender" if h == "gender" else h for h in HEADER]
    rows = [{("Gender" if k == "gender" else k): v for k, v in case(1, gender="femal").items()}]
    problems = problems_of(write_cases(rows, header=header), column_map={"Gender": "gender"})
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "Gender", "femal")]


# --- Codes, labels and multi-valued cells -------------------------------------------------------


def test_labels_and_codes_load_the_same(write_cases, tmp_path):
    by_code = case(
        1, key_populations="plhiv; sex_worker", gender="trans_female", report_group="sw",
        violations="extortion;eviction", perpetrators="police; sw_client",
        reaction_status="client_refused", refusal_reasons="fear_hiv_disclosure",
    )  # fmt: skip
    by_label = case(
        1, key_populations="People living with HIV; sex worker", gender="  Transgender Female ",
        report_group="Sex worker", violations="EXTORTION; Eviction",
        perpetrators="Police; Sex worker's client",
        reaction_status="Unresolved - Client did not want to resolve this case",
        refusal_reasons="The client is afraid / doesn't want to disclose HIV status",
    )  # fmt: skip
    coded = load_cases(write_cases([by_code], name="codes.csv"))
    labelled = load_cases(write_cases([by_label], name="labels.csv"))
    pd.testing.assert_frame_equal(coded, labelled)
    # Equal is not enough (a loader that dropped a column would give two equal frames): both must
    # hold the codes the cells name, worked out by hand, and no other flag.
    row = labelled.iloc[0]
    assert (row["gender"], row["report_group"], row["reaction_status"]) == ("trans_female", "sw", "client_refused")
    flagged = {column for column in labelled.columns if ":" in column and row[column]}
    assert flagged == {
        "key_populations:plhiv", "key_populations:sex_worker", "violations:extortion", "violations:eviction",
        "perpetrators:police", "perpetrators:sw_client", "services_provided:legal_primary",
        "refusal_reasons:fear_hiv_disclosure",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("plhiv;pwud", {"plhiv", "pwud"}),
        (" plhiv ;  pwud ", {"plhiv", "pwud"}),
        ("plhiv; plhiv; PLHIV", {"plhiv"}),
        ("plhiv;;pwud;", {"plhiv", "pwud"}),
        ("; migrant", {"migrant"}),
    ],
)
def test_multi_valued_cells_are_normalised(cell, expected, write_cases):
    cases = load_cases(write_cases([case(1, key_populations=cell, report_group="")]))
    columns = [c for c in cases.columns if c.startswith("key_populations:")]
    present = {c.split(":", 1)[1] for c in columns if cases[c].iat[0]}
    assert present == expected


def test_empty_optional_cells_are_not_recorded(write_cases):
    cases = load_cases(write_cases([case(1, gender="", age="", reaction_status="", violations="")]))
    assert cases["gender"].isna().all() and cases["age"].isna().all()
    assert cases["reaction_status"].isna().all()
    assert not cases.filter(like="violations:").any(axis=None)


def test_optional_columns_may_be_absent(write_cases):
    header = ["case_id", "client_id", "country", "registered_on", "qualified", "key_populations"]
    cases = load_cases(write_cases([case(1)], header=header))
    assert cases["gender"].isna().all() and len(cases) == 1


def test_description_and_extra_columns_are_dropped(write_cases):
    header = [*HEADER, "phone"]
    cases = load_cases(write_cases([case(1, phone="+992 00 000 00 00")], header=header))
    assert "description" not in cases and "phone" not in cases


def test_no_row_is_lost(sample_cases):
    from reactlib import sample_data_path

    raw = pd.read_csv(sample_data_path(), dtype=str, keep_default_na=False)
    assert len(sample_cases) == len(raw)
    assert sample_cases["case_id"].tolist() == raw["case_id"].tolist()


def test_bundled_sample_is_valid_through_the_console_script():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "reactlib"), "validate"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sample_cases.csv: ") and "cases, valid (6 countries" in result.stdout


def test_console_script_error_has_no_traceback(write_cases):
    path = write_cases([case(1, age="999")])
    result = subprocess.run(
        [str(Path(sys.executable).parent / "reactlib"), "validate", "--data", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "'999'" in result.stderr


def test_sample_command_writes_the_bundled_sample_and_large_tables(tmp_path, capsys):
    from reactlib import sample_data_path

    assert main(["sample", "--out", str(tmp_path / "sample.csv")]) == 0
    assert (tmp_path / "sample.csv").read_bytes() == sample_data_path().read_bytes()
    assert main(["sample", "--out", str(tmp_path / "big.parquet"), "--cases", "500", "--seed", "3"]) == 0
    big = load_cases(tmp_path / "big.parquet")
    assert len(big) == 500 and big["case_id"].is_unique
