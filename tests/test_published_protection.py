"""A batch with min_cell is one protected publication: rendered, audited, refused when it is not.

One small batch over the bundled sample (two countries and the regional report, 2023-H1 and
2023, their trends over 2023-H1..2024-H2, English and Russian, HTML: `published_batch` in
conftest.py, rendered once per session) is the publication; the independent adversary
(tests/adversary.py) reads its published folders, and so does `reactlib audit`.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from adversary import Adversary, exposed, small_shown
from bs4 import BeautifulSoup
from conftest import PUBLISHED_BATCH
from helpers.batch_runs import run as fresh_command
from helpers.batch_service import run_in_service as run  # each claim here is what a command publishes or says

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def published(published_batch) -> Path:
    """The batch's folder (its ``cases.csv``, ``batch.yaml`` and ``out``): read it, never change it."""
    return published_batch


@pytest.fixture(scope="module")
def proven(published) -> tuple[Adversary, dict]:
    """The adversary that has read the published folders, and the intervals it proves judged by min_cell 5."""
    adversary = Adversary()
    adversary.read_folder(published / "out")
    return adversary, adversary.intervals(5)


def test_the_adversary_proves_nothing_from_the_published_folders(proven):
    adversary, intervals = proven
    assert intervals, "a publication of the sample with min_cell 5 suppresses counts"
    assert not small_shown(adversary.value, 5)
    assert not exposed(intervals, 5)


def test_every_printed_count_of_a_report_is_its_figures_json(published):
    # The HTML's counters and the Russian report's figures are the same cells as figures.json.
    english = json.loads((published / "out/georgia/2023-H1/en/figures.json").read_text(encoding="utf-8"))
    russian = json.loads((published / "out/georgia/2023-H1/ru/figures.json").read_text(encoding="utf-8"))
    assert [english[key] for key in ("clients", "cases", "qualified")] == [
        russian[key] for key in ("clients", "cases", "qualified")
    ]
    page = BeautifulSoup((published / "out/georgia/2023-H1/ru/report.html").read_text(encoding="utf-8"), "html.parser")
    counters = [dd.get_text(strip=True) for dd in page.select("dl.counters dd:not(.change)")]
    expected = [
        str(value) if isinstance(value, int) else "скрыто"
        for value in (russian[k] for k in ("clients", "cases", "qualified"))
    ]
    assert [text.replace("\xa0", "") for text in counters] == expected
    note = page.select_one("p.suppression-note").get_text().replace("\xa0", "")
    summary = english["disclosure_control"]
    assert "«скрыто»" in note and f"Проверка {summary['relations_checked']} соотношений" in note


def test_reactlib_audit_says_what_the_adversary_says(published, proven):
    result = run("audit", str(published / "out"))
    assert result.returncode == 0, result.stdout[-2000:]
    lines = result.stdout.splitlines()
    assert lines[-1].endswith("protection holds")
    assert "EXPOSED" not in result.stdout
    suppressed = [line for line in lines if ": suppressed, proven [" in line]
    assert len(suppressed) == len(proven[1])


@pytest.mark.parametrize("min_cell", [5, 10])
def test_the_batchs_closing_verdict_is_the_exact_audits(published, min_cell, monkeypatch):
    # A batch reads only the verdict of its audit of the published files (`exact=False`: fewer
    # linear programs): it is the exact audit's, for the min_cell the publication holds and for one
    # it fails (10: counts 5 to 9 are shown, and intervals 5 wide are too narrow).
    import reactlib.count.audit as audit
    from reactlib.batch.publication import audit_folders

    exact = audit_folders([published / "out"], min_cell)
    with monkeypatch.context() as patch:  # the verdict's own programs, not the exact audit's
        patch.setattr(audit, "audit_cells", None)
        verdict = audit_folders([published / "out"], min_cell, exact=False)
    assert verdict.summary() == exact.summary()
    assert (verdict.failures(), verdict.shown_small) == (exact.failures(), exact.shown_small)
    assert exact.summary().passed == (min_cell == 5)


def test_the_index_page_shows_the_audit(published):
    page = BeautifulSoup((published / "out/index-en.html").read_text(encoding="utf-8"), "html.parser")
    section = page.select_one("section.disclosure")
    assert section is not None and section.h2.get_text() == "Disclosure control"
    assert "narrowest range a reader can prove" in section.p.get_text()


