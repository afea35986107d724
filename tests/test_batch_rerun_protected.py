"""A min_cell batch run again: its workers and browser start only when a report is handed over.

With min_cell, only the data can say whether a report's published figures (its suppression
pattern is the whole publication's) changed, so every run loads it. A run whose reports were
all published from the same inputs starts neither workers (each starts a kernel) nor the
browser before the data shows that one needs rendering; any other run starts its workers while
the data loads, as before, so that a batch that renders is not slowed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.batch_runs import light_notebook

from reactlib import sample_data_path
from reactlib.batch import run as batch
from reactlib.batch.incremental import input_digests, report_key
from reactlib.batch.plan import plan
from reactlib.batch.spec import load_batch
from reactlib.batch.workers import WorkerPool
from reactlib.load.cases import load_cases
from reactlib.render.pdf import PrinterThread
from reactlib.render.request import FINGERPRINT_FILE

pytestmark = pytest.mark.slow

#: Two reports of the bundled sample, protected together; the claims are about when the batch
#: starts its workers and browser, not what a report shows: a light notebook (`light_notebook`).
BATCH = "scopes: [Georgia, Kazakhstan]\nperiods: [2023-H1]\nformats: [html]\nmin_cell: 5\nnotebook: light.ipynb\n"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The batch file and its first render in ``out``: copy it before changing anything."""
    root = tmp_path_factory.mktemp("published")
    (root / "batch.yaml").write_text(BATCH, encoding="utf-8")
    light_notebook(root)
    result = run(root, [])
    assert [outcome.status for outcome in result.outcomes] == ["rendered", "rendered"], result.outcomes
    return root


def run(root: Path, events: list[str]) -> batch.BatchResult:
    """Run the batch in-process; ``events`` gets "data loaded", and "workers" and "printer" as each starts."""
    spec = load_batch(root / "batch.yaml")

    def load():
        events.append("data loaded")
        return load_cases(sample_data_path())

    return batch.run_batch(spec, load, root / "out", workers=1)


@pytest.fixture
def events(monkeypatch) -> list[str]:
    """What the batch started, in order (it still starts it)."""
    seen: list[str] = []
    pool_enter, printer_init = WorkerPool.__enter__, PrinterThread.__init__

    def enter_pool(pool: WorkerPool) -> WorkerPool:
        seen.append("workers")
        return pool_enter(pool)

    def start_printer(printer: PrinterThread, browser: bool, after: Callable[[], object] | None = None) -> None:
        seen.append("printer")
        printer_init(printer, browser, after)

    monkeypatch.setattr(WorkerPool, "__enter__", enter_pool)
    monkeypatch.setattr(PrinterThread, "__init__", start_printer)
    return seen


@pytest.fixture
def copy(published: Path, tmp_path: Path) -> Path:
    shutil.copytree(published, tmp_path / "copy")
    return tmp_path / "copy"


def test_an_unchanged_rerun_starts_no_worker_and_no_printer(copy, events):
    result = run(copy, events)

    assert [outcome.status for outcome in result.outcomes] == ["unchanged", "unchanged"]
    assert events == ["data loaded"]
    assert result.audit is not None and result.audit.passed
    assert (copy / "out" / "index.html").is_file()


def test_a_report_whose_published_figures_the_data_no_longer_gives_is_rendered_once_the_data_says_so(copy, events):
    georgia = copy / "out" / "georgia" / "2023-H1"
    expected = (georgia / "figures.json").read_text(encoding="utf-8")
    # As if published from these inputs with other figures: its fingerprint says so.
    stale = expected.replace('"cases": ', '"cases": 1', 1)
    assert stale != expected
    (georgia / "figures.json").write_text(stale, encoding="utf-8")
    spec = load_batch(copy / "batch.yaml")
    countries = sorted(load_cases(sample_data_path())["country"].unique())
    [job] = [job for job in plan(spec, copy / "out", countries) if job.scope == "Georgia"]
    (georgia / FINGERPRINT_FILE).write_text(report_key(spec, input_digests(spec), job, countries, stale) + "\n")

    result = run(copy, events)

    assert {outcome.job.scope: outcome.status for outcome in result.outcomes} == {
        "Georgia": "rendered",
        "Kazakhstan": "unchanged",
    }
    assert events == ["data loaded", "workers", "printer"]
    assert (georgia / "figures.json").read_text(encoding="utf-8") == expected


def test_a_rerun_with_a_report_missing_starts_its_workers_while_the_data_loads(copy, events):
    shutil.rmtree(copy / "out" / "kazakhstan")

    result = run(copy, events)

    assert {outcome.job.scope: outcome.status for outcome in result.outcomes} == {
        "Georgia": "unchanged",
        "Kazakhstan": "rendered",
    }
    assert events == ["workers", "data loaded", "printer"]
