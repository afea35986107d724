"""Tests of reactlib.sample: the bundled sample reproduces the seed factsheet, and both generators
write valid, deterministic tables in the contract's input format.

The seed's figures are counted here independently, with plain pandas and the counting rules of
contract section 4; no reactlib counting code is used. The published numbers are transcribed
as printed from the seed factsheet, whose copy in ``tests/data`` a test compares them with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from helpers.seed import read_seed
from hypothesis import given, settings
from hypothesis import strategies as st

from reactlib.contract.categories import COLUMN_VOCABULARIES
from reactlib.sample.bundled import generate_sample, write_sample
from reactlib.sample.generator import generate_cases
from reactlib.sample.location import sample_data_path

SAMPLE_CSV = sample_data_path()

EXPECTED_COLUMNS = [
    "case_id", "client_id", "country", "registered_on", "qualified", "key_populations",
    "report_group", "gender", "age", "violations", "perpetrators", "services_provided",
    "services_referred", "services_unavailable", "reaction_status", "refusal_reasons",
    "region", "organization", "description",
]  # fmt: skip
SIX_COUNTRIES = ["Tajikistan", "Kyrgyzstan", "Kazakhstan", "Moldova", "Georgia", "Ukraine"]
HALF_YEARS = ["2022-H1", "2022-H2", "2023-H1", "2023-H2", "2024-H1", "2024-H2"]
MULTI_VALUED = ["key_populations", "violations", "perpetrators", "services_provided",
                "services_referred", "services_unavailable", "refusal_reasons"]  # fmt: skip
SINGLE_VALUED = ["report_group", "gender", "reaction_status"]
REPORT_GROUP_KEY_POPULATION = {"plhiv": "plhiv", "pwid": "pwud", "sw": "sex_worker", "msm_trans": "lgbtiq"}

# --- The seed factsheet "Tajikistan. 2023 | Half year", as printed: (printed label, code, number).
SEED_COUNTRY, SEED_FIRST_DAY, SEED_LAST_DAY = "Tajikistan", "2023-01-01", "2023-06-30"
SEED_HEADLINE = [("Clients", "clients", 520), ("Cases", "cases", 522),
                 ("Qualified as human rights violations", "qualified", 480)]  # fmt: skip
SEED_KEY_POPULATIONS = [
    ("People living with HIV", "plhiv", 279),
    ("Person affected by TB", "tb", 56),
    ("Former prisoner", "former_prisoner", 71),
    ("People who use drugs", "pwud", 71),
    ("Person with HepC", "hepc", 35),
    ("Sex worker", "sex_worker", 49),
    ("LGBTIQ", "lgbtiq", 49),
    ("Client does not belong to any KPG", "no_kpg", 46),
    ("Migrant", "migrant", 38),
    ("Person, addicted to alcohol", "alcohol", 26),
    ("Sexual partner of PWID", "partner_pwid", 14),
    ("Other", "other", 25),
    ("Person with disabilities", "disability", 6),
    ("Homeless Person", "homeless", 6),
    ("Prisoner", "prisoner", 2),
    ("Client does not want to divulge KPG", "undisclosed", 3),
]
SEED_GENDER = [
    ("Female", "female", "52.2"),
    ("Male", "male", "46.8"),
    ("Transgender female", "trans_female", "0.4"),
    ("Transgender male", "trans_male", "0.4"),
    ("Gender unknown", "unknown", "0.2"),
]
SEED_AGE_GROUPS = [  # (printed label, (lowest, highest age), percent)
    ("aged 0-15", (0, 15), "0.6"),
    ("aged 16-18", (16, 18), "0.4"),
    ("aged 19-35", (19, 35), "51.5"),
    ("aged 36-55", (36, 55), "42.3"),
    ("more than 55", (56, 120), "5.2"),
]
SEED_GROUP_CASES = [
    ("Registered 265 cases, in which the victim was a person living with HIV.", "plhiv", 265),
    ("Registered 50 cases, in which a victim is a person, who injects drugs", "pwid", 50),
    ("Registered 41 cases, in which a victim is a sex worker", "sw", 41),
    ("Registered 34 cases, in which a victim is MSM and trans* people", "msm_trans", 34),
]
SEED_PERPETRATORS = {  # report group -> (printed label, perpetrator group, percent)
    "plhiv": [("Healthcare", "healthcare", "9.0"), ("Individuals", "individuals", "85.0"),
              ("State services", "state_services", "1.5"), ("Police", "police", "4.5")],
    "pwid": [("Healthcare", "healthcare", "2.0"), ("Individuals", "individuals", "64.0"),
             ("Police", "police", "34.0")],
    "sw": [("Healthcare", "healthcare", "4.6"), ("Individuals", "individuals", "57.7"),
           ("Police", "police", "37.7")],
    "msm_trans": [("Individuals", "individuals", "19.5"), ("Police", "police", "72.2"),
                  ("Healthcare", "healthcare", "8.3")],
}  # fmt: skip
SEED_REACTION_STATUS = [
    ("In Progress", "in_progress", "14.0"),
    ("Resolved positively", "resolved_positive", "66.9"),
    ("Resolved negatively", "resolved_negative", "2.1"),
    ("Not resolved, no help provided", "no_help", "1.2"),
    ("Unresolved - Client did not want to resolve this case", "client_refused", "4.3"),
    ("No resolution required", "no_resolution_required", "0.6"),
    ("Unresolved - Lost contacts with a client", "lost_contact", "0.4"),
    ("Partially resolved", "partially_resolved", "10.5"),
]
SEED_REFUSAL_REASONS = [
    ("The client worries about his life and safety", "safety", "11.3"),
    ("The client is afraid / does not trust police, due to negative experiences in the past",
     "distrust_police", "7.8"),
    ("The client experiences deep self-stigma", "self_stigma", "28.7"),
    ("The client is afraid / doesn*t want to disclose their sexual orientation or gender identity",
     "fear_sogi_disclosure", "2.6"),
    ("The client is afraid / doesn*t want to disclose HIV status", "fear_hiv_disclosure", "13.0"),
    ("The client does not want to waste time and effort, as the process is likely to be difficult",
     "not_worth_effort", "15.7"),
    ("The client does not believe in a positive case solution", "no_belief", "15.7"),
    ("Other", "other", "5.2"),
]  # fmt: skip

# The published group of every detailed perpetrator type (contract section 2), typed here so the
# test does not lean on the code under test.
PERPETRATOR_GROUP = {
    "medical_worker": "healthcare", "healthcare_facility": "healthcare",
    "police": "police", "investigator": "police", "prosecutor": "police",
    "social_services": "state_services", "education": "state_services",
    "local_authority": "state_services", "migration_service": "state_services",
    "penitentiary": "state_services", "court": "state_services",
    "family": "individuals", "partner": "individuals", "neighbour": "individuals",
    "employer": "individuals", "sw_client": "individuals", "acquaintance": "individuals",
    "community_member": "individuals", "unknown_person": "individuals",
}  # fmt: skip


# --- Independent counting helpers ---------------------------------------------------------------


def parts(cell: str) -> set[str]:
    """The distinct values of a cell: a value repeated in one cell counts once."""
    return {part.strip() for part in cell.split(";") if part.strip()}


def mentions(cells: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for cell in cells:
        for value in parts(cell):
            counts[value] = counts.get(value, 0) + 1
    return counts


def percent(count: int, n: int) -> str:
    """A published percentage: half-up to one decimal (12.25 -> 12.3)."""
    return str((Decimal(count) * 100 / Decimal(n)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def half_year(registered_on: pd.Series) -> pd.Series:
    month = registered_on.str[5:7].astype(int)
    return registered_on.str[:4] + "-H" + (1 + (month > 6)).astype(str)


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return read_csv(SAMPLE_CSV)


@pytest.fixture(scope="module", params=["bundled CSV", "seed 7"])
def seed_slice(request: pytest.FixtureRequest, bundled: pd.DataFrame) -> pd.DataFrame:
    """The seed factsheet's cases, from the bundled CSV and from another seed of the generator."""
    sample = bundled if request.param == "bundled CSV" else generate_sample(seed=7)
    in_scope = (sample["country"] == SEED_COUNTRY) & sample["registered_on"].between(SEED_FIRST_DAY, SEED_LAST_DAY)
    return sample[in_scope]


