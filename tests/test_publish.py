"""Publishing a report replaces only what reactlib wrote: never a reviewer's notes or the case file itself."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import case
from helpers.batch_runs import light_notebook, statuses
from helpers.batch_service import run_in_service
from hypothesis import given, settings
from hypothesis import strategies as st

from reactlib.errors import PublishError
from reactlib.render.publish import check_replaceable, create_staging, publish_staging


def run(*args: str) -> subprocess.CompletedProcess:
    """``reactlib *args``, run by the command service: the claims are what a command publishes and says."""
    return run_in_service(*args)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for a folder)."""
    return {str(path.relative_to(folder)): None if path.is_dir() else path.read_bytes() for path in folder.rglob("*")}


def stage(target: Path, **files: str) -> Path:
    staging = create_staging(target)
    for name, text in files.items():
        (staging / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return staging


def earlier_report(target: Path) -> None:
    """A report as a batch published it, with a Russian report inside its folder."""
    (target / "ru").mkdir(parents=True)
    for name in ("report.html", "report.pdf", "report.ipynb", "figures.json", "figures.xlsx", ".inputs.sha256"):
        (target / name).write_text(f"earlier {name}", encoding="utf-8")
    (target / "ru" / "report.html").write_text("Russian", encoding="utf-8")


def refusal(target: Path, names: str, count: str = "1 file", it: str = "it") -> str:
    return (
        f"{target} holds {count} reactlib did not write ({names}), which rendering the report would remove; "
        f"move {it} out of the report folder, or give another --out"
    )


# What is replaced, what is kept ---------------------------------------------------------------------


def test_publishing_replaces_every_file_reactlib_wrote_and_keeps_the_other_languages(tmp_path):
    target = tmp_path / "tajikistan" / "2023-H1"
    earlier_report(target)
    (target / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # Finder's, left when a reviewer looked

    publish_staging(stage(target, report_html="new"), target)

    # The earlier PDF and fingerprint went with the earlier report: they no longer describe it.
    assert tree(target) == {
        "report.html": b"new", "ru": None, "ru/report.html": b"Russian", ".DS_Store": b"\x00\x00\x00\x01Bud1",
    }  # fmt: skip
    assert [p.name for p in target.parent.iterdir()] == ["2023-H1"]  # no staging or earlier folder left


def test_a_report_folder_holding_a_reviewer_s_notes_is_left_as_it_is(tmp_path):
    target = tmp_path / "tajikistan" / "2023-H1"
    earlier_report(target)
    (target / "reviewer-notes.txt").write_text("Check the refusal reasons with the NGO.", encoding="utf-8")
    before = tree(target)
    staging = stage(target, report_html="new")

    with pytest.raises(PublishError) as refused:
        publish_staging(staging, target)

    assert str(refused.value) == refusal(target, "reviewer-notes.txt")
    assert tree(target) == before
    assert staging.is_dir()  # the caller discards it (`finish_report` does)


@pytest.mark.parametrize(
    ("planted", "named"),
    [
        ("ru/notes.txt", "ru/notes.txt"),  # inside another language's report, which moves along
        ("drafts/figures.json", "drafts/"),  # a folder of the reviewer's
        ("ru/en/report.html", "ru/en/"),  # a language folder holds no language folder of reactlib's
        ("report.html/x", "report.html/"),  # a folder, though named like a report file
    ],
)
def test_anything_else_anywhere_in_the_folder_is_named_and_kept(tmp_path, planted, named):
    target = tmp_path / "out" / "2023-H1"
    earlier_report(target)
    if planted.startswith("report.html/"):
        (target / "report.html").unlink()
    (target / planted).parent.mkdir(parents=True, exist_ok=True)
    (target / planted).write_text("someone's", encoding="utf-8")
    before = tree(target)

    with pytest.raises(PublishError) as refused:
        publish_staging(stage(target, report_html="new"), target)

    assert str(refused.value) == refusal(target, named)
    assert tree(target) == before


def test_a_refusal_names_a_few_files_and_counts_the_rest(tmp_path):
    target = tmp_path / "2023-H1"
    target.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt", "e\x1b[2J.txt"):
        (target / name).write_text("mine", encoding="utf-8")

    with pytest.raises(PublishError) as refused:
        check_replaceable(target)

    assert str(refused.value) == refusal(target, "a.txt, b.txt, c.txt and 2 more", "5 files", "them")


def test_a_file_or_link_where_the_folder_goes_is_not_replaced(tmp_path):
    target = tmp_path / "2023-H1"
    target.write_text("someone's file", encoding="utf-8")
    (tmp_path / "2023-H2").symlink_to(tmp_path, target_is_directory=True)

    for path in (target, tmp_path / "2023-H2"):
        with pytest.raises(PublishError, match="is in the way of the report: it is a file or a link"):
            publish_staging(stage(path, report_html="new"), path)
    assert target.read_text(encoding="utf-8") == "someone's file"


def test_an_input_file_is_never_in_the_folder_even_named_like_a_report_file(tmp_path):
    target = tmp_path / "2023-H1"
    earlier_report(target)
    notebook = target / "report.ipynb"  # an analyst's notebook, started from an executed report

    with pytest.raises(PublishError) as refused:
        check_replaceable(target, inputs=[None, notebook])

    assert str(refused.value) == (
        f"the input file report.ipynb lies in the report folder {target}, which rendering the report replaces; "
        "move it out of the report folder, or give another --out"
    )
    check_replaceable(target, inputs=[tmp_path / "cases.csv"])  # beside it: fine


def test_leftovers_of_an_interrupted_render_are_reactlib_s(tmp_path):
    target = tmp_path / "2023-H1"
    earlier_report(target)
    (target / ".ru.staging-k2j3").mkdir()  # a Russian report killed while staged in this folder
    (target / ".ru.staging-k2j3" / "report.html").write_text("half", encoding="utf-8")

    publish_staging(stage(target, report_html="new"), target)

    assert sorted(tree(target)) == ["report.html", "ru", "ru/report.html"]


# No file reactlib did not write is ever removed ----------------------------------------------------

REACTLIB_NAMES = ["report.html", "report.pdf", "figures.json", ".inputs.sha256", "ru/report.html", "uk/figures.json"]
OTHER_NAMES = ["notes.txt", "cases.csv", "ru/notes.txt", "drafts/plan.md", "Report.HTML", ".DS_Store"]
#: reactlib's files at the top of the folder: the new report's replace them.
REPLACED = {"report.html", "report.pdf", "figures.json", ".inputs.sha256"}


@settings(max_examples=60, deadline=None)
@given(present=st.sets(st.sampled_from(REACTLIB_NAMES + OTHER_NAMES)))
def test_publishing_never_removes_a_file_reactlib_did_not_write(present):
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "2023-H1"
        for name in present:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_text(f"old {name}", encoding="utf-8")
        others = present - set(REACTLIB_NAMES) - {".DS_Store"}

        try:
            publish_staging(stage(target, report_html="new"), target)
        except PublishError:
            published = False
        else:
            published = True

        assert published == (not others)  # refused exactly when something not reactlib's is there
        kept = present - REPLACED if published else present
        for name in kept:
            assert (target / name).read_text(encoding="utf-8") == f"old {name}", name


# The reproductions, through the command line -------------------------------------------------------


def test_a_case_file_inside_the_report_folder_is_not_deleted(write_cases, tmp_path):
    # reactlib report --data o/tajikistan/2023-H1/cases.csv … --out o
    folder = tmp_path / "o" / "tajikistan" / "2023-H1"
    folder.mkdir(parents=True)
    data = write_cases([case(1), case(2, gender="male")], name="o/tajikistan/2023-H1/cases.csv")
    before = data.read_bytes()

    result = run("report", "--data", str(data), "--scope", "Tajikistan", "--period", "2023-H1",
                 "--out", str(tmp_path / "o"), "--format", "html")  # fmt: skip

    assert result.returncode == 1
    assert result.stderr == (
        f"reactlib: error: the input file cases.csv lies in the report folder {folder}, which rendering the report "
        "replaces; move it out of the report folder, or give another --out\n"
    )
    assert tree(tmp_path / "o") == {
        "tajikistan": None,
        "tajikistan/2023-H1": None,
        "tajikistan/2023-H1/cases.csv": before,
    }


@pytest.mark.slow
def test_a_reviewer_s_notes_survive_a_forced_batch_which_renders_the_other_reports(write_cases, tmp_path):
    write_cases([case(1), case(2, gender="male"), case(3, country="Georgia"), case(4, country="Georgia")])
    spec = tmp_path / "batch.yaml"
    light_notebook(tmp_path)  # the claim is about publishing, not what a report shows
    spec.write_text(
        "data: cases.csv\nscopes: [Tajikistan, Georgia]\nperiods: [2023-H1]\nformats: [html]\nnotebook: light.ipynb\n"
    )
    out = tmp_path / "out"
    assert run("batch", str(spec), "--out", str(out), "--workers", "1").returncode == 0
    notes = out / "tajikistan" / "2023-H1" / "reviewer-notes.txt"
    notes.write_text("Ask the NGO about case 12.", encoding="utf-8")
    before = tree(out / "tajikistan")

    forced = run("batch", str(spec), "--out", str(out), "--workers", "1", "--force")
    single = run("report", "--data", str(tmp_path / "cases.csv"), "--scope", "Tajikistan", "--period", "2023-H1",
                 "--out", str(out), "--format", "html")  # fmt: skip

    assert forced.returncode == 1
    assert statuses(forced.stdout) == {"Tajikistan 2023-H1": "failed", "Georgia 2023-H1": "rendered"}
    assert f"failed: Tajikistan 2023-H1: {refusal(out / 'tajikistan' / '2023-H1', 'reviewer-notes.txt')}" in (
        forced.stdout
    )
    assert single.returncode == 1 and "reviewer-notes.txt" in single.stderr
    assert tree(out / "tajikistan") == before  # the notes, and the report they are about
