"""`reactlib batch` under faults: killed, run twice at once, a full disk, an unusable --out."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.batch_runs import (
    REPORT_FILES,
    batch_file,
    broken_scope_batch,
    light_batch_file,
    processes_with_environment,
    statuses,
)
from helpers.batch_service import run_in_service

REPORTACT = str(Path(sys.executable).parent / "reactlib")

pytestmark = pytest.mark.slow


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    """A folder with a copy of the sample data, and a private TMPDIR for the batch's processes.

    The TMPDIR is short: Chromium's sockets there must fit a socket path's 107 characters.
    """
    from reactlib import sample_data_path

    shutil.copy(sample_data_path(), tmp_path / "cases.csv")
    private = Path(tempfile.mkdtemp(prefix="rl-"))
    (tmp_path / "tmp").symlink_to(private)
    yield tmp_path
    shutil.rmtree(private, ignore_errors=True)


#: The periods of `start_batch`'s batch: with three countries, 18 reports, long enough to be stopped mid-way.
LONG_BATCH_PERIODS = ("2023-H1", "2023-H2", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4")


def start_batch(workspace: Path, *args: str, periods: tuple[str, ...] = LONG_BATCH_PERIODS) -> subprocess.Popen:
    """A batch of three countries' reports with PDFs (workers, kernels and a browser), in a session of its own.

    The claims are about the batch's processes, not what a report shows: its notebook is a light
    one, whose kernel waits a second in a cell (as the package notebook's charts keep it busy).
    """
    spec = light_batch_file(workspace, busy_seconds=1.0, scopes="[Georgia, Moldova, Ukraine]", formats="[html, pdf]",
                            periods=f"[{', '.join(periods)}]")  # fmt: skip
    environment = {**os.environ, "TMPDIR": str((workspace / "tmp").resolve())}
    return subprocess.Popen(
        [REPORTACT, "batch", str(spec), "--out", str(workspace / "out"), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, start_new_session=True,
    )  # fmt: skip


def wait_for(condition, what: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what}")
        time.sleep(0.05)


def batch_processes(workspace: Path) -> list[int]:
    """The batch's process and all it started: each carries the batch's TMPDIR."""
    return processes_with_environment(f"TMPDIR={(workspace / 'tmp').resolve()}")


def kernel_folders(workspace: Path) -> list[Path]:
    return list((workspace / "tmp").glob("reactlib-kernel-*"))


def browser_runs(workspace: Path) -> bool:
    for pid in batch_processes(workspace):
        with contextlib.suppress(OSError):
            if b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
    return False


def wait_until_running(workspace: Path, batch: subprocess.Popen) -> None:
    """Until a report is published while the workers' kernels and the browser run."""

    def running() -> bool:
        published = list((workspace / "out").glob("*/*/report.pdf"))
        return bool(published and kernel_folders(workspace) and browser_runs(workspace))

    wait_for(lambda: running() or batch.poll() is not None, "a report")
    if batch.poll() is not None:
        raise AssertionError(f"the batch ended before it could be stopped: {batch.communicate()}")


def wait_until_all_gone(workspace: Path) -> None:
    """Until no process of the batch runs; a bounded wait (the kernels check their parent every 1 s)."""
    try:
        wait_for(lambda: not batch_processes(workspace), "the batch's processes to end", timeout=60)
    except AssertionError:
        survivors = [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:120] for pid in
                     batch_processes(workspace)]  # fmt: skip
        raise AssertionError(f"processes outlived the batch: {survivors}") from None


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_kill_stops_the_batch_its_workers_kernels_and_browser(workspace, signum):
    batch = start_batch(workspace)
    wait_until_running(workspace, batch)

    os.kill(batch.pid, signum)  # `kill PID`: the batch's process only, not its group
    _, stderr = batch.communicate(timeout=120)

    assert batch.returncode == 128 + signum
    assert f"reactlib: error: stopped ({signal.Signals(signum).name})" in stderr
    assert "Traceback" not in stderr and "leaked" not in stderr
    wait_until_all_gone(workspace)
    assert not kernel_folders(workspace), "a kernel's folder was left behind"
    out = workspace / "out"
    assert not list(out.glob("*/.*staging*"))
    for folder in out.glob("*/2023-*"):
        assert REPORT_FILES | {"report.pdf"} <= {p.name for p in folder.iterdir()}, f"{folder} is incomplete"


