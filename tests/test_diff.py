"""`reactlib diff`: what changed between two renders of a report, never a suppressed value (issue 26).

The renders here are report folders as reactlib writes them, less what a diff does not read:
figures.json computed from a small table typed in the test, and an executed notebook's record
of the render (its language and date). Expected changes are worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import case
from helpers.properties import PROPERTY_SETTINGS, case_tables
from hypothesis import given
from hypothesis import strategies as st

from reactlib import load_cases
from reactlib.cli import main
from reactlib.count.diff import SUPPRESSED, diff_figures
from reactlib.count.figures import compute_figures
from reactlib.count.periods import PeriodError
from reactlib.errors import DiffError
from reactlib.render.changes import changes_since_last_render, diff_folders, read_render


def write_render(folder: Path, document: dict, language: str = "en", date: str = "2024-06-01") -> Path:
    """A report folder: figures.json and report.ipynb's record of the render."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "figures.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    notebook = {
        "cells": [],
        "metadata": {"papermill": {"parameters": {"language": language}}, "reactlib": {"rendered_on": date}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / "report.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return folder


def genders(write_cases, female: int, male: int, name: str) -> pd.DataFrame:
    """Tajikistan, 2023-H1: ``female`` then ``male`` cases, one client each, otherwise alike."""
    rows = [case(i, gender="female") for i in range(female)]
    rows += [case(100 + i, gender="male") for i in range(male)]
    return load_cases(write_cases(rows, name=name))


def figures_of(cases: pd.DataFrame, min_cell: int | None = None, language: str = "en") -> dict:
    return json.loads(compute_figures(cases, "Tajikistan", "2023-H1", min_cell, language).to_json())


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


# Hand-worked diffs --------------------------------------------------------------------------------


def test_one_case_whose_gender_was_corrected_moves_four_figures(write_cases, tmp_path, capsys):
    # 8 cases, 5 female and 3 male; then one of the men corrected to a woman: 6 and 2 of 8.
    # Shares 62.5 % and 37.5 % become 75.0 % and 25.0 %: ±1 case, ±12.5 points. Nothing else
    # moves: the same 8 cases, clients, ages, violations, perpetrators and services.
    old = write_render(tmp_path / "old", figures_of(genders(write_cases, 5, 3, "old.csv")), date="2024-06-01")
    new = write_render(tmp_path / "new", figures_of(genders(write_cases, 6, 2, "new.csv")), date="2024-06-03")

    (pair,) = diff_folders(old, new).diffs
    diff = pair[2]
    assert [(c.path, c.old, c.new, c.change, c.note) for c in diff.changes] == [
        (("charts", "gender", "female", "count"), 5, 6, 1, None),
        (("charts", "gender", "female", "percent"), 62.5, 75.0, 12.5, None),
        (("charts", "gender", "male", "count"), 3, 2, -1, None),
        (("charts", "gender", "male", "percent"), 37.5, 25.0, -12.5, None),
    ]
    assert (diff.since, diff.rendered_on, diff.language) == (dt.date(2024, 6, 1), dt.date(2024, 6, 3), "en")

    code, out, err = run(capsys, str(old), str(new))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Tajikistan 2023-H1 (en): 4 figures changed, rendered 2024-06-01 and 2024-06-03",
        "  Gender: Female: 5 → 6 (+1)",
        "  Gender: Female (%): 62.5 % → 75.0 % (+12.5 pp)",
        "  Gender: Male: 3 → 2 (−1)",
        "  Gender: Male (%): 37.5 % → 25.0 % (−12.5 pp)",
    ]


