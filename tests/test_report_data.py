"""Report data handed to a kernel: taken only for exactly the inputs it was computed from, once."""

from __future__ import annotations

import dataclasses
import os

import pytest
from conftest import case

from reactlib import load_cases
from reactlib.load.options import READ_PARAMETERS, ReadOptions
from reactlib.render.kinds import COUNTRY_REPORT
from reactlib.report.data import prepare_report, report_data_from_cases
from reactlib.report.handover import handover_code


@pytest.fixture
def file_and_parameters(write_cases):
    data = write_cases([case(1), case(2, registered_on="2023-08-01"), case(3, country="Georgia")])
    parameters = {"data": str(data), "column_map": "", "encoding": "", "sheet": "", "header_row": 0,
                  "date_format": "", "scope": "Tajikistan", "period": "2023-H1", "min_cell": 0, "language": "en",
                  "contact": "", "group_notes": {}}  # fmt: skip
    return data, parameters


MARK = "HANDED OVER"


def hand_over_marked(data, parameters) -> None:
    """Hand over the right report data under a title no computation gives, to see when it is taken."""
    reading = ReadOptions.from_parameters(parameters)
    others = (
        parameters[name]
        for name in COUNTRY_REPORT.arguments
        if name not in READ_PARAMETERS and name not in ("data", "column_map")
    )
    computed = report_data_from_cases(load_cases(data), parameters["data"], parameters["column_map"], reading, *others)
    marked = dataclasses.replace(computed, figures=dataclasses.replace(computed.figures, title=MARK))
    exec(handover_code(marked, parameters, COUNTRY_REPORT.arguments), {})  # as the kernel runs it


def call(parameters):
    return prepare_report(**{name: parameters[name] for name in COUNTRY_REPORT.arguments})


def test_handed_over_data_is_taken_for_the_same_inputs_and_only_once(file_and_parameters):
    data, parameters = file_and_parameters
    hand_over_marked(data, parameters)

    assert call(parameters).figures.title == MARK
    computed = call(parameters)
    assert computed.figures.title == "Tajikistan. 2023 | Half year: January–June"
    assert computed.figures.cases == 1  # case 2 is in the second half, case 3 in Georgia


@pytest.mark.parametrize(
    "change",
    [
        {"period": "2023-H2"},
        {"scope": "Georgia"},
        {"min_cell": 5},
        {"encoding": "cp1251"},
        {"language": "ru"},
        {"date_format": "YYYY-MM-DD"},
        {"header_row": 1},
    ],
)
def test_handed_over_data_is_not_taken_for_other_arguments(file_and_parameters, change):
    data, parameters = file_and_parameters
    hand_over_marked(data, parameters)

    other = call({**parameters, **change})

    assert other.figures.title != MARK
    assert (other.figures.scope, other.figures.period.name) == (
        change.get("scope", "Tajikistan"),
        change.get("period", "2023-H1"),
    )


def test_handed_over_data_is_not_taken_once_the_file_changed(file_and_parameters):
    data, parameters = file_and_parameters
    hand_over_marked(data, parameters)
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    assert call(parameters).figures.title == "Tajikistan. 2023 | Half year: January–June"


def test_a_new_hand_over_replaces_one_not_taken(file_and_parameters):
    data, parameters = file_and_parameters
    hand_over_marked(data, parameters)
    hand_over_marked(data, {**parameters, "period": "2023-H2"})

    assert call(parameters).figures.title == "Tajikistan. 2023 | Half year: January–June"
    assert call({**parameters, "period": "2023-H2"}).figures.title == MARK