def test_sigkill_of_the_batch_stops_its_workers_kernels_and_browser(workspace):
    batch = start_batch(workspace, "--workers", "2")
    wait_until_running(workspace, batch)

    os.kill(batch.pid, signal.SIGKILL)  # nothing of the batch's process runs on the way out
    _, stderr = batch.communicate(timeout=60)  # when the workers, which share its stderr, have ended
    print("\n".join(line for line in stderr.splitlines() if not line.startswith("reports")))

    wait_until_all_gone(workspace)
    assert not kernel_folders(workspace), "a kernel's folder was left behind"


def test_the_kernels_say_nothing_on_the_terminal_when_a_batch_is_interrupted(workspace):
    batch = start_batch(workspace)
    wait_until_running(workspace, batch)

    os.killpg(batch.pid, signal.SIGINT)  # as Ctrl-C in a terminal: to every process of the batch
    _, stderr = batch.communicate(timeout=120)

    assert batch.returncode == 130
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("reports:")]
    assert lines == ["reactlib: error: interrupted"], stderr


# --- Two batches on one output folder -----------------------------------------------------------


def locked(path: Path) -> bool:
    """Whether a process holds a lock on ``path`` (from /proc/locks: taking one to see would race)."""
    try:
        inode = path.stat().st_ino
    except FileNotFoundError:
        return False
    return any(line.split()[5].endswith(f":{inode}") for line in Path("/proc/locks").read_text().splitlines()
               if len(line.split()) > 5 and line.split()[1] == "FLOCK")  # fmt: skip


def test_a_second_batch_or_a_report_on_the_same_output_folder_is_refused_and_the_first_finishes(workspace):
    out = workspace / "out"
    periods = ("2023-H1",)  # three reports with PDFs: the first batch is held still while the others try
    first = start_batch(workspace, "--workers", "1", periods=periods)  # the claim is about --out, not workers
    wait_for(lambda: locked(out / ".reactlib.lock") or first.poll() is not None, "the first batch to hold --out")
    assert first.returncode is None, first.communicate()  # not ended (and reaped) while waited for

    # The first batch's process, which holds --out, is stopped (as Ctrl-Z would) while the other
    # two commands try: they run while it holds the folder, however fast or slow the machine is.
    # Stopped before it is checked: three reports could otherwise all be done between the two.
    # The other two are run by the command service: the claim is what they say, not how they start.
    os.kill(first.pid, signal.SIGSTOP)  # unreaped since its last poll: the pid is still its own
    try:
        assert first.poll() is None and locked(out / ".reactlib.lock"), "the first batch ended before it was stopped"
        other = batch_file(workspace, name="other.yaml", scopes="[Kazakhstan]")
        second = run_in_service("batch", str(other), "--out", str(out))
        # A report of the batch's own, which would replace it while the batch writes it:
        report = run_in_service("report", "--data", str(workspace / "cases.csv"), "--scope", "Georgia",
                                "--period", "2023-H1", "--out", str(out), "--format", "html")  # fmt: skip
        assert first.poll() is None and locked(out / ".reactlib.lock")
    finally:
        if first.returncode is None:  # else reaped: its pid may be another process's by now
            os.kill(first.pid, signal.SIGCONT)
    stdout, stderr = first.communicate(timeout=600)

    for refused in (second, report):
        assert refused.returncode == 1
        assert refused.stderr.strip().endswith(
            f"reactlib: error: another reactlib command (report, trend or batch) is writing to {out}; "
            "wait until it ends, or give this one another --out"
        )
        assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert first.returncode == 0, stderr
    found = statuses(stdout)
    assert len(found) == 3 * len(periods) and set(found.values()) == {"rendered"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Kazakhstan" not in index and 'class="status failed"' not in index
    for country in ("georgia", "moldova", "ukraine"):
        for period in periods:
            assert REPORT_FILES | {"report.pdf"} <= {p.name for p in (out / country / period).iterdir()}
    assert not (out / "kazakhstan").exists() and not list(out.glob("*/.*staging*"))
    assert {p.name for p in (out / "logs").iterdir()} == {
        f"{c}_{p}.log" for c in ("georgia", "moldova", "ukraine") for p in periods
    }

    other = batch_file(workspace, name="other.yaml", scopes="[Kazakhstan]", notebook="light.ipynb")
    again = run_in_service("batch", str(other), "--out", str(out))
    assert again.returncode == 0 and statuses(again.stdout) == {"Kazakhstan 2023-H1": "rendered"}


# --- An output folder that cannot be used ------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("{ws}/cases.csv/out", "{ws}/cases.csv is a file, not a folder"),
        ("{ws}/cases.csv", "{ws}/cases.csv is a file, not a folder"),
        ("/proc/reactlib-out", "/proc/reactlib-out: No such file or directory"),
    ],
)
def test_an_output_folder_that_cannot_be_written_is_refused_clearly(workspace, out, message):
    out = out.replace("{ws}", str(workspace))

    result = run_in_service("batch", str(batch_file(workspace)), "--out", out)

    assert result.returncode == 1
    assert (
        result.stderr
        == f"reactlib: error: cannot write to the output folder: {message.replace('{ws}', str(workspace))}\n"
    )
    assert result.stdout == ""


