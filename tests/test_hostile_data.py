"""Case files that are wrong in ways a loader does not expect: no header row, a header line of
megabytes, bytes in Parquet, a folder for a file. Each gets one short, clear message that names
the file and never shows a cell of a sensitive column."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from conftest import HEADER, case, csv_text
from helpers.batch_service import run_in_service

from reactlib import InvalidDataError, load_cases
from reactlib.cli import main

CASE_ID = "CASE-SECRET-0001"
CLIENT_ID = "CLIENT-SECRET-77"
DESCRIPTION = "He said the officer STORY-SECRET took his papers"
SECRETS = (CASE_ID, CLIENT_ID, "STORY-SECRET")


def problems_of(path: Path) -> list:
    with pytest.raises(InvalidDataError) as caught:
        load_cases(path)
    return list(caught.value.problems)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def headerless(tmp_path: Path) -> Path:
    """A case file whose header row was lost: its first line is a case."""
    rows = [
        case(1, case_id=CASE_ID, client_id=CLIENT_ID, description=DESCRIPTION),
        case(2, client_id=CLIENT_ID, description=DESCRIPTION),
    ]
    path = tmp_path / "cases.csv"
    path.write_text(csv_text(rows).split("\n", 1)[1], encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith(CASE_ID)
    return path


# --- No header row ------------------------------------------------------------------------------


def test_a_file_without_header_row_is_named_once_and_shows_no_cell(headerless):
    (problem,) = problems_of(headerless)

    assert (problem.row, problem.column, problem.value) == (1, None, None)
    assert "this row, read as the header, holds no known column names" in problem.message
    assert "needs a header row" in problem.message and "case_id, client_id, country" in problem.message
    assert "19 cells, not shown" in problem.message  # the 19 cells of the case written first
    assert not any(secret in problem.message for secret in SECRETS)


@pytest.mark.parametrize("command", ["validate", "figures"])
def test_a_file_without_header_row_through_the_command(command, headerless, capsys):
    extra = ["--scope", "all", "--period", "2023"] if command == "figures" else []

    code, out, err = run_cli(capsys, command, "--data", str(headerless), *extra)

    assert code == 1 and out == ""
    assert err.startswith("cases.csv: 1 problem\n") and err.count("no known column names") == 1
    assert "Traceback" not in err and "internal error" not in err
    assert not any(secret in err for secret in SECRETS)


def test_a_file_whose_header_row_is_partly_data_shows_only_contract_names(tmp_path):
    # An export whose header row was replaced by a case, except its first column.
    rows = [case(1, case_id=CASE_ID, client_id=CLIENT_ID, description=DESCRIPTION)]
    header_line = "case_id," + csv_text(rows).split("\n")[1].split(",", 1)[1]
    path = tmp_path / "cases.csv"
    path.write_text(header_line + "\n" + csv_text([case(2)]).split("\n", 1)[1], encoding="utf-8")

    (problem,) = problems_of(path)

    assert problem.message.startswith(
        "required columns are missing: client_id, country, registered_on, qualified, key_populations "
        "(the header names case_id, and 18 other columns, not shown)"
    )
    assert not any(secret in problem.message for secret in SECRETS)


@pytest.mark.slow
def test_a_batch_on_a_file_without_header_row_stops_with_the_message(headerless, tmp_path):
    batch = tmp_path / "batch.yaml"
    batch.write_text("data: cases.csv\nscopes: [all]\nperiods: [2023]\nformats: [html]\n", encoding="utf-8")

    result = run_in_service("batch", str(batch), "--workers", "1", "--out", str(tmp_path / "out"))  # what it says

    assert result.returncode == 1
    assert "cases.csv: 1 problem" in result.stderr and result.stderr.count("no known column names") == 1
    assert "Traceback" not in result.stderr
    assert not any(secret in result.stderr + result.stdout for secret in SECRETS)


# --- Lines and cells of megabytes ---------------------------------------------------------------


def test_a_header_line_of_megabytes_gives_a_short_message(tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_text("x" * 5_000_000 + "\n" + "1\n", encoding="utf-8")

    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    assert code == 1 and "cases.csv" in err and "row 1" in err and "holds a cell longer than 131,072 characters" in err
    assert len(err) < 1000


def test_a_header_of_many_columns_gives_a_short_message(tmp_path, capsys):
    path = tmp_path / "cases.csv"
    columns = [f"column {i}" for i in range(5000)]
    path.write_text(",".join(columns) + "\n" + ",".join("1" for _ in columns) + "\n", encoding="utf-8")

    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    assert code == 1 and "the header row has 5,000 columns; a case file has at most 1,000" in err
    assert "column 1" not in err and len(err) < 1000


def test_a_header_padded_to_megabytes_is_refused_short(tmp_path, capsys):
    padded = " " * 1_000_000 + "Gender"  # a header cell far longer than a spreadsheet's cell
    header = [padded if h == "gender" else h for h in HEADER]
    rows = [{(padded if k == "gender" else k): v for k, v in case(1, gender="x").items()}]
    path = tmp_path / "cases.csv"
    path.write_text(csv_text(rows, header=header), encoding="utf-8")

    (problem,) = problems_of(path)
    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    assert (problem.row, problem.column, problem.value) == (1, None, None)
    assert code == 1 and "holds a cell longer than 131,072 characters" in err and len(err) < 1000


def test_a_coded_cell_of_many_unknown_codes_is_one_short_line(write_cases, capsys):
    cell = ";".join(f"code{i}" for i in range(3_000))
    path = write_cases([case(1, violations=cell)])

    (problem,) = problems_of(path)

    assert (problem.row, problem.column, problem.value) == (2, "violations", "text of 5 characters")
    assert problem.message.startswith("unknown violations code (known: refusal_of_services,")
    code, _, err = run_cli(capsys, "validate", "--data", str(path))
    assert code == 1 and len(err) < 1000 and "code0" not in err


def test_a_cell_longer_than_a_spreadsheets_is_described(write_cases, capsys):
    path = write_cases([case(1), case(2, violations=";".join(f"code{i}" for i in range(10_000)))])

    (problem,) = problems_of(path)

    assert (problem.row, problem.column, problem.value) == (3, "violations", "text of 88,889 characters")
    assert "longer than 32,767 characters" in problem.message


# --- Parquet cells that are not text ------------------------------------------------------------


def write_parquet(tmp_path: Path, **columns: list) -> Path:
    frame = pd.DataFrame([case(1), case(2), case(3)])
    for name, values in columns.items():
        frame[name] = values
    path = tmp_path / "cases.parquet"
    frame.to_parquet(path, index=False)
    return path


def test_parquet_text_stored_as_utf8_bytes_is_read_as_text(tmp_path):
    path = write_parquet(tmp_path, country=[b"Tajikistan", "Україна".encode(), b"Moldova"])
    assert load_cases(path)["country"].tolist() == ["Tajikistan", "Україна", "Moldova"]


def test_parquet_bytes_that_are_not_text_name_file_column_and_row(tmp_path, capsys):
    path = write_parquet(tmp_path, country=[b"Tajikistan", b"\x00\xff", b"\xfe"])

    (problem,) = problems_of(path)

    # Rows 3 and 4 as a spreadsheet would number them (the first case is row 2).
    assert (problem.row, problem.column, problem.value) == (3, "country", None)
    assert problem.message == "holds bytes that are not UTF-8 text (and 1 more row); store the column as text (string)"
    code, _, err = run_cli(capsys, "validate", "--data", str(path))
    assert code == 1 and err.startswith("cases.parquet: 1 problem") and "internal error" not in err


def test_parquet_bytes_in_a_private_column_show_no_value(tmp_path):
    path = write_parquet(tmp_path, client_id=[b"\xffCLIENT-SECRET-77", b"a", b"b"])

    (problem,) = problems_of(path)

    assert (problem.row, problem.column, problem.value) == (2, "client_id", None)
    assert CLIENT_ID not in problem.describe("cases.parquet")


def test_parquet_lists_name_the_column(tmp_path):
    path = write_parquet(tmp_path, violations=[["extortion"], ["eviction"], []])
    (problem,) = problems_of(path)
    assert (problem.row, problem.column) == (2, "violations") and "a list or record" in problem.message


def test_parquet_bytes_outside_the_contract_are_dropped_like_any_extra_column(tmp_path):
    path = write_parquet(tmp_path, scanned_form=[b"\x89PNG\xff", b"\x00", b"\xff"])
    assert len(load_cases(path)) == 3


# --- Paths that are not readable files ----------------------------------------------------------


@pytest.mark.parametrize("name", ["x.csv", "x.xlsx", "x.parquet"])
def test_a_folder_named_like_a_case_file(name, tmp_path, capsys):
    (tmp_path / name).mkdir()

    code, out, err = run_cli(capsys, "validate", "--data", str(tmp_path / name))

    assert code == 1 and out == ""
    assert " ".join(err.split()) == f"{name}: 1 problem file is a folder, not a file; pass the case file itself"


def test_a_pipe_named_like_a_case_file_is_not_read(tmp_path, capsys):
    os.mkfifo(tmp_path / "cases.csv")  # reading it would wait for a writer forever

    code, _, err = run_cli(capsys, "validate", "--data", str(tmp_path / "cases.csv"))

    assert code == 1 and " ".join(err.split()) == "cases.csv: 1 problem file is not a regular file"


def test_a_missing_file(tmp_path, capsys):
    code, _, err = run_cli(capsys, "validate", "--data", str(tmp_path / "cases.csv"))
    assert code == 1 and " ".join(err.split()) == "cases.csv: 1 problem file no such file"


def test_a_file_that_cannot_be_read(write_cases, monkeypatch, capsys):
    path = write_cases([case(1)])

    def refuse(self: Path, *_: object, **__: object) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    code, _, err = run_cli(capsys, "validate", "--data", str(path))

    assert code == 1 and "cases.csv" in err and "cannot be read (Permission denied)" in err