def test_headline_counts_come_first(write_cases, tmp_path, capsys):
    # A ninth case (a new client, not qualified): clients, cases, then the group's cases lead.
    rows = [case(i) for i in range(8)]
    before = load_cases(write_cases(rows, name="old.csv"))
    after = load_cases(write_cases([*rows, case(50, qualified="no")], name="new.csv"))
    diff = diff_figures(figures_of(before), figures_of(after))
    assert [c.path for c in diff.changes[:4]] == [
        ("clients",), ("cases",), ("groups", "plhiv", "cases"), ("charts", "key_populations", "n"),
    ]  # fmt: skip
    assert [(c.old, c.new, c.change) for c in diff.changes[:3]] == [(8, 9, 1), (8, 9, 1), (8, 9, 1)]
    assert ("qualified",) not in [c.path for c in diff.changes], "8 qualified before and after"
    # The cross-tabulation's cell: discrimination by healthcare, 8 cases then 9.
    cell = next(c for c in diff.changes if c.path[0] == "crosstabs")
    assert cell.path == ("crosstabs", "violations_by_perpetrator", "discrimination", "healthcare")
    assert (cell.old, cell.new, cell.label) == (8, 9, "Stigma / discrimination × Healthcare")


def test_the_same_render_twice_changes_nothing(write_cases, tmp_path, capsys):
    document = figures_of(genders(write_cases, 5, 3, "cases.csv"))
    old, new = write_render(tmp_path / "a", document), write_render(tmp_path / "b", document)
    code, out, _ = run(capsys, str(old), str(new), "--json")
    assert code == 0
    report = json.loads(out)["reports"][0]
    assert report["changes"] == [] and (report["scope"], report["period"]) == ("Tajikistan", "2023-H1")
    code, out, _ = run(capsys, str(old), str(new))
    assert out.startswith("Tajikistan 2023-H1 (en): no figure changed")


# Suppressed counts ----------------------------------------------------------------------------------


def test_two_suppressed_counts_compare_equal_whatever_they_hide(write_cases):
    # min_cell 5: 3 men and then 2; the 5 and then 6 women are suppressed too, as their complement.
    old = figures_of(genders(write_cases, 5, 3, "old.csv"), min_cell=5)
    new = figures_of(genders(write_cases, 6, 2, "new.csv"), min_cell=5)
    gender = {item["code"]: item["count"] for item in new["charts"]["gender"]["items"]}
    assert (gender["female"], gender["male"]) == ("suppressed", "suppressed")
    assert diff_figures(old, new).changes == ()


def test_a_count_that_becomes_suppressed_is_listed_by_its_note_alone(write_cases, tmp_path, capsys):
    # 5 women and 5 men (shown, 50.0 % each), then 6 and 4 at min_cell 5: 4 is suppressed, and 6
    # as its complement. The diff says "now suppressed" and shows no number on either side: the old 5
    # beside it would tell what the count still is wherever nothing else moved.
    old = write_render(tmp_path / "old", figures_of(genders(write_cases, 5, 5, "old.csv"), min_cell=5))
    new = write_render(tmp_path / "new", figures_of(genders(write_cases, 6, 4, "new.csv"), min_cell=5))
    (pair,) = diff_folders(old, new).diffs
    gender = [c for c in pair[2].changes if c.path[:2] == ("charts", "gender")]
    assert [(c.path[2:], c.old, c.new, c.change, c.note) for c in gender] == [
        (("female", "count"), None, SUPPRESSED, None, "now suppressed"),
        (("female", "percent"), None, SUPPRESSED, None, "now suppressed"),
        (("male", "count"), None, SUPPRESSED, None, "now suppressed"),
        (("male", "percent"), None, SUPPRESSED, None, "now suppressed"),
    ]
    code, out, _ = run(capsys, str(old), str(new), "--json")
    assert code == 0
    shown = [c for c in json.loads(out)["reports"][0]["changes"] if c["figure"][:2] == ["charts", "gender"]]
    assert {(c["old"], c["new"], c["change"]) for c in shown} == {(None, SUPPRESSED, None)}
    _code, out, _ = run(capsys, str(new), str(old))  # the other way round: "no longer suppressed"
    assert "  Gender: Male: suppressed → – (no longer suppressed)" in out.splitlines()
    assert not re.search(r"\b[456]\b", "\n".join(line for line in out.splitlines() if "Gender" in line))


