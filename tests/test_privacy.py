"""Client codes, case ids and free text never reach the command's output, even in errors."""

from __future__ import annotations

import pytest
from conftest import case

from reactlib.cli import main

CLIENT_CANARY = "CANARY-CLIENT-7f3a"
CASE_CANARY = "CANARY-CASE-91bc"
TEXT_CANARY = "CANARY-TEXT-d41e"
CANARIES = (CLIENT_CANARY, CASE_CANARY, TEXT_CANARY)


def canary_rows(**fault: str) -> list[dict[str, str]]:
    rows = [
        case(1, client_id=CLIENT_CANARY, case_id=CASE_CANARY, description=f"He said {TEXT_CANARY}."),
        case(2, client_id=CLIENT_CANARY, description=TEXT_CANARY),
    ]
    rows[1].update(fault)
    return rows


FAULTS = {
    "valid": {},
    "duplicate case id": {"case_id": CASE_CANARY},
    "bad age": {"age": "x"},
    "unknown code": {"gender": "femal"},
    "future date": {"registered_on": "2999-01-01"},
    "conflicting groups": {"key_populations": "no_kpg; plhiv"},
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
@pytest.mark.parametrize("command", ["validate", "figures"])
def test_no_canary_in_any_output(fault, command, write_cases, capsys):
    path = write_cases(canary_rows(**FAULTS[fault]))
    args = [command, "--data", str(path)]
    if command == "figures":
        args += ["--scope", "all", "--period", "2023"]

    code = main(args)
    captured = capsys.readouterr()

    assert code == (0 if fault == "valid" else 1)
    for canary in CANARIES:
        assert canary not in captured.out and canary not in captured.err


def test_text_in_a_coded_column_is_described_never_shown(write_cases, capsys):
    long_text = "The client said that the officer " + TEXT_CANARY + " at the station"
    code = main(["validate", "--data", str(write_cases([case(1, violations=long_text)]))])
    captured = capsys.readouterr()
    # The problem is reported (so there was a message that could have leaked the text) ...
    assert code == 1
    line = next(line for line in captured.err.splitlines() if line.strip().startswith("row 2"))
    assert "violations" in line and f"text of {len(long_text)} characters" in line
    # ... and none of it is shown.
    assert "client said" not in captured.err and TEXT_CANARY not in captured.err + captured.out