def test_an_unchanged_rerun_renders_nothing(published, tmp_path):
    out = tmp_path / "out"  # a copy: the other tests read the batch's folder as it left it
    shutil.copytree(published / "out", out)
    # A command of its own, as a rerun always is: a pattern that varied between processes shows.
    result = fresh_command("batch", str(published / "batch.yaml"), "--out", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "0 rendered, " in result.stdout and ", 0 failed" in result.stdout


def test_audit_of_an_unprotected_publication_fails_and_names_the_counts(published, tmp_path):
    # A report published without min_cell, audited against 5: its small counts are exposed.
    shown = tmp_path / "shown"
    result = run("report", "--data", str(published / "cases.csv"), "--scope", "Georgia", "--period", "2023-H1",
                 "--format", "html", "--out", str(shown))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert run("audit", str(shown)).returncode == 1  # no min_cell to check against: said so
    audit = run("audit", str(shown), "--min-cell", "5")
    assert audit.returncode == 1
    assert "shown, below min_cell  EXPOSED" in audit.stdout and "PROTECTION FAILS" in audit.stdout.splitlines()[-1]


def test_a_batch_whose_protection_fails_writes_nothing(published, tmp_path):
    # A protection that forgets its complements (simulated in the batch's process) is caught
    # by the audit before anything renders: no report, no index page.
    out = tmp_path / "out"
    shutil.copy(published / "cases.csv", tmp_path / "cases.csv")
    (tmp_path / "batch.yaml").write_text(
        PUBLISHED_BATCH.format(languages="en, ru").replace("[Georgia, Tajikistan, all]", "[Georgia, all]"),
        encoding="utf-8",
    )
    code = (
        "import sys, reactlib.count.suppression as s\n"
        "s.protect = lambda values, relations, min_cell: frozenset(k for k, v in values.items() if 0 < v < min_cell)\n"
        "from reactlib.cli import main\n"
        f"sys.exit(main(['batch', {str(tmp_path / 'batch.yaml')!r}, '--out', {str(out)!r}, '--workers', '1']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "disclosure control does not hold" in result.stderr and "nothing was published" in result.stderr
    assert not list(out.rglob("figures.json")) and not (out / "index.html").exists()


def test_the_issues_sample_batch_in_russian_proves_nothing(sample_cases):
    # The batch of the issue: every country and all, 2023-H1, 2023-H2 and 2023, the trend
    # 2022-H1..2024-H2, min_cell 5; its figures as the Russian reports publish them.
    from reactlib.batch.publication import batch_disclosure
    from reactlib.batch.spec import load_batch
    from reactlib.count.figures import compute_figures
    from reactlib.count.trends import compute_trend

    spec = load_batch(Path(__file__).resolve().parents[1] / "params" / "sample.yaml")
    from reactlib.count.periods import parse_period

    spec = dataclasses.replace(spec, min_cell=5, periods=(*spec.periods, parse_period("2023")))
    countries = sorted(sample_cases["country"].unique())
    disclosure = batch_disclosure(spec, sample_cases, countries)
    adversary = Adversary()
    for scope in spec.expand_scopes(countries):
        for period in spec.periods:
            adversary.read(compute_figures(sample_cases, scope, period, 5, "ru", disclosure=disclosure).to_dict())
        adversary.read(compute_trend(sample_cases, scope, "2022-H1", "2024-H2", 5, "ru", disclosure).to_dict())
    intervals = adversary.intervals(5)
    assert len(intervals) == disclosure.summary.suppressed
    assert not small_shown(adversary.value, 5) and not exposed(intervals, 5)
    # The issue's examples: none recovered, none narrowed below 5.
    for scope, span, item in [
        ("Georgia", ("2023-01-01", "2023-06-30"), "perp.plhiv.police"),
        ("Georgia", ("2023-01-01", "2023-06-30"), "perp.plhiv.state_services"),
        ("Tajikistan", ("2023-07-01", "2023-12-31"), "reaction_status.no_help"),
        ("Tajikistan", ("2023-01-01", "2023-06-30"), "gender.trans_male"),
    ]:
        low, high = intervals[(scope, span, item)]
        assert high - low >= 5, (scope, item)
