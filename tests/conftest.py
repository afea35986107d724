"""Shared builders and fixtures: small case files written the way analysts' exports look, and the
slow renders several test modules read, made once per session (`helpers.sessions`)."""

from __future__ import annotations

import csv
import io
import shutil
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
from helpers.renders import RenderedReport, batch_cli, canary_copy, render_cli
from helpers.sessions import once_per_session
from hypothesis import is_hypothesis_test

HEADER = [
    "case_id", "client_id", "country", "registered_on", "qualified", "key_populations",
    "report_group", "gender", "age", "violations", "perpetrators", "services_provided",
    "services_referred", "services_unavailable", "reaction_status", "refusal_reasons",
    "region", "organization", "description",
]  # fmt: skip


def case(number: int = 1, **values: str) -> dict[str, str]:
    """One valid case row; keyword arguments replace its cells."""
    row = {
        "case_id": f"case-{number:04d}",
        "client_id": f"client-{number:04d}",
        "country": "Tajikistan",
        "registered_on": "2023-03-15",
        "qualified": "yes",
        "key_populations": "plhiv",
        "report_group": "plhiv",
        "gender": "female",
        "age": "30",
        "violations": "discrimination",
        "perpetrators": "medical_worker",
        "services_provided": "legal_primary",
        "services_referred": "",
        "services_unavailable": "",
        "reaction_status": "in_progress",
        "refusal_reasons": "",
        "region": "Dushanbe",
        "organization": "NGO One",
        "description": "A short narrative.",
    }
    row.update(values)
    return row


def without_comparison(document: dict) -> dict:
    """A figures.json document less what it says against its previous period.

    That is ``previous`` itself and each chart item's ``change`` and ``change_interval``: the
    figures of the period alone, as a trend's series or another report's ``previous`` holds them.
    """
    document = {key: value for key, value in document.items() if key != "previous"}
    charts = [*document["charts"].values(), *(group["perpetrators"] for group in document["groups"].values())]
    for chart in charts:
        chart["items"] = [
            {key: value for key, value in item.items() if key not in ("change", "change_interval")}
            for item in chart["items"]
        ]
    return document


def csv_text(rows: Iterable[Mapping[str, str]], header: list[str] | None = None, delimiter: str = ",") -> str:
    header = header or HEADER
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delimiter, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


#: Session fixtures rendered once and read by tests of several modules: their tests run on one worker.
SHARED_RENDERS = ("published_batch",)