# --- The 62 numbers of the seed -----------------------------------------------------------------


def test_all_62_published_numbers_are_transcribed() -> None:
    # Compared with the copy of the seed in tests/data: a number typed wrong fails here.
    seed = read_seed()
    printed: dict[tuple[str | None, str], dict[str, str]] = {}
    for section, chart, label, value in seed.values:
        printed.setdefault((section, chart), {})[label] = value

    def shown(rows: list[tuple[str, object, str]]) -> dict[str, str]:
        return {label.replace("doesn*t", "doesn't"): f"{value} %" for label, _, value in rows}

    group_sections = {"plhiv": "People living with HIV", "pwid": "Person, who injects drugs",
                      "sw": "Sex worker", "msm_trans": "MSM and trans* people"}  # fmt: skip
    assert printed == {
        (None, "1 Key populations"): {label: str(number) for label, _, number in SEED_KEY_POPULATIONS},
        (None, "2 Gender"): shown(SEED_GENDER),
        (None, "3 Age groups"): shown(SEED_AGE_GROUPS),
        **{
            (group_sections[group], "1 Most common perpetrators"): shown(rows)
            for group, rows in SEED_PERPETRATORS.items()
        },
        ("Reaction status", "1 Reaction status"): shown(SEED_REACTION_STATUS),
        ("Reaction status", "2 Why the client did not want to solve the case"): shown(SEED_REFUSAL_REASONS),
    }
    assert seed.counters == {label: str(number) for label, _, number in SEED_HEADLINE}
    registered = [sentence for sentence in seed.sentences if sentence.startswith("Registered ")]
    assert registered == [sentence for sentence, _, _ in SEED_GROUP_CASES]
    assert [int(sentence.split()[1]) for sentence in registered] == [number for _, _, number in SEED_GROUP_CASES]
    assert len(seed.counters) + len(registered) + sum(map(len, printed.values())) == 62


