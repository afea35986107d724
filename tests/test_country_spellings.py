"""Country names compared as people read them: case, Unicode forms and invisible characters aside.

Two spellings of one country are one country, with a warning naming each spelling and its rows;
a scope never picks one of several countries; a batch never calls a report rendered that another
overwrote. Expected counts are worked out with plain pandas on the rows as written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import case
from helpers.renders import batch_cli
from hypothesis import given
from hypothesis import strategies as st

from reactlib import InvalidDataError, load_cases
from reactlib.count.periods import PeriodError, resolve_scope
from reactlib.errors import ReactlibWarning
from reactlib.language.country_names import reading_key, visible_name

REACTLIB = str(Path(sys.executable).parent / "reactlib")
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00", "\u202e", "\u180e"]
BLANKS = ["\u00a0", "\u2007", "\u202f", "\u3000", "\t", " "]


def run(*args: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run([REACTLIB, *args], capture_output=True, text=True, env=environment, check=False, timeout=600)


def write_parquet(path: Path, countries: list[str]) -> Path:
    """One case per entry of ``countries`` in 2023-H1; Parquet keeps every character as written."""
    rows = [case(number, country=country) for number, country in enumerate(countries, start=1)]
    pd.DataFrame(rows).to_parquet(path, index=False)
    return path


def loaded(path: Path) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cases = load_cases(path)
    return cases, [str(w.message) for w in caught if issubclass(w.category, ReactlibWarning)]


# What reads alike --------------------------------------------------------------------------------


@given(
    name=st.sampled_from(
        ["Tajikistan", "Georgia", "Côte d'Ivoire", "Таджикистан", "საქართველო", "Bosnia and Herzegovina"]
    ),
    invisible=st.lists(st.tuples(st.integers(0, 40), st.sampled_from(INVISIBLE)), max_size=4),
    upper=st.booleans(),
    blanks=st.tuples(st.sampled_from(BLANKS), st.sampled_from(BLANKS)),
    decomposed=st.booleans(),
)
def test_a_name_reads_the_same_whatever_invisible_characters_case_blanks_and_unicode_form(
    name, invisible, upper, blanks, decomposed
):
    written = name.upper() if upper else name
    written = unicodedata.normalize("NFD", written) if decomposed else written
    for position, char in invisible:
        written = written[: position % (len(written) + 1)] + char + written[position % (len(written) + 1) :]
    written = blanks[0] + written.replace(" ", blanks[1]) + blanks[0]

    assert reading_key(written) == reading_key(name)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Georgia", "Georgien"),
        ("Côte d'Ivoire", "Cote d'Ivoire"),
        ("Moldova", "Moldava"),
        ("Tajikistan", "Таджикистан"),
    ],
)
def test_names_that_look_different_stay_different(first, second):
    assert reading_key(first) != reading_key(second)


def test_a_visible_name_keeps_the_writer_s_case_and_letters():
    assert visible_name("\ufeff GEORGIA\u00a0\u200b") == "GEORGIA"
    assert visible_name("Co\u0302te  d'Ivoire\x00") == "C\u00f4te d'Ivoire"  # composed, one space


# Loading: one name per country ------------------------------------------------------------------


def test_two_spellings_of_one_country_are_one_country_with_a_warning_naming_both(tmp_path):
    written = ["Georgia", "GEORGIA", "Georgia", "georgia\u200b", "Tajikistan", "Tajikistan\x00", "Tajikistan"]
    cases, warned = loaded(write_parquet(tmp_path / "cases.parquet", written))

    # By hand: three Georgias and a GEORGIA and a georgia with a zero-width space; three Tajikistans.
    expected = pd.Series(["Georgia"] * 4 + ["Tajikistan"] * 3, name="country").value_counts()
    pd.testing.assert_series_equal(cases["country"].astype(str).value_counts(), expected)
    assert warned == [
        "the data writes 2 countries in several ways that read alike; each is counted as one country:\n"
        "  'Georgia' (2 rows), 'GEORGIA' (1 row), 'georgia\\u200b' (1 row): counted as 'Georgia'\n"
        "  'Tajikistan' (2 rows), 'Tajikistan\\x00' (1 row): counted as 'Tajikistan'"
    ]


def test_spellings_that_are_not_names_are_described_in_the_warning_and_refused(tmp_path):
    # A client code in two spellings that read alike: merged, but never quoted, then refused.
    path = write_parquet(tmp_path / "cases.parquet", ["Georgia", "TJ-0042", "tj-0042"])
    with warnings.catch_warnings(record=True) as caught, pytest.raises(InvalidDataError) as raised:
        warnings.simplefilter("always")
        load_cases(path)
    warned = "\n".join(str(w.message) for w in caught if issubclass(w.category, ReactlibWarning))
    assert "text of 7 characters (1 row), text of 7 characters (1 row): counted as text of 7 characters" in warned
    assert "0042" not in warned and "0042" not in str(raised.value)
    assert {problem.column for problem in raised.value.problems} == {"country"}


def test_the_clean_spelling_is_chosen_even_when_fewer_rows_use_it_else_the_most_used(tmp_path):
    cases, _ = loaded(write_parquet(tmp_path / "a.parquet", ["Tajikistan\x00"] * 3 + ["TAJIKISTAN"]))
    assert set(cases["country"]) == {"TAJIKISTAN"}  # no invisible character, though one row against three
    cases, _ = loaded(write_parquet(tmp_path / "b.parquet", ["GEORGIA", "georgia", "georgia"]))
    assert set(cases["country"]) == {"georgia"}


def test_a_country_written_one_way_is_left_as_written_without_a_warning(tmp_path):
    cases, warned = loaded(write_parquet(tmp_path / "cases.parquet", ["Tajikistan\x00", "Tajikistan\x00", "Georgia"]))
    assert sorted(cases["country"].unique()) == ["Georgia", "Tajikistan\x00"]
    assert warned == []


def test_a_country_of_invisible_characters_only_is_an_empty_required_cell(tmp_path):
    path = write_parquet(tmp_path / "cases.parquet", ["Georgia", "\u200b\ufeff", "Georgia"])
    with pytest.raises(InvalidDataError) as raised:
        load_cases(path)
    [problem] = raised.value.problems
    assert (problem.row, problem.column, problem.message) == (3, "country", "is required but empty")


def test_a_table_of_many_spellings_names_ten_countries_and_counts_the_rest(tmp_path):
    names = [f"Country {letter}" for letter in "ABCDEFGHIJKL"]
    _, [warning] = loaded(write_parquet(tmp_path / "cases.parquet", names + [name.upper() for name in names]))
    lines = warning.splitlines()
    assert lines[0].startswith("the data writes 12 countries in several ways")
    assert len(lines) == 12 and lines[-1] == "  … and 2 more"


# Scopes ---------------------------------------------------------------------------------------------


def test_a_scope_finds_its_country_however_it_is_written():
    assert resolve_scope("georgia\u00a0", ["Georgia", "Moldova"]) == "Georgia"
    assert resolve_scope("\ufeffALL", ["Georgia"]) == "all"


def test_a_scope_that_reads_as_several_countries_is_refused_naming_them():
    with pytest.raises(PeriodError) as raised:
        resolve_scope("Georgia", ["GEORGIA", "georgia", "Moldova"])
    assert str(raised.value) == (
        "scope 'Georgia' reads as several countries of the data: 'GEORGIA', 'georgia'; write them alike"
    )


def test_the_figures_of_tajikistan_count_the_case_written_with_a_nul(tmp_path):
    data = write_parquet(tmp_path / "cases.parquet", ["Tajikistan", "Tajikistan\x00", "Georgia"])

    result = run("figures", "--data", str(data), "--scope", "Tajikistan", "--period", "2023-H1")
    regional = run("figures", "--data", str(data), "--scope", "all", "--period", "2023-H1")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cases"] == 2
    assert [(c["country"], c["cases"]) for c in json.loads(regional.stdout)["countries"]] == [
        ("Georgia", 1), ("Tajikistan", 2),
    ]  # fmt: skip
    assert result.stderr == (
        "reactlib: warning: the data writes 1 country in several ways that read alike; each is counted as one "
        "country:\n  'Tajikistan' (1 row), 'Tajikistan\\x00' (1 row): counted as 'Tajikistan'\n"
    )


# Batches ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_batch_of_georgia_written_in_capitals_and_not_renders_one_report_per_country(tmp_path):
    write_parquet(tmp_path / "cases.parquet", ["GEORGIA", "georgia", "georgia", "Tajikistan", "Tajikistan\x00"])
    spec = tmp_path / "batch.yaml"
    spec.write_text("data: cases.parquet\nscopes: [every country, Georgia]\nperiods: [2023-H1]\nformats: [html]\n")
    out = tmp_path / "out"

    result = batch_cli(spec, out)

    assert result.returncode == 0, result.stderr
    assert "2 rendered, 0 unchanged, 0 failed" in result.stdout
    assert "counted as 'georgia'" in result.stderr and "counted as 'Tajikistan'" in result.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["georgia", "logs", "tajikistan"]
    for folder, cases in (("georgia", 3), ("tajikistan", 2)):
        assert json.loads((out / folder / "2023-H1" / "figures.json").read_text(encoding="utf-8"))["cases"] == cases
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [row.find("a")["href"] for row in index.find("tbody").find_all("tr")]
    assert len(links) == len(set(links)) == 2


@pytest.mark.slow
def test_a_batch_never_calls_rendered_a_report_another_one_overwrote(tmp_path, monkeypatch):
    from reactlib.batch import run as batch
    from reactlib.batch.spec import load_batch
    from reactlib.render import pipeline

    real_report_dir = pipeline.report_dir

    def one_folder_for_both(out, scope, *rest):  # as names that once shared a folder did
        return real_report_dir(out, "Georgia", *rest)

    monkeypatch.setattr(pipeline, "report_dir", one_folder_for_both)
    data = write_parquet(tmp_path / "cases.parquet", ["Georgia", "Moldova"])
    spec = tmp_path / "batch.yaml"
    spec.write_text("data: cases.parquet\nscopes: [Georgia, Moldova]\nperiods: [2023-H1]\nformats: [html]\n")
    out = tmp_path / "out"

    result = batch.run_batch(load_batch(spec), lambda: load_cases(data), out, workers=1)

    assert {o.job.name: o.status for o in result.outcomes} == {
        "Georgia 2023-H1": "rendered",
        "Moldova 2023-H1": "failed",
    }
    assert result.failed[0].message == f"its folder {out / 'georgia' / '2023-H1'} is that of Georgia 2023-H1"
    assert json.loads((out / "georgia" / "2023-H1" / "figures.json").read_text(encoding="utf-8"))["scope"] == "Georgia"
