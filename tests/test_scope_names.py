"""Country names in any script: report folders and renders.

Expected folder names are worked out by hand: the transliteration a reader of the script would
write, and for suffixed names the first hex digits of ``printf '%s' NAME | sha256sum``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import case
from reactlib import publish
from reactlib.batch_spec import load_batch
from reactlib.cli import main
from reactlib.periods import parse_period

REACTLIB = str(Path(sys.executable).parent / "reactlib")
EVERY_COUNTRY_BATCH = "data: cases.parquet\nscopes: [every country]\nperiods: [2023-H1]\nformats: [html]\n"


def run(*args: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run([REACTLIB, *args], capture_output=True, text=True, env=environment, check=False, timeout=600)


def write_parquet(path: Path, countries: list[str]) -> Path:
    """Two cases per country in 2023-H1; Parquet keeps every character of a name as it is."""
    rows = []
    for number, country in enumerate(countries):
        rows += [case(2 * number + 1, country=country), case(2 * number + 2, country=country, gender="male")]
    pd.DataFrame(rows).to_parquet(path, index=False)
    return path


# Folder names ------------------------------------------------------------------------------------


def test_names_in_any_script_get_their_transliteration():
    countries = ["Tajikistan", "Таджикистан", "Україна", "საქართველო", "Côte d'Ivoire", "Bosnia and Herzegovina"]
    assert publish.scope_folders(countries) == {
        "Tajikistan": "tajikistan",
        "Таджикистан": "tadzhikistan",
        "Україна": "ukraina",
        "საქართველო": "sakartvelo",
        "Côte d'Ivoire": "cote-d-ivoire",
        "Bosnia and Herzegovina": "bosnia-and-herzegovina",
        "all": "all",
    }


def test_names_that_would_share_a_folder_each_get_their_own():
    names = ["Bosnia and Herzegovina", "Bosnia-and-Herzegovina", "Côte d'Ivoire", "Cote d'Ivoire", "Georgia"]
    folders = publish.scope_folders(names)
    assert folders == {
        "Bosnia and Herzegovina": "bosnia-and-herzegovina--b0772b9c",
        "Bosnia-and-Herzegovina": "bosnia-and-herzegovina--2853b564",
        "Côte d'Ivoire": "cote-d-ivoire--95ffc51d",
        "Cote d'Ivoire": "cote-d-ivoire--c8e47018",
        "Georgia": "georgia",
        "all": "all",
    }


def test_a_country_named_all_leaves_all_to_the_regional_report():
    assert publish.scope_folders(["All", "Georgia"]) == {"All": "all--a52ace42", "Georgia": "georgia", "all": "all"}


def test_names_without_letters_or_digits_get_a_hashed_folder():
    assert publish.scope_folders(["???", "!!!", "../"]) == {
        "???": "country--a03b221c", "!!!": "country--e84c538e", "../": "country--fa08499e", "all": "all",
    }  # fmt: skip


def test_a_name_spelling_another_folder_cannot_take_it():
    # A plain folder never holds "--": a name written like a suffixed folder gets a plain one.
    names = ["Bosnia and Herzegovina", "Bosnia-and-Herzegovina", "bosnia-and-herzegovina--b0772b9c"]
    folders = publish.scope_folders(names)
    assert folders["bosnia-and-herzegovina--b0772b9c"] == "bosnia-and-herzegovina-b0772b9c"
    assert len(set(folders.values())) == len(folders)


def test_long_names_are_cut_and_still_distinct():
    stem = "Republic of " + "Very " * 20
    first, second = stem + "North", stem + "South"
    folders = publish.scope_folders([first, second])
    assert folders[first] != folders[second]
    assert all(len(folder) <= 60 + len("--") + 8 for folder in folders.values())
    assert folders[first].startswith("republic-of-very-very-")


def test_folders_are_stable_whatever_the_order_and_the_other_names():
    first = publish.scope_folders(["Україна", "Bosnia and Herzegovina", "Bosnia-and-Herzegovina"])
    again = publish.scope_folders(["Bosnia-and-Herzegovina", "Україна", "Bosnia and Herzegovina", "Moldova"])
    assert {name: again[name] for name in first} == first


def test_report_folder_of_a_path_like_name_stays_inside_out(tmp_path):
    countries = ["../", "Georgia"]
    target = publish.report_dir(tmp_path, "../", parse_period("2023-H1"), countries)
    assert target == tmp_path / "country--fa08499e" / "2023-H1"
    assert publish.report_dir(tmp_path, "Georgia", parse_period("2023"), countries) == tmp_path / "georgia" / "2023"


# Renders ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_report_of_a_cyrillic_country_shows_its_name(write_cases, tmp_path, capsys):
    data = write_cases([case(1, country="Таджикистан"), case(2, country="Таджикистан", gender="male")])
    out = tmp_path / "out"

    code = main(["report", "--data", str(data), "--scope", "таджикистан", "--period", "2023-H1",
                 "--out", str(out), "--format", "html"])  # fmt: skip

    assert code == 0, capsys.readouterr().err
    soup = BeautifulSoup((out / "tadzhikistan" / "2023-H1" / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.title.get_text().startswith("Таджикистан. 2023")
    assert soup.find("h1").get_text().startswith("Таджикистан. 2023")
    assert sorted(p.name for p in out.iterdir()) == ["tadzhikistan"]


@pytest.mark.slow
def test_batch_of_every_country_in_any_script_renders_each_where_report_would(tmp_path):
    countries = ["Таджикистан", "საქართველო", "Bosnia and Herzegovina", "Bosnia-and-Herzegovina"]
    write_parquet(tmp_path / "cases.parquet", countries)
    spec = tmp_path / "batch.yaml"
    spec.write_text(EVERY_COUNTRY_BATCH, encoding="utf-8")

    batch = run("batch", str(spec), "--out", str(tmp_path / "batch"), "--workers", "1")
    single = run("report", "--data", str(tmp_path / "cases.parquet"), "--scope", "Bosnia-and-Herzegovina",
                 "--period", "2023-H1", "--out", str(tmp_path / "single"), "--format", "html")  # fmt: skip

    assert batch.returncode == 0, batch.stdout + batch.stderr
    folders = {
        "Таджикистан": "tadzhikistan", "საქართველო": "sakartvelo",
        "Bosnia and Herzegovina": "bosnia-and-herzegovina--b0772b9c",
        "Bosnia-and-Herzegovina": "bosnia-and-herzegovina--2853b564",
    }  # fmt: skip
    out = tmp_path / "batch"
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted([*folders.values(), "logs"])
    for country, folder in folders.items():
        page = BeautifulSoup((out / folder / "2023-H1" / "report.html").read_text(encoding="utf-8"), "html.parser")
        assert page.find("h1").get_text().startswith(f"{country}. 2023")
        assert f"report: {country} 2023-H1" in (out / "logs" / f"{folder}_2023-H1.log").read_text(encoding="utf-8")
        assert f"{country} 2023-H1" in batch.stdout
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    first_column = [row.find("td").get_text() for row in index.find("tbody").find_all("tr")]
    assert sorted(first_column) == sorted(countries)

    assert single.returncode == 0, single.stderr
    assert (tmp_path / "single" / "bosnia-and-herzegovina--2853b564" / "2023-H1" / "report.html").is_file()


@pytest.mark.slow
def test_a_report_that_cannot_be_planned_fails_alone(tmp_path, monkeypatch):
    from reactlib import batch
    from reactlib.loading import load_cases

    real_report_dir = publish.report_dir

    def report_dir_failing_for_one_country(out, scope, *rest):
        if scope == "საქართველო":
            raise publish.PublishError("no folder for this one")
        return real_report_dir(out, scope, *rest)

    monkeypatch.setattr(batch, "report_dir", report_dir_failing_for_one_country)
    data = write_parquet(tmp_path / "cases.parquet", ["საქართველო", "Україна"])
    spec = tmp_path / "batch.yaml"
    spec.write_text(EVERY_COUNTRY_BATCH, encoding="utf-8")
    out = tmp_path / "out"

    result = batch.run_batch(load_batch(spec), lambda: load_cases(data), out, workers=1)

    statuses = {o.job.name: o.status for o in result.outcomes}
    assert statuses == {"საქართველო 2023-H1": "failed", "Україна 2023-H1": "rendered"}
    assert result.failed[0].message == "cannot plan the report: no folder for this one"
    assert (out / "ukraina" / "2023-H1" / "report.html").is_file()
    assert not (out / "sakartvelo").exists()
    assert "status: failed" in (out / "logs" / "sakartvelo_2023-H1.log").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    georgia_row = next(line for line in index.splitlines() if "<td>საქართველო</td>" in line)
    assert 'class="failed">failed<' in georgia_row