def test_headline_counters(seed_slice: pd.DataFrame) -> None:
    found = {
        "clients": seed_slice["client_id"].nunique(),
        "cases": len(seed_slice),
        "qualified": int((seed_slice["qualified"] == "yes").sum()),
    }
    assert found == {code: number for _, code, number in SEED_HEADLINE}


def test_key_populations_count_distinct_clients(seed_slice: pd.DataFrame) -> None:
    clients: dict[str, set[str]] = {}
    for client, cell in zip(seed_slice["client_id"], seed_slice["key_populations"], strict=True):
        for code in parts(cell):
            clients.setdefault(code, set()).add(client)
    found = {code: len(clients.get(code, ())) for _, code, _ in SEED_KEY_POPULATIONS}
    assert found == {code: number for _, code, number in SEED_KEY_POPULATIONS}


def test_gender_percentages_over_recorded_cases(seed_slice: pd.DataFrame) -> None:
    recorded = seed_slice["gender"][seed_slice["gender"] != ""]
    assert len(recorded) == 521
    counts = recorded.value_counts()
    found = {code: percent(int(counts.get(code, 0)), len(recorded)) for _, code, _ in SEED_GENDER}
    assert found == {code: printed for _, code, printed in SEED_GENDER}


def test_age_group_percentages(seed_slice: pd.DataFrame) -> None:
    ages = pd.to_numeric(seed_slice["age"][seed_slice["age"] != ""]).astype(int)
    assert len(ages) == 522
    found = {label: percent(int(ages.between(low, high).sum()), len(ages))
             for label, (low, high), _ in SEED_AGE_GROUPS}  # fmt: skip
    assert found == {label: printed for label, _, printed in SEED_AGE_GROUPS}


def test_report_group_case_counts(seed_slice: pd.DataFrame) -> None:
    counts = seed_slice["report_group"].value_counts()
    found = {code: int(counts.get(code, 0)) for _, code, _ in SEED_GROUP_CASES}
    assert found == {code: number for _, code, number in SEED_GROUP_CASES}


