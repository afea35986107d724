"""`reactlib report --watch`: re-render on a change, survive bad data, match a one-shot render, stop on Ctrl-C.

One watch session, run once for the module (`watched`), goes through an analyst's afternoon:
the first render; a data file with fewer cases; a data file with a bad date; the first data
again; Ctrl-C. The tests read what it recorded. The loop's change detection itself is tested
without a kernel, with the render replaced (`test_the_loop_renders_on_a_content_change_only`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers.renders import EPOCH, run_in_process

from reactlib import sample_data_path

SCOPE, PERIOD = "Tajikistan", "2023-H1"
#: Cases of Tajikistan 2023-H1 left out of the second data file.
DROPPED = 40
#: The longest a render may take on a loaded machine before the test gives up.
RENDER_TIMEOUT = 300


def period_cases(text: str) -> int:
    """Tajikistan's cases registered in 2023-H1, counted in the CSV text with the csv module."""
    rows = csv.DictReader(io.StringIO(text))
    return sum(row["country"] == SCOPE and "2023-01-01" <= row["registered_on"] <= "2023-06-30" for row in rows)


def without_some_cases(text: str, dropped: int) -> str:
    """``text`` less its first ``dropped`` cases of Tajikistan 2023-H1."""
    lines = text.splitlines(keepends=True)
    header, kept, left_out = lines[0], [], 0
    for line in lines[1:]:
        row = next(csv.DictReader(io.StringIO(header + line)))
        if left_out < dropped and row["country"] == SCOPE and "2023-01-01" <= row["registered_on"] <= "2023-06-30":
            left_out += 1
            continue
        kept.append(line)
    return header + "".join(kept)


def with_bad_date(text: str) -> str:
    """``text`` with its first case's registration date one no calendar has (row 2 of the file)."""
    lines = text.splitlines(keepends=True)
    first = next(csv.DictReader(io.StringIO(lines[0] + lines[1])))
    lines[1] = lines[1].replace(first["registered_on"], "31.31.2023", 1)
    return "".join(lines)


def report_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def report_arguments(data: Path, out: Path, *extra: str) -> list[str]:
    return [
        "report", "--data", str(data), "--scope", SCOPE, "--period", PERIOD, "--out", str(out), "--format", "html,pdf",
        *extra,
    ]  # fmt: skip


def report_command(data: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "reactlib.cli", *report_arguments(data, out, *extra)]


def ours(private: Path) -> list[str]:
    """What a kernel (its folder) or the browser (Playwright's profile) left in the temporary folder.

    Chromium's own shared-memory files (``org.chromium.Chromium.*``) may outlive its close by a
    moment; Playwright's profile goes when the browser has closed.
    """
    return sorted(path.name for path in private.iterdir() if path.name.startswith(("reactlib-kernel-", "playwright_")))


