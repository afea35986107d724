"""The output folder: one writer at a time for report, trend and batch; nothing written through a link out of it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import case

from reactlib.errors import OutputError
from reactlib.render.output import LOCK_FILE, inside_out, output_lock, write_atomically
from reactlib.render.publish import remove_stale_staging

REACTLIB = str(Path(sys.executable).parent / "reactlib")
BATCH = "data: cases.csv\nscopes: [Tajikistan]\nperiods: [2023-H1]\nformats: [html]\n"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([REACTLIB, *args], capture_output=True, text=True, check=False, env=environment, timeout=300)


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.fixture
def project(write_cases, tmp_path: Path) -> Path:
    """Case data and a batch file of one Tajikistan report."""
    write_cases([case(1), case(2, gender="male")])
    (tmp_path / "batch.yaml").write_text(BATCH, encoding="utf-8")
    return tmp_path


# One lock for report, trend and batch --------------------------------------------------------------


def test_report_trend_and_batch_are_refused_while_another_command_writes_to_out(project):
    out = project / "out"
    data = str(project / "cases.csv")
    commands = {
        "report": ["report", "--data", data, "--scope", "Tajikistan", "--period", "2023-H1", "--out", str(out),
                   "--format", "html"],
        "trend": ["trend", "--data", data, "--scope", "Tajikistan", "--from", "2023-H1", "--to", "2023-H1",
                  "--out", str(out), "--format", "html"],
        "batch": ["batch", str(project / "batch.yaml"), "--out", str(out)],
    }  # fmt: skip

    with output_lock(out):  # as a running report, trend or batch holds it
        results = {name: run(*arguments) for name, arguments in commands.items()}

    for name, result in results.items():
        assert result.returncode == 1, (name, result.stderr)
        assert result.stderr.splitlines()[-1] == (
            f"reactlib: error: another reactlib command (report, trend or batch) is writing to {out}; "
            "wait until it ends, or give this one another --out"
        ), name
    assert files_under(out) == [LOCK_FILE]  # nothing rendered, nothing staged


@pytest.mark.parametrize("command", ["report", "trend"])
def test_a_locked_out_is_refused_before_a_kernel_starts_or_the_data_is_read(project, monkeypatch, capsys, command):
    from reactlib import cli
    from reactlib.load import cases
    from reactlib.render.kernels import WarmKernel

    done: list[str] = []

    def kernel_started(kernel: WarmKernel) -> WarmKernel:
        done.append("kernel started")
        raise AssertionError("no kernel should start")

    def data_read(*_: object, **__: object) -> None:
        done.append("data read")
        raise AssertionError("no data should be read")

    monkeypatch.setattr(WarmKernel, "__enter__", kernel_started)
    monkeypatch.setattr(cases, "load_cases", data_read)
    out = project / "out"
    data = str(project / "cases.csv")
    arguments = {
        "report": ["--period", "2023-H1", "--format", "html"],
        "trend": ["--from", "2023-H1", "--to", "2023-H1", "--format", "html"],
    }[command]

    with output_lock(out):  # as a running batch holds it
        code = cli.main([command, "--data", data, "--scope", "Tajikistan", "--out", str(out), *arguments])

    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"reactlib: error: another reactlib command (report, trend or batch) is writing to {out}; "
        "wait until it ends, or give this one another --out"
    ]
    assert done == []
    assert files_under(out) == [LOCK_FILE]


def test_the_lock_is_released_when_the_block_ends_however_it_ends(tmp_path):
    with pytest.raises(RuntimeError), output_lock(tmp_path):
        raise RuntimeError("a failed render")
    with output_lock(tmp_path):  # free again
        pass


def test_a_command_taking_the_lock_in_the_instant_another_probes_it_waits_and_is_not_refused(tmp_path):
    # `refuse_if_locked` takes the lock for an instant; held here a little longer than an instant.
    probing = threading.Event()

    def probe() -> None:
        with output_lock(tmp_path):
            probing.set()
            time.sleep(0.2)

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        assert probing.wait(30)
        with output_lock(tmp_path):  # not refused: the probe lets go within the wait
            pass
    finally:
        prober.join()


def test_a_lock_file_planted_as_a_link_is_refused_and_not_followed(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / LOCK_FILE).symlink_to(elsewhere / "created-through-the-link")

    with pytest.raises(OutputError, match=r"^cannot write to the output folder: .*symbolic links"), output_lock(out):
        pass
    assert list(elsewhere.iterdir()) == []


# Nothing written through a link out of --out ---------------------------------------------------------


def test_a_batch_whose_logs_folder_leads_out_of_out_is_refused_before_anything_is_written(project):
    out, elsewhere = project / "out", project / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "logs").symlink_to(elsewhere, target_is_directory=True)

    result = run("batch", str(project / "batch.yaml"), "--out", str(out))

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"reactlib: error: {out}/logs leads out of the output folder (a link); remove it, or give another --out"
    )
    assert list(elsewhere.iterdir()) == []
    assert files_under(out) == [LOCK_FILE, "logs"]  # the link, left as it was


def test_a_link_that_stays_inside_out_counts_as_inside_it(tmp_path):
    out = tmp_path / "out"
    (out / "kept-logs").mkdir(parents=True)
    (out / "logs").symlink_to(out / "kept-logs", target_is_directory=True)

    assert inside_out(out, out / "logs")
    assert not inside_out(out, out / ".." / "elsewhere")


def test_writing_a_file_replaces_a_link_in_its_place_and_never_writes_through_it(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("the user's own file", encoding="utf-8")
    (tmp_path / "out").mkdir()
    log = tmp_path / "out" / "georgia_2023-H1.log"
    log.symlink_to(outside)
    # Where the temporary file used to go, before it got a name of its own:
    (tmp_path / "out" / ".georgia_2023-H1.log.tmp").symlink_to(outside)

    write_atomically(log, "status: rendered\n")

    assert outside.read_text(encoding="utf-8") == "the user's own file"
    assert not log.is_symlink() and log.read_text(encoding="utf-8") == "status: rendered\n"
    assert oct(log.stat().st_mode & 0o777) == "0o644"
    assert sorted(p.name for p in log.parent.iterdir()) == [".georgia_2023-H1.log.tmp", "georgia_2023-H1.log"]


def test_a_write_that_fails_leaves_neither_a_file_nor_its_temporary_one(tmp_path, monkeypatch):
    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomically(tmp_path / "index.html", "<html></html>")
    assert list(tmp_path.iterdir()) == []


def test_leftovers_are_cleaned_only_inside_out(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "georgia" / ".2023-H1.staging-abc").mkdir(parents=True)
    (elsewhere / ".2023-H1.staging-def").mkdir(parents=True)
    (elsewhere / ".2023-H1.staging-def" / "someone's.txt").write_text("kept", encoding="utf-8")
    (out / "moldova").symlink_to(elsewhere, target_is_directory=True)

    remove_stale_staging(out)

    assert not (out / "georgia").exists()  # the leftover, and the folder that only held it
    assert (elsewhere / ".2023-H1.staging-def" / "someone's.txt").read_text(encoding="utf-8") == "kept"


# A PDF without a browser ------------------------------------------------------------------------------


def test_a_pdf_without_a_browser_is_refused_before_anything_is_rendered_or_written(project):
    out = project / "out"
    data = str(project / "cases.csv")
    (project / "batch.yaml").write_text(BATCH.replace("[html]", "[html, pdf]"), encoding="utf-8")
    no_browser = {"PATH": str(project / "bin")}  # a PATH on which no chromium is found
    (project / "bin").mkdir()

    results = [
        run("batch", str(project / "batch.yaml"), "--out", str(out), env=no_browser),
        run("report", "--data", data, "--scope", "Tajikistan", "--period", "2023-H1", "--out", str(out),
            env=no_browser),
        run("trend", "--data", data, "--scope", "Tajikistan", "--from", "2023-H1", "--to", "2023-H1",
            "--out", str(out), env=no_browser),
    ]  # fmt: skip

    for result in results:
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines() == [
            "reactlib: error: chromium is not installed; `make browser` installs it (needed for PDF)"
        ]
    assert not out.exists()  # no folder, no lock file, no log
