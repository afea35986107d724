"""A batch rendered again after a case was corrected: changes.json, the page's section, the index's mark.

Georgia's and Moldova's 2023-H1 reports, in English and Russian, are rendered; one Georgian
case's gender is corrected in the data; the batch runs again. Every report is rendered again
(the data changed), but only Georgia's figures moved: only its reports get changes.json and a
"changed since the last render" section, only its row on the index page is marked, and
`reactlib diff` of the two output folders lists the same changes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from helpers.batch_runs import batch_file, run, statuses
from helpers.batch_service import EPOCH, run_in_service
from helpers.sessions import once_per_session

pytestmark = pytest.mark.slow

FIRST, SECOND = EPOCH, "1700172800"  # 14 and 16 November 2023


@pytest.fixture(scope="module")
def rerendered(tmp_path_factory) -> dict:
    """The two batches, rendered once per session and shared by pytest-xdist's workers: read them, never change them."""
    from reactlib import sample_data_path

    def render(workspace: Path) -> dict:
        data = workspace / "cases.csv"
        shutil.copy(sample_data_path(), data)
        spec = batch_file(workspace, scopes="[Georgia, Moldova]", languages="[en, ru]", countries="{}")
        out = workspace / "out"
        # One worker each: the claim is about what a render again publishes, not about the workers.
        # The first by the command service, whose render date is FIRST; the second a command of its
        # own, as its date is not: the workers' kernels read it from the service's environment.
        first = run_in_service("batch", str(spec), "--out", str(out), "--workers", "1")
        assert first.returncode == 0, first.stderr
        shutil.copytree(out, workspace / "old")

        cases = pd.read_csv(data, dtype=str, keep_default_na=False)
        georgia = cases[(cases["country"] == "Georgia") & cases["registered_on"].between("2023-01-01", "2023-06-30")]
        corrected = georgia.index[georgia["gender"] == "female"][0]
        before = georgia["gender"].value_counts()
        cases.loc[corrected, "gender"] = "male"
        cases.to_csv(data, index=False)
        after = cases.loc[georgia.index, "gender"].value_counts()

        second = run("batch", str(spec), "--out", str(out), "--workers", "1", env={"SOURCE_DATE_EPOCH": SECOND})
        assert second.returncode == 0, second.stderr
        return {
            "second": {"returncode": second.returncode, "stdout": second.stdout, "stderr": second.stderr},
            "before": {gender: int(count) for gender, count in before.items()},
            "after": {gender: int(count) for gender, count in after.items()},
        }

    workspace, made = once_per_session(tmp_path_factory, "batch-rerendered", render)
    second = subprocess.CompletedProcess(args=[], **made["second"])
    return {"out": workspace / "out", "old": workspace / "old", "second": second,
            "before": made["before"], "after": made["after"]}  # fmt: skip


def folders(out: Path) -> dict[tuple[str, str], Path]:
    return {
        (scope, language): out / scope / "2023-H1" / language
        for scope in ("georgia", "moldova")
        for language in ("en", "ru")
    }


def test_every_report_is_rendered_again_and_only_georgias_have_changes(rerendered):
    assert set(statuses(rerendered["second"].stdout).values()) == {"rendered"}
    written = {key: (folder / "changes.json").is_file() for key, folder in folders(rerendered["out"]).items()}
    assert written == {
        ("georgia", "en"): True,
        ("georgia", "ru"): True,
        ("moldova", "en"): False,
        ("moldova", "ru"): False,
    }


def test_changes_json_holds_the_corrected_counts(rerendered):
    changes = json.loads((rerendered["out"] / "georgia" / "2023-H1" / "en" / "changes.json").read_text("utf-8"))
    assert (changes["scope"], changes["period"], changes["language"]) == ("Georgia", "2023-H1", "en")
    assert (changes["since"], changes["rendered_on"]) == ("2023-11-14", "2023-11-16")
    counts = {change["figure"][2]: (change["old"], change["new"], change["change"])
              for change in changes["changes"] if change["figure"][-1] == "count"}  # fmt: skip
    before, after = rerendered["before"], rerendered["after"]
    # One woman fewer, one man more, counted with pandas; no other count of the report moved.
    assert counts == {
        "female": (int(before["female"]), int(after["female"]), -1),
        "male": (int(before.get("male", 0)), int(after["male"]), 1),
    }
    assert {tuple(change["figure"][:2]) for change in changes["changes"]} == {("charts", "gender")}