def test_a_render_without_suppression_passes_no_small_count_on_to_one_with_it(write_cases, tmp_path):
    # A draft rendered with min_cell 0 shows 3 men; the report rendered again with min_cell 5
    # over it hides them: its changes.json must not carry the 3 (nor the 5 women, their complement).
    draft = write_render(tmp_path / "report", figures_of(genders(write_cases, 5, 3, "cases.csv")))
    final = figures_of(genders(write_cases, 5, 3, "cases.csv"), min_cell=5)
    diff = changes_since_last_render(draft, final, "en", dt.date(2024, 6, 3))
    assert diff is not None
    values = {value for change in diff.changes for value in (change.old, change.new)}
    assert values == {None, SUPPRESSED}, "no number at all: every change is a count now suppressed"
    assert {change.path[2] for change in diff.changes if change.path[:2] == ("charts", "gender")} == {"female", "male"}


def test_a_percent_of_a_now_suppressed_n_is_never_shown_on_either_side():
    # 10 of 40 women (25.0 %) before; then n is suppressed while the 10 is still shown. The old
    # 25.0 beside the 10 would give n = 10 / 0.25 = 40 back, so the percent counts as suppressed.
    def chart(n, female, male, percents):
        items = [
            {"code": "female", "label": "Female", "count": female, "percent": percents[0]},
            {"code": "male", "label": "Male", "count": male, "percent": percents[1]},
        ]
        return {"scope": "Tajikistan", "period": "2023-H1", "charts": {"gender": {"n": n, "items": items}}}

    old = chart(40, 10, 30, (25.0, 75.0))
    new = chart(SUPPRESSED, 10, SUPPRESSED, (None, None))
    changes = [(c.path[2:], c.old, c.new, c.note) for c in diff_figures(old, new).changes]
    assert changes == [
        (("n",), None, SUPPRESSED, "now suppressed"),
        (("female", "percent"), None, SUPPRESSED, "now suppressed"),
        (("male", "count"), None, SUPPRESSED, "now suppressed"),
        (("male", "percent"), None, SUPPRESSED, "now suppressed"),
    ]
    back = [(c.path[2:], c.old, c.new) for c in diff_figures(new, old).changes]
    assert all(value in (None, SUPPRESSED) for _path, *values in back for value in values)


def with_other_marks(document: dict, mark: str) -> dict:
    """``document`` with every suppressed count written ``mark`` instead."""
    text = json.dumps(document)
    return json.loads(re.sub(r'"(<\d+|hidden)"', lambda _match: json.dumps(mark), text))


@PROPERTY_SETTINGS
@given(case_tables(), case_tables(), st.sampled_from(["2023-H1", "2023"]), st.sampled_from([3, 5]))
def test_a_diff_depends_on_a_suppressed_count_only_through_it_being_suppressed(first, second, period, min_cell):
    try:
        old = compute_figures(first, "all", period, min_cell).to_dict()
        new = compute_figures(second, "all", period, min_cell).to_dict()
    except PeriodError:
        return
    diff = diff_figures(old, new)
    # Whatever the marks say (a "<5", a "hidden", issue 20's one mark), the diff is the same...
    assert diff_figures(with_other_marks(old, "●"), with_other_marks(new, "x")) == diff
    for change in diff.changes:
        # ...and no suppressed value, nor a difference with one, nor its other side, ever shows.
        assert all(value == SUPPRESSED or not isinstance(value, str) for value in (change.old, change.new))
        if SUPPRESSED in (change.old, change.new):
            assert change.change is None and None in (change.old, change.new)


# Not the same report ----------------------------------------------------------------------------------


def test_two_scopes_or_two_languages_are_not_the_same_report(write_cases, tmp_path, capsys):
    cases = genders(write_cases, 5, 3, "cases.csv")
    english = write_render(tmp_path / "en", figures_of(cases))
    russian = write_render(tmp_path / "ru-copy", figures_of(cases, language="ru"), language="ru")
    code, out, err = run(capsys, str(english), str(russian))
    assert code == 1 and out == ""
    assert err == (
        f"reactlib: error: {english} and {russian}: they are not the same report: one is in en, the other in ru\n"
    )
    other = figures_of(cases)
    other["period"] = "2023-H2"
    code, _, err = run(capsys, str(english), str(write_render(tmp_path / "h2", other)))
    assert code == 1 and "they are not the same report: Tajikistan 2023-H1 and Tajikistan 2023-H2" in err
    assert "Traceback" not in err