# --- A full disk -------------------------------------------------------------------------------

#: Runs in a mount namespace of its own: a 2 MB tmpfs over ./out holding the earlier reports, filled
#: to the last byte, a batch on it, and a copy of what it left in ./after.
FULL_DISK = """\
set -eu
mount -t tmpfs -o size=2m tmpfs out
cp -a earlier/. out/
dd if=/dev/zero of=out/.filler bs=4k 2>/dev/null || true
set +e
"$REACTLIB" batch more.yaml --out out --workers 1 > stdout.txt 2> stderr.txt
echo $? > returncode.txt
set -e
rm out/.filler
cp -a out/. after/
"""


def test_a_full_disk_ends_with_a_clear_message_the_summary_and_an_index_that_matches_the_disk(
    workspace, tmp_path_factory
):
    # The earlier reports: Georgia's and Moldova's, as the session's shared batch published them
    # (with a failed scope beside them); a batch naming the same data file finds them unchanged.
    shared, _ = broken_scope_batch(tmp_path_factory)
    earlier = workspace / "earlier"
    shutil.copytree(shared / "out", earlier)
    before = {p.relative_to(earlier): p.read_bytes() for p in earlier.rglob("*") if p.is_file()}
    batch_file(workspace, name="more.yaml", data=str(shared / "cases.csv"),
               scopes="[Georgia, Moldova, Ukraine, Kazakhstan]")  # fmt: skip
    for folder in ("out", "after"):
        (workspace / folder).mkdir()
    # As root, or as a user with a user namespace of their own: either may mount a tmpfs there.
    namespace = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user", "--mount"]

    subprocess.run([*namespace, "sh", "-c", FULL_DISK], cwd=workspace, check=True,
                   env={**os.environ, "REACTLIB": REPORTACT, "SOURCE_DATE_EPOCH": "1700000000"})  # fmt: skip

    stdout, stderr = ((workspace / name).read_text(encoding="utf-8") for name in ("stdout.txt", "stderr.txt"))
    after = workspace / "after"
    assert (workspace / "returncode.txt").read_text().strip() == "1"
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert statuses(stdout) == {
        "Georgia 2023-H1": "unchanged", "Moldova 2023-H1": "unchanged",
        "Ukraine 2023-H1": "failed", "Kazakhstan 2023-H1": "failed",
    }  # fmt: skip
    assert "failed: Ukraine 2023-H1: " in stdout and "No space left on device" in stdout
    assert stderr.splitlines()[-2:] == [
        "reactlib: error: some reports' logs in out/logs were not written (No space left on device)",
        "reactlib: error: the index page was not updated (No space left on device); it shows an earlier batch",
    ]
    # The earlier reports, their logs and the index that links them are as they were: nothing
    # half-written, nothing a reader would follow to a missing report.
    left = {p.relative_to(after): p.read_bytes() for p in after.rglob("*") if p.is_file()}
    assert {path: left[path] for path in before} == before
    assert set(left) == set(before)
    assert not [p for p in after.rglob("*") if p.is_dir() and any(mark in p.name for mark in ("staging", "previous"))]