def test_reactlib_diff_of_the_two_output_folders_lists_the_same_changes(rerendered):
    result = run_in_service("diff", str(rerendered["old"]), str(rerendered["out"]), "--json")
    assert result.returncode == 0, result.stderr
    listed = {(r["scope"], r["language"]): r["changes"] for r in json.loads(result.stdout)["reports"]}
    for (scope, language), folder in folders(rerendered["out"]).items():
        written = folder / "changes.json"
        expected = json.loads(written.read_text("utf-8"))["changes"] if written.is_file() else []
        assert listed[(scope.capitalize(), language)] == expected, (scope, language)


def section(folder: Path) -> BeautifulSoup | None:
    page = BeautifulSoup((folder / "report.html").read_text("utf-8"), "html.parser")
    return page.select_one("section.changes")


def test_the_page_shows_the_changes_only_where_they_are_in_its_language(rerendered):
    reports = folders(rerendered["out"])
    english, russian = section(reports[("georgia", "en")]), section(reports[("georgia", "ru")])
    assert english is not None and russian is not None
    assert english.select_one(".changes-heading").get_text() == "Changed since the last render on 14 November 2023"
    assert (
        russian.select_one(".changes-heading").get_text()
        == "Изменилось с прошлой версии отчета от 14 ноября 2023\u202fг."
    )
    rows = [[cell.get_text() for cell in tr.find_all(["th", "td"])] for tr in english.tbody.find_all("tr")]
    before, after = rerendered["before"], rerendered["after"]
    assert rows[0] == ["Gender: Female", str(before["female"]), str(after["female"]), "−1"]
    assert russian.tbody.tr.th.get_text() == "Гендер: Женщина"
    assert section(reports[("moldova", "en")]) is None and section(reports[("moldova", "ru")]) is None
    # Ahead of the charts, right after the headline counters.
    assert english.find_previous("dl")["class"] == ["counters"]


def test_the_index_page_marks_georgia_and_links_its_changes(rerendered):
    index = BeautifulSoup((rerendered["out"] / "index.html").read_text("utf-8"), "html.parser")
    rows = {tr.th.contents[0].strip(): tr for tr in index.select("table")[0].tbody.find_all("tr")}
    mark = rows["Georgia"].select_one("th span.changed")
    assert mark is not None and mark.get_text().startswith(
        "changed since the render of 14 November 2023: what changed:"
    )
    assert [a["href"] for a in mark.find_all("a")] == [
        "georgia/2023-H1/en/changes.json",
        "georgia/2023-H1/ru/changes.json",
    ]
    assert [a.get_text() for a in mark.find_all("a")] == ["English", "Русский"]
    assert rows["Moldova"].select_one("span.changed") is None


def test_a_batch_with_nothing_to_do_keeps_the_marks_of_the_reports_it_keeps(rerendered, tmp_path):
    # Into a copy of the output folder (the same batch file and data: a report's fingerprint holds the
    # data file's path): the other tests read the fixture's folder as the second batch left it.
    out = tmp_path / "out"
    shutil.copytree(rerendered["out"], out)
    third = run_in_service("batch", str(rerendered["out"].parent / "batch.yaml"), "--out", str(out))
    assert set(statuses(third.stdout).values()) == {"unchanged"}
    index = (out / "index.html").read_text("utf-8")
    assert index.count('class="changed"') == 1 and "georgia/2023-H1/en/changes.json" in index


def test_rendering_again_with_nothing_moved_replaces_the_last_changes(rerendered, tmp_path):
    # On a copy: the other tests read the fixture's folder as the second batch left it.
    workspace = tmp_path / "again"
    shutil.copytree(rerendered["out"].parent, workspace, ignore=shutil.ignore_patterns("old"))
    # Georgia's reports alone, which hold the last changes: Moldova's have none to replace.
    georgia = [folder for (scope, _), folder in folders(workspace / "out").items() if scope == "georgia"]
    assert all((folder / "changes.json").is_file() for folder in georgia)
    spec = batch_file(workspace, scopes="[Georgia]", languages="[en, ru]", countries="{}")
    again = run_in_service("batch", str(spec), "--out", str(workspace / "out"), "--workers", "1", "--force")
    assert again.returncode == 0, again.stderr
    assert set(statuses(again.stdout).values()) == {"rendered"}
    # changes.json is reactlib's own file: a render in which nothing moved removes the last one.
    assert not any((folder / "changes.json").exists() for folder in folders(workspace / "out").values())
    assert 'class="changed"' not in (workspace / "out" / "index.html").read_text("utf-8")