def _module_fixture_users(item: pytest.Item) -> bool:
    """Whether a test uses a fixture made once per module (or class): a render, a browser."""
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.values() if info is not None else ()
    return any(definition[-1].scope in ("module", "class") for definition in definitions)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Spread the tests over pytest-xdist's workers, each module's slow fixture made once.

    With ``--dist loadgroup`` (pyproject.toml), the tests of a module that use a module-scoped
    fixture (a render, a browser) are one group, run by one worker, so the fixture is made once;
    every other test goes alone to whichever worker is free, so a module of slow property tests
    keeps both workers busy. The tests of a render shared by several modules (`SHARED_RENDERS`)
    are one group too: a worker that asked for it while the other made it waited idle (9 s of a
    run). Modules with such fixtures and slow tests go first: the long groups start early, and
    the short tests fill in behind them instead of one group running alone at the end. Property
    tests (hypothesis) go with the slow tests: some take half a minute, and sent last they ran
    one after another on one worker while the other idled (86 s of a loaded run,
    `bench/suite_timeline.py`). Runs before xdist reads the groups (tryfirst).
    """
    grouped: set[str] = set()
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        shared = next((name for name in SHARED_RENDERS if name in getattr(item, "fixturenames", ())), None)
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared))
            grouped.add(module)
        elif _module_fixture_users(item):
            item.add_marker(pytest.mark.xdist_group(module))
            grouped.add(module)
    slow = {item.nodeid.split("::", 1)[0] for item in items if item.get_closest_marker("slow")}

    def rank(item: pytest.Item) -> int:
        module = item.nodeid.split("::", 1)[0]
        if module in grouped and module in slow:
            return 0
        return 1 if module in slow or is_hypothesis_test(getattr(item, "obj", None)) else 2

    items[:] = sorted(items, key=rank)  # stable: a module's tests keep their order


@pytest.fixture
def write_cases(tmp_path: Path):
    """Write rows to a CSV file and return its path."""

    def write(
        rows: Iterable[Mapping[str, str]],
        name: str = "cases.csv",
        header: list[str] | None = None,
        delimiter: str = ",",
        encoding: str = "utf-8",
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(csv_text(rows, header, delimiter).encode(encoding))
        return path

    return write


@pytest.fixture(scope="session")
def sample_cases():
    """The bundled sample, loaded and validated once."""
    from reactlib import load_cases, sample_data_path

    return load_cases(sample_data_path())


@pytest.fixture(scope="session")
def sample_publication(sample_cases):
    """The true counts and relations of the sample's publication of every country and the regional report, both halves of 2023.

    Protection takes several rounds on it at min_cell 5. Read it, never change it.
    """
    from reactlib.count.cells import PublishedCells
    from reactlib.count.figures import unsuppressed_document
    from reactlib.count.relations import publication_relations

    cells = PublishedCells()
    for scope in [*sorted(sample_cases["country"].unique()), "all"]:
        for period in ("2023-H1", "2023-H2"):
            cells.add_document(unsuppressed_document(sample_cases, scope, period))
    return cells.values, publication_relations(cells)


#: The seed factsheet's contact line and its note on the MSM and trans* section in Tajikistan,
#: copied by hand from the seed: what reactlib's default settings must give.
SEED_CONTACT = (
    "To request specific and more detailed statistics or data for advocacy purposes, "
    "please contact: kalyniuk@aph.org.ua"
)
SEED_TAJIKISTAN_NOTE = (
    "In the second half of 2021, employees of the Tiberius project joined the REAct project. "
    "They were documenting cases in the LGBTIQ community related, among other things, to "
    "self-stigmatization while contacting medical institutions. As a result, it led to limited "
    "access to medical services. Therefore, in most of these cases, violators were not identified."
)


@pytest.fixture(scope="session")
def rendered_report(tmp_path_factory: pytest.TempPathFactory) -> RenderedReport:
    """The Tajikistan 2023-H1 report with reactlib's default settings, rendered once per session.

    It is rendered from a copy of the bundled sample whose client codes, case ids and case
    descriptions carry canaries; every figure stays the same. Read it, never change it.
    """
    from reactlib import sample_data_path

    def render(root: Path) -> dict:
        data = root / "data" / "sample_copy.csv"
        canary_copy(sample_data_path(), data)
        started = time.perf_counter()
        result = render_cli(data, root / "out")
        assert result.returncode == 0, result.stderr
        return {"seconds": time.perf_counter() - started}

    root, summary = once_per_session(tmp_path_factory, "tajikistan-report", render)
    return RenderedReport(
        root / "data" / "sample_copy.csv", root / "out" / "tajikistan" / "2023-H1", summary["seconds"]
    )


#: A publication with small counts hidden (`published_batch`): country reports, the regional report
#: and their trends (every kind of page a reviewer reads), each report with its previous period,
#: in English and Russian.
PUBLISHED_BATCH = """\
data: cases.csv
scopes: [Georgia, Tajikistan, all]
periods: [2023-H1, '2023']
trends: [{{from: 2023-H1, to: 2024-H2}}]
formats: [html]
languages: [{languages}]
min_cell: 5
"""


@pytest.fixture(scope="session")
def published_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`PUBLISHED_BATCH` on a copy of the bundled sample (``cases.csv``), rendered once per session; its folder.

    Shared by xdist's workers and by the modules that read a protected publication (the
    adversary's, the reviewer's pages, the languages'): one batch rather than one each. The index
    is in a batch's first language: the batch is run in English first, then again with Russian
    first, which renders nothing again and writes the Russian index; each is kept as
    ``out/index-{language}.html``, and ``batch.yaml`` is the second. Read it, never change it.
    """
    from reactlib import sample_data_path

    def render(root: Path) -> dict:
        shutil.copy(sample_data_path(), root / "cases.csv")
        spec, out = root / "batch.yaml", root / "out"
        for languages in ("en, ru", "ru, en"):
            spec.write_text(PUBLISHED_BATCH.format(languages=languages), encoding="utf-8")
            result = batch_cli(spec, out)
            assert "disclosure control: " in result.stdout and "protection holds" in result.stdout
            shutil.copy(out / "index.html", out / f"index-{languages[:2]}.html")
        return {}

    return once_per_session(tmp_path_factory, "published-batch", render)[0]


@pytest.fixture(scope="session")
def reviewer_pages(published_batch: Path) -> Path:
    """The folder of every kind of page a reviewer reads: `published_batch`'s. Read the pages, never change them."""
    return published_batch / "out"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright, launched once per test module."""
    from playwright.sync_api import sync_playwright

    from reactlib.render.pdf import BROWSER_ARGS

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is needed (make browser)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield launched
        launched.close()


def spoil_once_planned(monkeypatch: pytest.MonkeyPatch, module: object, planner: str, data: Path) -> None:
    """Make ``module.planner`` spoil ``data`` once it has planned: bytes no loader reads, size and time kept.

    A kernel that read the file again (instead of taking the data handed to it) would then fail.
    """
    import os

    planned = getattr(module, planner)

    def plan_then_spoil(*args: object, **kwargs: object) -> object:
        report = planned(*args, **kwargs)
        stat = data.stat()
        data.write_bytes(b"\xff" * stat.st_size)
        os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        return report

    monkeypatch.setattr(module, planner, plan_then_spoil)