@dataclass
class WatchRun:
    """What the module's watch session printed and published, step by step."""

    data: dict[str, str]
    renders: dict[str, dict[str, bytes]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    stderr: str = ""
    returncode: int | None = None
    leftovers: list[str] = field(default_factory=list)
    one_shot: dict[str, bytes] = field(default_factory=dict)
    one_shot_bad_stderr: str = ""


class Lines:
    """A process's stdout, line by line, read on a thread so that waiting can time out."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: io.TextIOBase) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def next(self, timeout: float = RENDER_TIMEOUT) -> str:
        line = self._queue.get(timeout=timeout)
        assert line is not None, f"the watch ended early; it printed {self.seen}"
        self.seen.append(line)
        return line

    def rest(self, timeout: float = 60) -> None:
        while (line := self._queue.get(timeout=timeout)) is not None:
            self.seen.append(line)


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> WatchRun:
    root = tmp_path_factory.mktemp("watch")
    first = sample_data_path().read_text(encoding="utf-8")
    run = WatchRun(data={"first": first, "fewer": without_some_cases(first, DROPPED), "bad": with_bad_date(first)})
    data, out, copy, private = root / "cases.csv", root / "out", root / "out-copy", root / "tmp"
    private.mkdir()
    data.write_text(first, encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TMPDIR": str(private)}  # the kernel's folder goes there
    process = subprocess.Popen(
        report_command(data, out, "--watch"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    stderr: list[str] = []
    threading.Thread(target=lambda: stderr.append(process.stderr.read()), daemon=True).start()  # type: ignore[union-attr]
    lines = Lines(process.stdout)  # type: ignore[arg-type]
    folder = out / "tajikistan" / PERIOD
    try:
        assert lines.next().startswith("watching ")
        lines.next()
        run.renders["first"] = report_files(folder)
        data.write_text(run.data["fewer"], encoding="utf-8")  # written in place, as an editor saves
        lines.next()
        run.renders["fewer"] = report_files(folder)
        shutil.copytree(out, copy)  # the one-shot render below starts from the same published state
        data.write_text(run.data["bad"], encoding="utf-8")
        lines.next()
        run.renders["bad"] = report_files(folder)
        data.write_text(first, encoding="utf-8")
        lines.next()
        run.renders["again"] = report_files(folder)
        process.send_signal(signal.SIGINT)
        run.returncode = process.wait(timeout=60)
        lines.rest()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    time.sleep(0.5)  # the stderr reader's last read
    run.lines, run.stderr = lines.seen, "".join(stderr)
    run.leftovers = ours(private) + [path.name for path in (out / "tajikistan").iterdir() if path.name.startswith(".")]
    # The one-shot render is a command of its own: the warm render is compared with a cold one,
    # whose first export in its process could differ from later ones.
    one_shot = subprocess.run(
        report_command(data, copy), capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    )
    assert one_shot.returncode == 0, one_shot.stderr
    run.one_shot = report_files(copy / "tajikistan" / PERIOD)
    bad = root / "bad" / "cases.csv"
    bad.parent.mkdir()
    bad.write_text(run.data["bad"], encoding="utf-8")
    refused = run_in_process(*report_arguments(bad, root / "out-bad"))  # its message alone is compared
    assert refused.returncode == 1
    run.one_shot_bad_stderr = refused.stderr
    return run


@pytest.mark.slow
def test_a_data_change_renders_the_new_figures(watched):
    import json

    for step in ("first", "fewer"):
        figures = json.loads(watched.renders[step]["figures.json"])
        expected = period_cases(watched.data[step])
        assert figures["cases"] == expected
        assert f"<dt>Cases</dt><dd>{expected}</dd>".encode() in watched.renders[step]["report.html"]
    assert period_cases(watched.data["fewer"]) == period_cases(watched.data["first"]) - DROPPED
    first, fewer = watched.lines[1], watched.lines[2]
    assert f"tajikistan/{PERIOD}: report.html" in first
    assert "report.pdf" in first and " s)" in first and "changed" not in first
    assert fewer.endswith("s; cases.csv changed)")


@pytest.mark.slow
def test_bad_data_gets_the_one_shot_message_and_the_loop_recovers(watched):
    failed = watched.lines[3]
    assert failed.startswith("render failed (") and "cases.csv changed" in failed
    # The words the one-shot command prints for the same file, and the row, column and value.
    message = watched.one_shot_bad_stderr.strip()
    assert "row 2" in message and "registered_on" in message and "31.31.2023" in message
    assert message in watched.stderr
    assert "Traceback" not in watched.stderr
    assert watched.renders["bad"] == watched.renders["fewer"]  # the last good report stays published
    assert watched.renders["again"]["figures.json"] == watched.renders["first"]["figures.json"]


@pytest.mark.slow
def test_a_warm_render_is_byte_identical_to_a_one_shot_render(watched):
    # The fourth render ran in a kernel and browser that had made three (one failed): the same
    # data rendered by `reactlib report` over the same published state gives the same bytes.
    assert sorted(watched.renders["again"]) == sorted(watched.one_shot)
    assert {"report.html", "report.pdf", "report.ipynb", "figures.json", "figures.xlsx", "changes.json"} <= set(
        watched.one_shot
    )
    for name, content in watched.one_shot.items():
        assert watched.renders["again"][name] == content, name


@pytest.mark.slow
def test_ctrl_c_ends_the_loop_cleanly(watched):
    assert watched.returncode == 0
    assert watched.lines[-1] == "stopped watching"
    assert "Traceback" not in watched.stderr and "error: interrupted" not in watched.stderr
    assert watched.leftovers == []  # no kernel folder, no browser profile, no staging folder


def test_the_loop_renders_on_a_content_change_only(tmp_path, monkeypatch):
    from reactlib.count.periods import parse_period
    from reactlib.render import watch as loop
    from reactlib.render.request import ReportRequest

    data, settings = tmp_path / "cases.csv", tmp_path / "settings.yaml"
    data.write_text("one", encoding="utf-8")
    settings.write_text("contact: one\n", encoding="utf-8")
    request = ReportRequest(SCOPE, parse_period(PERIOD), data=data, settings=settings, formats=("html",))
    versions: list[object] = []
    monkeypatch.setattr(loop, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(loop, "SETTLE_SECONDS", 0.01)

    def render(request, session, data_version):
        versions.append(data_version)
        if len(versions) == 1:  # between renders: touched, saved unchanged, then changed
            os.utime(data, ns=(1, 1))
            data.write_text("one", encoding="utf-8")
            time.sleep(0.1)
            settings.write_text("contact: two\n", encoding="utf-8")
        elif len(versions) == 2:
            data.write_text("two", encoding="utf-8")
        return [tmp_path / "report.html"]

    monkeypatch.setattr("reactlib.render.pipeline.render", render)
    rendered: list[loop.Rendered] = []
    loop.watch(session=None, request=request, report=rendered.append, renders=3)  # type: ignore[arg-type]

    assert [r.changed for r in rendered] == [(), (settings,), (data,)]
    assert versions[0] == versions[1] != versions[2]  # the data are read again only when they changed
    assert all(r.error is None and r.files == [tmp_path / "report.html"] for r in rendered)


def test_only_the_files_whose_stamp_moved_are_read_again(tmp_path, monkeypatch):
    from reactlib.render import watch as loop

    data, settings = tmp_path / "cases.csv", tmp_path / "settings.yaml"
    data.write_text("case_id\n1\n", encoding="utf-8")
    settings.write_text("contact: one\n", encoding="utf-8")
    files = (data, settings)
    before = tuple(loop.stamp(path) for path in files)
    known = loop.digests_of(files, before, None, None)
    settings.write_text("contact: two\n", encoding="utf-8")
    read: list[Path] = []
    digest = loop.digest
    monkeypatch.setattr(loop, "digest", lambda path: read.append(path) or digest(path))

    now = tuple(loop.stamp(path) for path in files)
    contents = loop.digests_of(files, now, before, known)

    assert read == [settings]  # the data file, untouched, is not hashed again
    expected = tuple(hashlib.blake2b(path.read_bytes()).hexdigest() for path in files)
    assert contents == expected and contents[1] != known[1]


def test_a_failed_render_is_returned_with_its_error(tmp_path, monkeypatch):
    from reactlib.count.periods import parse_period
    from reactlib.errors import CellError
    from reactlib.render import watch as loop
    from reactlib.render.request import ReportRequest

    def render(request, session, data_version):
        raise CellError("Violations", "ValueError", "bad")

    monkeypatch.setattr("reactlib.render.pipeline.render", render)
    rendered = loop.render_once(None, ReportRequest(SCOPE, parse_period(PERIOD)), data_version=("x",))  # type: ignore[arg-type]
    assert isinstance(rendered.error, CellError) and rendered.files == [] and rendered.seconds >= 0


@pytest.mark.slow
def test_ctrl_c_in_the_middle_of_a_render_leaves_nothing_behind(tmp_path):
    data, out, private = tmp_path / "cases.csv", tmp_path / "out", tmp_path / "tmp"
    private.mkdir()
    shutil.copyfile(sample_data_path(), data)
    env = {**os.environ, "TMPDIR": str(private)}
    process = subprocess.Popen(
        report_command(data, out, "--watch"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        deadline = time.monotonic() + RENDER_TIMEOUT
        while not list(out.glob("tajikistan/.*")):  # the report's staging folder: it is being rendered
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        time.sleep(0.5)  # into the notebook's cells
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    assert stdout.splitlines()[-1] == "stopped watching"
    assert "Traceback" not in stderr and "Task exception" not in stderr
    assert ours(private) == [] and list((out / "tajikistan").iterdir()) == []
