"""The published factsheet "Tajikistan. 2023 | Half year" (the seed): its numbers typed in by hand,
and its text read line by line from the copy in tests/data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HEADLINE = {"clients": 520, "cases": 522, "qualified": 480}

KEY_POPULATION_CLIENTS = {
    "People living with HIV": 279, "Person affected by TB": 56, "Former prisoner": 71,
    "People who use drugs": 71, "Person with HepC": 35, "Sex worker": 49, "LGBTIQ": 49,
    "Client does not belong to any KPG": 46, "Migrant": 38, "Person, addicted to alcohol": 26,
    "Sexual partner of PWID": 14, "Other": 25, "Person with disabilities": 6, "Homeless Person": 6,
    "Prisoner": 2, "Client does not want to divulge KPG": 3,
}  # fmt: skip

PERCENT_CHARTS = {
    "gender": {
        "Female": 52.2, "Male": 46.8, "Transgender female": 0.4, "Transgender male": 0.4,
        "Gender unknown": 0.2,
    },
    "age_groups": {
        "aged 0-15": 0.6, "aged 16-18": 0.4, "aged 19-35": 51.5, "aged 36-55": 42.3,
        "more than 55": 5.2,
    },
    "reaction_status": {
        "In Progress": 14.0, "Resolved positively": 66.9, "Resolved negatively": 2.1,
        "Not resolved, no help provided": 1.2,
        "Unresolved - Client did not want to resolve this case": 4.3,
        "No resolution required": 0.6, "Unresolved - Lost contacts with a client": 0.4,
        "Partially resolved": 10.5,
    },
    "refusal_reasons": {
        "The client worries about his life and safety": 11.3,
        "The client is afraid / does not trust police, due to negative experiences in the past": 7.8,
        "The client experiences deep self-stigma": 28.7,
        "The client is afraid / doesn*t want to disclose their sexual orientation or gender identity": 2.6,
        "The client is afraid / doesn*t want to disclose HIV status": 13.0,
        "The client does not want to waste time and effort, as the process is likely to be difficult": 15.7,
        "The client does not believe in a positive case solution": 15.7,
        "Other": 5.2,
    },
}  # fmt: skip

GROUP_CASES = {"plhiv": 265, "pwid": 50, "sw": 41, "msm_trans": 34}

GROUP_PERPETRATORS = {
    "plhiv": {"Healthcare": 9.0, "Individuals": 85.0, "State services": 1.5, "Police": 4.5},
    "pwid": {"Healthcare": 2.0, "Individuals": 64.0, "Police": 34.0},
    "sw": {"Healthcare": 4.6, "Individuals": 57.7, "Police": 37.7},
    "msm_trans": {"Individuals": 19.5, "Police": 72.2, "Healthcare": 8.3},
}

#: The published factsheet the report reproduces (the seed), copied into tests/data: the suite needs
#: nothing outside the clone.
SEED = Path(__file__).resolve().parents[1] / "data" / "seed_factsheet_tajikistan_2023_h1.txt"
SECTION_HEADINGS = {
    "People living with HIV",
    "Person, who injects drugs",
    "Sex worker",
    "MSM and trans* people",
    "Provision of services",
    "Reaction status",
}
COUNTER = re.compile(r"(Clients|Cases|Qualified as human rights violations)(\d+)")
CHART_TITLE = re.compile(r"\d [A-Z].*")
DATA_LINE = re.compile(r"(.+), (\d+\.\d %|\d+)")


@dataclass
class Seed:
    """The seed factsheet, sorted into the kinds of line the checks treat differently."""

    title: str = ""
    contact: str = ""
    counters: dict[str, str] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)  # sections and chart titles, in order
    values: list[tuple[str | None, str, str, str]] = field(default_factory=list)  # section, chart, label, value
    sentences: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    text = text.replace("doesn*t", "doesn't")
    text = " ".join(text.split())
    return re.sub(r" ([.,])", r"\1", text)


def read_seed() -> Seed:
    if not SEED.is_file():
        pytest.fail(f"the seed factsheet {SEED} is missing: the report cannot be checked against it")
    lines = [normalise(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if re.search(r"\w", line)]
    seed = Seed(title=lines[0], contact=lines[1])
    section, chart = None, None
    for line in lines[2:]:
        if match := COUNTER.fullmatch(line):
            seed.counters[match[1]] = match[2]
        elif line in SECTION_HEADINGS:
            section, chart = line, None
            seed.headings.append(line)
        elif CHART_TITLE.fullmatch(line) and not DATA_LINE.fullmatch(line):
            chart = line
            seed.headings.append(line)
        elif (match := DATA_LINE.fullmatch(line)) and chart:
            seed.values.append((section, chart, match[1], match[2]))
        elif line != seed.contact:
            seed.sentences.append(line)
    return seed
