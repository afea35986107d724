"""Country names in any script, and hostile ones: report folders, renders, what the terminal sees.

Expected folder names are worked out by hand: the transliteration a reader of the script would
write, and for suffixed names the first hex digits of ``printf '%s' NAME | sha256sum``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import case
from helpers.batch_runs import light_notebook
from helpers.batch_service import run_in_service

from reactlib.batch.spec import load_batch
from reactlib.cli import main
from reactlib.count.periods import PeriodError, parse_period, resolve_scope
from reactlib.render import publish

EVIL = "Evil\x1b[H\rland\x07"  # moves the cursor home, rewinds the line, rings the bell (no digit: a name has none)
EVIL_SHOWN = "Evil\\x1b[H\\rland\\x07"
EVERY_COUNTRY_BATCH = "data: cases.parquet\nscopes: [every country]\nperiods: [2023-H1]\nformats: [html]\n"


def run(*args: str) -> subprocess.CompletedProcess:
    """``reactlib *args``, run by the command service: the claims are what a command renders and says."""
    return run_in_service(*args)


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
    target = publish.report_dir(tmp_path, "../", parse_period("2023-H1").slug, countries)
    assert target == tmp_path / "country--fa08499e" / "2023-H1"
    assert (
        publish.report_dir(tmp_path, "Georgia", parse_period("2023").slug, countries) == tmp_path / "georgia" / "2023"
    )


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
    assert sorted(p.name for p in out.iterdir()) == [".reactlib.lock", "tadzhikistan"]


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
    first_column = [row.find("th").get_text() for row in index.find("tbody").find_all("tr")]
    assert sorted(first_column) == sorted(countries)

    assert single.returncode == 0, single.stderr
    assert (tmp_path / "single" / "bosnia-and-herzegovina--2853b564" / "2023-H1" / "report.html").is_file()


@pytest.mark.slow
def test_a_report_that_cannot_be_planned_fails_alone(tmp_path, monkeypatch):
    from reactlib.batch import run as batch
    from reactlib.load.cases import load_cases

    real_report_dir = publish.report_dir

    def report_dir_failing_for_one_country(out, scope, *rest):
        if scope == "საქართველო":
            raise publish.PublishError("no folder for this one")
        return real_report_dir(out, scope, *rest)

    monkeypatch.setattr("reactlib.batch.plan.report_dir", report_dir_failing_for_one_country)
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
    georgia_row = next(line for line in index.splitlines() if '<th scope="row">საქართველო</th>' in line)
    assert 'class="status failed" data-label="Status">failed<' in georgia_row


# Terminal control characters ---------------------------------------------------------------------


def test_an_unknown_scope_shows_the_data_s_names_escaped():
    with pytest.raises(PeriodError) as raised:
        resolve_scope("Atlantis", [EVIL, "Georgia"])
    message = str(raised.value)
    assert f"countries in the data: {EVIL_SHOWN}, Georgia, or 'all'" in message
    assert not any(char in message for char in "\x1b\r\x07")


def test_cli_messages_never_carry_control_characters(tmp_path):
    c1 = "Csi\x9bJland"  # an 8-bit control sequence introducer, which JSON leaves as it is
    data = write_parquet(tmp_path / "cases.parquet", [EVIL, "Georgia", c1])

    unknown = run("figures", "--data", str(data), "--scope", "Atlantis", "--period", "2023-H1")
    figures = run("figures", "--data", str(data), "--scope", EVIL, "--period", "2023-H1")
    c1_figures = run("figures", "--data", str(data), "--scope", c1, "--period", "2023-H1")

    assert unknown.returncode == 1
    assert f"countries in the data: Csi\\x9bJland, {EVIL_SHOWN}, Georgia, or 'all'" in unknown.stderr
    assert figures.returncode == 0, figures.stderr
    assert '"scope": "Evil\\u001b[H\\rland\\u0007"' in figures.stdout
    assert c1_figures.returncode == 0, c1_figures.stderr
    assert '"scope": "Csi\\u009bJland"' in c1_figures.stdout
    for output in (unknown.stdout, unknown.stderr, figures.stdout, figures.stderr, c1_figures.stdout):
        assert not any(char in output for char in "\x1b\r\x07\x9b"), output


@pytest.mark.slow
def test_batch_table_progress_and_logs_show_control_characters_escaped(tmp_path):
    write_parquet(tmp_path / "cases.parquet", [EVIL, "Georgia"])
    light_notebook(tmp_path)  # the claim is about what the batch itself prints and logs, not what a report shows
    spec = tmp_path / "batch.yaml"
    batch = EVERY_COUNTRY_BATCH.replace("[every country]", "[every country, Atlantis]") + "notebook: light.ipynb\n"
    spec.write_text(batch, encoding="utf-8")
    out = tmp_path / "out"

    result = run("batch", str(spec), "--out", str(out), "--workers", "1")

    assert result.returncode == 1  # Atlantis is not in the data
    assert f"{EVIL_SHOWN} 2023-H1  rendered" in result.stdout
    assert f"countries in the data: {EVIL_SHOWN}, Georgia, or 'all'" in result.stdout
    assert f"{EVIL_SHOWN} 2023-H1: rendered" in result.stderr  # the progress bar
    assert not any(char in result.stdout for char in "\x1b\r\x07")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "land\r" not in result.stderr  # the bar rewinds its own line with \r; a name never does
    logs = {path.name: path.read_text(encoding="utf-8") for path in (out / "logs").iterdir()}
    assert f"report: {EVIL_SHOWN} 2023-H1" in logs["evil-h-land_2023-H1.log"]
    assert f"{EVIL_SHOWN}, Georgia" in logs["atlantis_2023-H1.log"]
    assert not any(char in text for text in logs.values() for char in "\x1b\r\x07")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'<th scope="row">{EVIL_SHOWN}</th>' in index and not any(char in index for char in "\x1b\r\x07")
