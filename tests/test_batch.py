"""`reactlib batch`: failure isolation, incremental runs, interrupts, identity with single reports,
the index page, and the batch file's checks."""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from helpers.batch_runs import (
    NOTE,
    REPORT_FILES,
    REPORTACT,
    batch_file,
    broken_scope_batch,
    light_batch_file,
    processes_with_environment,
    run,
    statuses,
)
from helpers.batch_service import run_in_service

from reactlib.batch.spec import load_batch
from reactlib.load.settings_file import SettingsError

pytestmark = pytest.mark.slow


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder with a copy of the sample data, as an analyst's project would have."""
    from reactlib import sample_data_path

    shutil.copy(sample_data_path(), tmp_path / "cases.csv")
    return tmp_path


@pytest.fixture(scope="module")
def broken_batch(tmp_path_factory):
    """Georgia and Moldova, and a scope the data lacks, rendered once per session (`broken_scope_batch`).

    Shared by test modules and pytest-xdist's workers: read it, never change it.
    """
    workspace, result = broken_scope_batch(tmp_path_factory)
    return workspace / "batch.yaml", workspace / "out", result


def test_a_broken_scope_fails_alone(broken_batch):
    _, out, result = broken_batch

    assert result.returncode == 1
    assert statuses(result.stdout) == {
        "Georgia 2023-H1": "rendered", "Atlantis 2023-H1": "failed", "Moldova 2023-H1": "rendered",
    }  # fmt: skip
    assert "failed: Atlantis 2023-H1: scope 'Atlantis' is not in the data" in result.stdout
    assert "Traceback" not in result.stderr
    for country in ("georgia", "moldova"):
        assert REPORT_FILES <= {p.name for p in (out / country / "2023-H1").iterdir()}
    assert not (out / "atlantis").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    atlantis_row = next(line for line in index.splitlines() if '<th scope="row">Atlantis</th>' in line)
    assert 'class="status failed" data-label="Status">failed<' in atlantis_row
    assert "failed" in (out / "logs" / "atlantis_2023-H1.log").read_text(encoding="utf-8")


def test_an_unchanged_rerun_renders_nothing(broken_batch, tmp_path):
    spec, rendered, _ = broken_batch
    out = tmp_path / "out"  # a copy, times kept: the other tests read the batch's folder as it left it
    shutil.copytree(rendered, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("report.*")}

    result = run_in_service("batch", str(spec), "--out", str(out))

    assert statuses(result.stdout) == {
        "Georgia 2023-H1": "unchanged", "Atlantis 2023-H1": "failed", "Moldova 2023-H1": "unchanged",
    }  # fmt: skip
    assert {p: p.stat().st_mtime_ns for p in out.rglob("report.*")} == before


def test_a_report_that_fails_while_rendering_leaves_the_others(workspace):
    out = workspace / "out"
    out.mkdir()
    (out / "georgia").write_text("a file where Georgia's report folder should go", encoding="utf-8")
    spec = light_batch_file(workspace)  # the claim is about the batch, not what a report shows

    result = run_in_service("batch", str(spec), "--out", str(out), "--workers", "1")

    assert result.returncode == 1
    assert statuses(result.stdout) == {"Georgia 2023-H1": "failed", "Moldova 2023-H1": "rendered"}
    assert REPORT_FILES <= {p.name for p in (out / "moldova" / "2023-H1").iterdir()}