def test_a_trend_a_report_and_an_output_folder_or_nothing_at_all_are_refused(write_cases, tmp_path, capsys):
    report = write_render(tmp_path / "out" / "tajikistan" / "2023-H1", figures_of(genders(write_cases, 5, 3, "c.csv")))
    trend = write_render(tmp_path / "trend", {"scope": "Tajikistan", "from": "2022", "to": "2023", "series": []})
    code, _, err = run(capsys, str(report), str(trend))
    assert code == 1 and "the second is a trend report" in err
    code, _, err = run(capsys, str(report), str(tmp_path / "out"))
    assert code == 1 and "is a report's folder and" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, str(tmp_path / "out"), str(tmp_path / "empty"))
    assert code == 1 and "holds no report" in err
    code, _, err = run(capsys, str(tmp_path / "out"), str(tmp_path / "missing"))
    assert code == 1 and "is not a folder" in err
    (report / "figures.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, str(report), str(report))
    assert code == 1 and "cannot be read as JSON" in err


# Two output folders ------------------------------------------------------------------------------------


def test_output_folders_are_matched_by_scope_period_and_language(write_cases, tmp_path, capsys):
    before, after = genders(write_cases, 5, 3, "old.csv"), genders(write_cases, 6, 2, "new.csv")
    for out, cases in (("old", before), ("new", after)):
        for language in ("en", "ru"):
            write_render(
                tmp_path / out / "tajikistan" / "2023-H1" / language, figures_of(cases, language=language), language
            )
    georgia = figures_of(after)
    georgia["scope"] = "Georgia"
    write_render(tmp_path / "new" / "georgia" / "2023-H1", georgia)  # an English report alone: no language folder
    write_render(tmp_path / "new" / "tajikistan" / "trend-2022_to_2023", {"scope": "Tajikistan", "series": []})

    code, out, _ = run(capsys, str(tmp_path / "old"), str(tmp_path / "new"), "--json")
    document = json.loads(out)
    assert code == 0
    assert [(r["scope"], r["language"], len(r["changes"])) for r in document["reports"]] == [
        ("Tajikistan", "en", 4), ("Tajikistan", "ru", 4),
    ]  # fmt: skip
    assert document["reports"][1]["changes"][0]["label"] == "Женщина", "the labels of the report's language"
    assert document["only_in_old"] == []
    assert [(r["scope"], r["period"], r["language"]) for r in document["only_in_new"]] == [("Georgia", "2023-H1", "en")]
    code, out, _ = run(capsys, str(tmp_path / "old"), str(tmp_path / "new"))
    assert out.splitlines()[-1] == f"only in {tmp_path / 'new'}: Georgia 2023-H1 (en)"


def test_a_folder_without_reactlibs_record_takes_its_language_from_its_name(write_cases, tmp_path):
    folder = write_render(tmp_path / "uk", figures_of(genders(write_cases, 1, 1, "c.csv"), language="uk"), "uk")
    (folder / "report.ipynb").unlink()
    render = read_render(folder)
    assert render is not None and render.language == "uk"
    assert render.rendered_on == dt.date.fromtimestamp((folder / "figures.json").stat().st_mtime)


# A render into a folder that holds the last one -------------------------------------------------------


def test_changes_since_the_last_render_only_when_a_figure_moved(write_cases, tmp_path):
    target = write_render(tmp_path / "report", figures_of(genders(write_cases, 5, 3, "old.csv")), date="2024-06-01")
    same = figures_of(genders(write_cases, 5, 3, "same.csv"))
    assert changes_since_last_render(target, same, "en", dt.date(2024, 6, 3)) is None
    moved = figures_of(genders(write_cases, 6, 2, "new.csv"))
    diff = changes_since_last_render(target, moved, "en", dt.date(2024, 6, 3))
    assert diff is not None and len(diff.changes) == 4 and diff.since == dt.date(2024, 6, 1)
    assert changes_since_last_render(tmp_path / "nothing-there", moved, "en", dt.date(2024, 6, 3)) is None
    with pytest.raises(DiffError):
        diff_folders(target, tmp_path / "nothing-there")