@pytest.mark.parametrize("report_group", list(SEED_PERPETRATORS))
def test_perpetrator_percentages_per_group(seed_slice: pd.DataFrame, report_group: str) -> None:
    cells = seed_slice["perpetrators"][seed_slice["report_group"] == report_group]
    groups: dict[str, int] = {}
    for code, count in mentions(cells).items():
        groups[PERPETRATOR_GROUP[code]] = groups.get(PERPETRATOR_GROUP[code], 0) + count
    n = sum(groups.values())
    published = SEED_PERPETRATORS[report_group]
    assert {group: percent(groups.get(group, 0), n) for _, group, _ in published} == {
        group: printed for _, group, printed in published
    }
    # Groups the factsheet leaves out of a chart have no mentions at all.
    assert set(groups) == {group for _, group, _ in published}


def test_perpetrator_mention_totals(seed_slice: pd.DataFrame) -> None:
    totals = {group: sum(mentions(seed_slice["perpetrators"][seed_slice["report_group"] == group]).values())
              for group in SEED_PERPETRATORS}  # fmt: skip
    assert totals == {"plhiv": 266, "pwid": 50, "sw": 130, "msm_trans": 133}


def test_reaction_status_percentages_over_recorded_cases(seed_slice: pd.DataFrame) -> None:
    recorded = seed_slice["reaction_status"][seed_slice["reaction_status"] != ""]
    assert len(recorded) == 514
    counts = recorded.value_counts()
    found = {code: percent(int(counts.get(code, 0)), len(recorded)) for _, code, _ in SEED_REACTION_STATUS}
    assert found == {code: printed for _, code, printed in SEED_REACTION_STATUS}
    assert set(counts.index) == {code for _, code, _ in SEED_REACTION_STATUS}  # none passed away


def test_refusal_reason_percentages_over_mentions(seed_slice: pd.DataFrame) -> None:
    counts = mentions(seed_slice["refusal_reasons"])
    n = sum(counts.values())
    assert n == 115
    found = {code: percent(counts.get(code, 0), n) for _, code, _ in SEED_REFUSAL_REASONS}
    assert found == {code: printed for _, code, printed in SEED_REFUSAL_REASONS}


def test_refusal_reasons_are_mostly_given_by_refusing_clients(seed_slice: pd.DataFrame) -> None:
    refused = seed_slice["reaction_status"] == "client_refused"
    on_refused = sum(mentions(seed_slice["refusal_reasons"][refused]).values())
    assert on_refused > sum(mentions(seed_slice["refusal_reasons"]).values()) / 2


def test_disclosure_fears_belong_to_their_groups(seed_slice: pd.DataFrame) -> None:
    for reason, key_population in [("fear_hiv_disclosure", "plhiv"), ("fear_sogi_disclosure", "lgbtiq")]:
        giving = seed_slice[seed_slice["refusal_reasons"].map(lambda cell: reason in parts(cell))]
        assert giving["key_populations"].map(lambda cell: key_population in parts(cell)).all()


# --- Validation rules -----------------------------------------------------------------------------


def normalised(column: str, cell: str) -> list[str]:
    """Codes of a cell whose values may be codes or labels; fails on unknown values."""
    lookup = COLUMN_VOCABULARIES[column].lookup()
    values = [part.strip() for part in cell.split(";") if part.strip()]
    unknown = [value for value in values if value.lower() not in lookup]
    assert not unknown, f"{column}: unknown values {unknown} in {cell!r}"
    return [lookup[value.lower()] for value in values]