def test_incremental_runs(workspace):
    # The claims are about the batch's fingerprints, not what a report shows: a light notebook,
    # which takes the notes as the package's does (`group_notes`), run by the command service.
    spec = light_batch_file(workspace)
    out = workspace / "out"
    assert run_in_service("batch", str(spec), "--out", str(out), "--workers", "1").returncode == 0

    # A changed note re-renders that country's report only.
    batch_file(workspace, notebook="light.ipynb", countries="{Moldova: {notes: {plhiv: 'Another note.'}}}")
    changed_note = run_in_service("batch", str(spec), "--out", str(out), "--workers", "1")
    assert statuses(changed_note.stdout) == {"Georgia 2023-H1": "unchanged", "Moldova 2023-H1": "rendered"}

    # Changed data re-renders everything (the key is the content, not the file's time).
    data = workspace / "cases.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",yes,", ",no,", 1), encoding="utf-8")
    changed_data = run_in_service("batch", str(spec), "--out", str(out), "--workers", "1")
    assert statuses(changed_data.stdout) == {"Georgia 2023-H1": "rendered", "Moldova 2023-H1": "rendered"}

    forced = run_in_service("batch", str(spec), "--out", str(out), "--workers", "1", "--force")
    assert statuses(forced.stdout) == {"Georgia 2023-H1": "rendered", "Moldova 2023-H1": "rendered"}