def assert_valid_cases(frame: pd.DataFrame) -> None:
    """The contract's input format and validation rules, checked row by row."""
    assert list(frame.columns) == EXPECTED_COLUMNS
    for column in EXPECTED_COLUMNS:
        assert frame[column].map(lambda value: isinstance(value, str)).all(), column
    assert frame["case_id"].is_unique and (frame["case_id"] != "").all()
    assert (frame["client_id"] != "").all() and (frame["country"] != "").all()
    assert frame["registered_on"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    days = pd.to_datetime(frame["registered_on"], format="%Y-%m-%d")
    assert days.max() <= pd.Timestamp(date.today())
    assert frame["qualified"].isin(["yes", "no"]).all()

    codes: dict[str, pd.Series] = {}
    for column in MULTI_VALUED + SINGLE_VALUED:
        cells = frame[column].drop_duplicates()
        as_codes = {cell: normalised(column, cell) for cell in cells}
        for cell, values in as_codes.items():
            assert len(values) == len(set(values)), f"{column}: repeated value in {cell!r}"
            if column in SINGLE_VALUED:
                assert len(values) <= 1, f"{column}: several values in {cell!r}"
        codes[column] = frame[column].map(lambda cell: frozenset(as_codes[cell]))

    key_populations = codes["key_populations"]
    assert key_populations.map(len).gt(0).all()
    for exclusive in ("no_kpg", "undisclosed"):
        assert not key_populations.map(lambda kps: exclusive in kps and len(kps) > 1).any()
    for group, key_population in REPORT_GROUP_KEY_POPULATION.items():
        in_group = codes["report_group"] == frozenset({group})
        assert key_populations[in_group].map(lambda kps: key_population in kps).all(), group

    recorded_age = frame["age"][frame["age"] != ""]
    assert recorded_age.str.fullmatch(r"\d{1,3}").all()
    assert recorded_age.astype(int).between(0, 120).all()
    per_client = key_populations.groupby(frame["client_id"]).nunique()
    assert (per_client == 1).all(), "a client's key populations differ between cases"


def test_bundled_sample_is_valid(bundled: pd.DataFrame) -> None:
    assert_valid_cases(bundled)


def test_benchmark_table_is_valid() -> None:
    assert_valid_cases(generate_cases(20_000))


def test_ids_follow_the_country_and_year(bundled: pd.DataFrame) -> None:
    prefixes = {"Tajikistan": "TJ", "Kyrgyzstan": "KG", "Kazakhstan": "KZ", "Moldova": "MD",
                "Georgia": "GE", "Ukraine": "UA"}  # fmt: skip
    prefix = bundled["country"].map(prefixes)
    year = bundled["registered_on"].str[:4]
    assert (bundled["case_id"].str[:2] == prefix).all()
    assert (bundled["case_id"].str[3:7] == year).all()
    assert bundled["case_id"].str.fullmatch(r"[A-Z]{2}-\d{4}-\d{5}").all()
    assert bundled["client_id"].str.fullmatch(r"[A-Z]{2}-C-\d{6}").all()
    assert (bundled["client_id"].str[:2] == prefix).all()


def is_label(column: str, cell: str) -> bool:
    values = [part.strip() for part in cell.split(";") if part.strip()]
    return all(value in COLUMN_VOCABULARIES[column].labels for value in values)


@pytest.mark.parametrize("source", ["bundled", "benchmark"])
def test_moldova_writes_labels_and_others_codes(bundled: pd.DataFrame, source: str) -> None:
    frame = bundled if source == "bundled" else generate_cases(3_000, seed=11)
    moldova = frame["country"] == "Moldova"
    assert moldova.any() and (~moldova).any()
    for column in MULTI_VALUED + SINGLE_VALUED:
        labelled = frame[column].map(lambda cell, column=column: is_label(column, cell))
        recorded = frame[column] != ""
        assert labelled[moldova].all(), column
        assert not labelled[~moldova & recorded].any(), column
    assert (frame.loc[moldova, "key_populations"].str.contains("People living with HIV")).any()


# --- Shape of the sample ------------------------------------------------------------------------


def test_every_country_has_cases_in_every_half_year(bundled: pd.DataFrame) -> None:
    counts = bundled.groupby([bundled["country"], half_year(bundled["registered_on"])]).size()
    assert sorted(bundled["country"].unique()) == sorted(SIX_COUNTRIES)
    for country in SIX_COUNTRIES:
        for half in HALF_YEARS:
            n = int(counts.get((country, half), 0))
            if (country, half) == (SEED_COUNTRY, "2023-H1"):
                assert n == 522
            else:
                assert 120 <= n <= 400, (country, half, n)


def test_sample_mixes_are_plausible(bundled: pd.DataFrame) -> None:
    key_populations = mentions(bundled.loc[bundled["country"] != "Moldova", "key_populations"])
    assert max(key_populations, key=key_populations.get) == "plhiv"
    assert (bundled["key_populations"].str.count(";") > 0).mean() > 0.15  # multi-membership
    assert bundled["client_id"].duplicated().sum() > 100  # clients with several cases
    for column in ("gender", "age", "reaction_status"):
        assert 0 < (bundled[column] == "").mean() < 0.05, column
    groups: dict[str, int] = {}
    for code, count in mentions(bundled.loc[bundled["country"] != "Moldova", "perpetrators"]).items():
        groups[PERPETRATOR_GROUP[code]] = groups.get(PERPETRATOR_GROUP[code], 0) + count
    assert groups["individuals"] + groups["police"] > 0.7 * sum(groups.values())
    assert not bundled["description"].str.contains(r"\bTJ-|\d", regex=True).any()


# --- Determinism and the bundled file -----------------------------------------------------------


def test_bundled_csv_is_write_sample_output(tmp_path: Path) -> None:
    written = write_sample(tmp_path / "nested" / "sample_cases.csv")
    assert written.read_bytes() == SAMPLE_CSV.read_bytes()
    assert not SAMPLE_CSV.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" not in SAMPLE_CSV.read_bytes()


def test_generate_sample_equals_the_bundled_csv(bundled: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(generate_sample(), bundled)


def test_sample_is_deterministic_per_seed() -> None:
    first = generate_sample(seed=5)
    pd.testing.assert_frame_equal(first, generate_sample(seed=5))
    assert not first.equals(generate_sample(seed=6))


def test_benchmark_table_is_deterministic_per_seed() -> None:
    first = generate_cases(3_000, seed=1)
    pd.testing.assert_frame_equal(first, generate_cases(3_000, seed=1))
    assert not first.equals(generate_cases(3_000, seed=2))


# --- generate_cases -----------------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(n_cases=st.integers(min_value=0, max_value=400), seed=st.integers(min_value=0, max_value=2**32))
def test_generate_cases_returns_n_rows_with_unique_ids(n_cases: int, seed: int) -> None:
    table = generate_cases(n_cases, seed=seed)
    assert len(table) == n_cases
    assert list(table.columns) == EXPECTED_COLUMNS
    assert table["case_id"].is_unique


def test_generate_cases_respects_countries_and_period() -> None:
    table = generate_cases(2_000, seed=3, countries=["Georgia", "Moldova"],
                                 start="2023-03-01", end="2023-03-31")  # fmt: skip
    assert set(table["country"]) == {"Georgia", "Moldova"}
    assert table["registered_on"].between("2023-03-01", "2023-03-31").all()
    assert table["client_id"].duplicated().any()


def test_generate_cases_keeps_ids_unique_for_countries_sharing_a_prefix() -> None:
    table = generate_cases(500, seed=4, countries=["Georgia", "Germany"])
    assert table["case_id"].is_unique
    assert table.groupby("client_id")["country"].nunique().eq(1).all()


@pytest.mark.parametrize(
    "arguments",
    [
        {"n_cases": -1},
        {"n_cases": 10, "start": "2024-02-01", "end": "2024-01-31"},
        {"n_cases": 10, "end": f"{date.today().year + 1}-01-01"},
        {"n_cases": 10, "countries": []},
        {"n_cases": 10, "countries": "Georgia"},
    ],
)
def test_generate_cases_rejects_bad_arguments(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        generate_cases(**arguments)  # type: ignore[arg-type]


def test_description_is_neutral_template_text(bundled: pd.DataFrame) -> None:
    assert bundled["description"].str.fullmatch(r"The client [a-z ,-]+\. [A-Z][a-z ,-]+\.").all()
    assert re.search(r"[A-Z][a-z]+ [A-Z][a-z]+", " ".join(bundled["description"].unique())) is None