def test_killed_batch_leaves_reports_complete_or_absent_and_the_next_run_finishes(workspace):
    # A light notebook, whose kernel waits in a cell as the package notebook's charts keep it busy:
    # the claim is about what a kill leaves, not what a report shows.
    spec = light_batch_file(workspace, busy_seconds=1.0, scopes="[Georgia, Moldova, Ukraine]")
    out = workspace / "out"
    # What the killed processes leave in their temporary directory (a kernel's folder: nobody is
    # left to remove it) goes in one of the test's own, short for the sockets' 107 characters.
    private_tmp = Path(tempfile.mkdtemp(prefix="rl-"))
    try:
        process = subprocess.Popen(
            [REPORTACT, "batch", str(spec), "--out", str(out), "--workers", "1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, "TMPDIR": str(private_tmp)},
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(out.glob("*/2023-H1/figures.json")):
            time.sleep(0.05)
        time.sleep(1.0)  # let the next report get half-way
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        shutil.rmtree(private_tmp, ignore_errors=True)

    folders = [p for p in out.glob("*/2023-H1")]
    assert folders, "no report was published before the kill"
    for folder in folders:
        assert REPORT_FILES <= {p.name for p in folder.iterdir()}, f"{folder} is incomplete"
    complete = len(folders)

    result = run_in_service("batch", str(spec), "--out", str(out), "--workers", "1")  # what it says, not how it starts

    found = statuses(result.stdout)
    assert result.returncode == 0
    assert list(found.values()).count("unchanged") == complete
    assert list(found.values()).count("rendered") == 3 - complete
    assert not list(out.glob("*/.*staging*"))


def test_ctrl_c_finishes_the_report_being_printed_and_stops(workspace):
    # The package notebook: its pages take a print a real share of a report's time, so the
    # interrupt often comes while one is printed (a light notebook's page prints at once).
    spec = batch_file(workspace, scopes="[Georgia, Moldova, Ukraine]", periods="[2023-H1, 2023-H2]",
                      formats="[html, pdf]")  # fmt: skip
    out = workspace / "out"
    process = subprocess.Popen(
        [REPORTACT, "batch", str(spec), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*/*/report.pdf")):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C in a terminal: to every process of the batch
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    folders = list(out.glob("*/2023-H*"))
    for folder in folders:
        assert REPORT_FILES | {"report.pdf"} <= {p.name for p in folder.iterdir()}, f"{folder} is incomplete"
    assert not list(out.glob("*/.*staging*"))
    logs = [path.read_text(encoding="utf-8") for path in (out / "logs").iterdir()]
    assert logs and all("status: rendered" in log for log in logs)  # none failed for the interrupt
    assert len(folders) < 6, "the batch finished before the interrupt"


def test_a_worker_that_dies_fails_its_reports_and_the_batch_still_ends(workspace):
    spec = batch_file(workspace)
    # Where the kernels keep their folders; short, as the forkserver's socket there must fit a
    # socket path's 107 characters.
    private_tmp = Path(tempfile.mkdtemp(prefix="rl-"))
    try:
        process = subprocess.Popen(
            [REPORTACT, "batch", str(spec), "--out", str(workspace / "out"), "--workers", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(private_tmp)},
        )  # fmt: skip
        forkserver = wait_for_child(process.pid, "forkserver")  # the workers are forked from it
        worker = wait_for_child(forkserver, "forkserver")
        os.kill(worker, signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=120)
        left = list(private_tmp.glob("reactlib-kernel-*"))
    finally:
        shutil.rmtree(private_tmp, ignore_errors=True)

    assert process.returncode == 1
    assert statuses(stdout) == {"Georgia 2023-H1": "failed", "Moldova 2023-H1": "failed"}
    assert "failed: Georgia 2023-H1: the worker process rendering it stopped unexpectedly" in stdout
    assert "Traceback" not in stderr
    assert not left, "the killed worker's kernel folder was left behind"  # it could not remove it; the batch did


def wait_for_child(parent: int, command_part: str, timeout: float = 60) -> int:
    """The pid of ``parent``'s first child whose command line contains ``command_part``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, ValueError):
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent and command_part in command:
                return int(entry.name)
        time.sleep(0.05)
    raise AssertionError(f"no child process running {command_part!r}")


def test_data_with_errors_stops_the_batch_before_any_report_and_leaves_no_process(workspace):
    # The workers start their kernels while the data loads; refusing the data must stop them.
    data = workspace / "cases.csv"
    with data.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    rows[4]["gender"] = "femalex"  # row 6 as a spreadsheet shows it: the header is row 1
    with data.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    private_tmp = workspace / "tmp"  # where the kernels keep their sockets: they name it
    private_tmp.mkdir()

    result = run("batch", str(batch_file(workspace)), "--out", str(workspace / "out"), env={"TMPDIR": str(private_tmp)})

    assert result.returncode == 1
    problem = next(line for line in result.stderr.splitlines() if line.strip().startswith("row 6"))
    assert "gender" in problem and "'femalex'" in problem
    assert "cases.csv" in result.stderr and "Traceback" not in result.stderr
    assert not list((workspace / "out").glob("*/2023-H1"))
    assert not list((workspace / "out").glob("*/.*staging*"))
    assert not processes_with_environment(f"TMPDIR={private_tmp}"), "a worker or kernel outlived the batch"
    assert not list(private_tmp.iterdir()), "a kernel's private folder was left behind"


def test_batch_reports_equal_single_reports_byte_for_byte(workspace):
    # One worker: Moldova renders in a kernel that has just rendered Georgia. The batch by the
    # command service, whose workers are forked as a command's are; the report as a command.
    spec = batch_file(workspace, formats="[html, pdf]")
    batch_out, single_out = workspace / "batch", workspace / "single"
    assert run_in_service("batch", str(spec), "--out", str(batch_out), "--workers", "1").returncode == 0
    settings = workspace / "settings.yaml"
    settings.write_text(f"countries: {{Moldova: {{notes: {{plhiv: {NOTE!r}}}}}}}\n", encoding="utf-8")

    single = run(
        "report", "--data", str(workspace / "cases.csv"), "--scope", "Moldova", "--period", "2023-H1",
        "--out", str(single_out), "--settings", str(settings),
    )  # fmt: skip

    assert single.returncode == 0, single.stderr
    for name in ("report.html", "report.pdf", "report.ipynb", "figures.json", "figures.xlsx"):
        batch_bytes = (batch_out / "moldova" / "2023-H1" / name).read_bytes()
        assert batch_bytes == (single_out / "moldova" / "2023-H1" / name).read_bytes(), name
    assert NOTE in html.unescape((batch_out / "moldova" / "2023-H1" / "report.html").read_text(encoding="utf-8"))


def test_index_page_opens_offline_with_links_that_resolve(broken_batch):
    from playwright.sync_api import sync_playwright

    from reactlib.render.pdf import BROWSER_ARGS, browser_path

    _, out, _ = broken_batch
    failed, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path(), args=BROWSER_ARGS)
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto((out / "index.html").as_uri())
        links = page.eval_on_selector_all("a", "links => links.map(a => a.href)")
        rows = page.eval_on_selector_all("tbody tr", "rows => rows.map(r => r.innerText)")
        for link in links:
            if link.endswith(".xlsx"):  # a browser downloads it rather than opening it: it must exist
                assert Path(unquote(urlparse(link).path)).is_file(), link
                continue
            response = page.goto(link)
            assert response is not None and response.ok, link
        browser.close()

    assert not failed and not errors
    assert len(links) == 2 * 3  # HTML, figures.json and figures.xlsx of Georgia and Moldova; none for Atlantis
    figures = json.loads((out / "moldova" / "2023-H1" / "figures.json").read_text(encoding="utf-8"))
    moldova = next(row for row in rows if row.startswith("Moldova"))
    previous = figures["previous"]

    def shown(key: str) -> str:  # the count, and under it its change against the previous period
        change = figures[key] - previous[key]
        sign = "+" if change > 0 else "−" if change < 0 else "±"
        return f"{figures[key]}\n({sign}{abs(change)} vs {previous['period']})"

    assert "\n\t".join(shown(key) for key in ("clients", "cases", "qualified")) in moldova


# --- The batch file's checks (fast) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"periods": "[2023-H3]"}, "2023-H3"),
        ({"formats": "[html, docx]"}, "docx"),
        ({"min_cell": "1"}, "min_cell"),
        ({"min_cell": "five"}, "min_cell"),
        ({"colour": "blue"}, "unknown key 'colour'"),
        ({"data": "missing.csv"}, "no file 'missing.csv'"),
        ({"scopes": "[]"}, "scopes: must be a non-empty list"),
        ({"countries": "{Moldova: {notes: {idu: x}}}"}, "idu"),
    ],
)
def test_batch_file_checks(overrides, words, workspace):
    path = batch_file(workspace, **overrides)
    with pytest.raises(SettingsError, match=words):
        load_batch(path)


def test_batch_file_yaml_traps_stay_text(workspace):
    # NO is the text "NO", a country code (only the data can refuse it); 2023 the period "2023".
    spec = load_batch(batch_file(workspace, scopes="[NO, Georgia]", periods="[2023]"))
    assert spec.scopes == ("NO", "Georgia") and spec.periods[0].name == "2023"


def test_every_country_expands_from_the_data(workspace):
    spec = load_batch(batch_file(workspace, scopes="[Moldova, every country, all]"))
    assert spec.expand_scopes(["Ukraine", "Georgia", "Moldova"]) == ["Moldova", "Georgia", "Ukraine", "all"]


def test_sample_batch_names_six_countries_two_halves_and_the_region():
    spec = load_batch(Path(__file__).resolve().parents[1] / "params" / "sample.yaml")
    from reactlib import sample_data_path

    # The sample's countries read from its CSV text, not through reactlib's loader.
    with sample_data_path().open(encoding="utf-8", newline="") as stream:
        countries = sorted({row["country"] for row in csv.DictReader(stream)})
    assert spec.expand_scopes(countries) == [
        "Georgia", "Kazakhstan", "Kyrgyzstan", "Moldova", "Tajikistan", "Ukraine", "all",
    ]  # fmt: skip
    assert [p.name for p in spec.periods] == ["2023-H1", "2023-H2"]
    assert spec.formats == ("html", "pdf")
    assert spec.languages == ("en", "ru", "uk")


def test_index_escapes_names_and_names_the_regional_report(tmp_path):
    from reactlib.batch.index_page import IndexEntry, render_index

    page = render_index(
        tmp_path, "REAct <b>", [IndexEntry("<script>alert(1)</script>", "2023-H1", None, "failed"),
                                IndexEntry("all", "2023-H1", None, "failed")],
    )  # fmt: skip
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>REAct &lt;b&gt;</title>" in page
    assert '<th scope="row">All countries</th>' in page
