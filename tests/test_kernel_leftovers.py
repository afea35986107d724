"""Kernel folders that killed commands left in the temporary directory are removed by the next command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from reactlib import cli
from reactlib.render.kernels import (
    KERNEL_FOLDER_PREFIX,
    OWNER_FILE,
    folders_of_kernels_started_by,
    kernel_folders,
    process_running,
)
from reactlib.render.leftovers import remove_orphaned_kernel_folders

REACTLIB = str(Path(sys.executable).parent / "reactlib")


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch) -> Path:
    """A temporary directory of this test's own, for this process and the commands it starts."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def ended_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def kernel_folder(tmp: Path, name: str, owner: str | None) -> Path:
    folder = tmp / f"{KERNEL_FOLDER_PREFIX}{name}"
    folder.mkdir()
    (folder / "kernel.json").write_text("{}", encoding="utf-8")
    if owner is not None:
        (folder / OWNER_FILE).write_text(owner, encoding="utf-8")
    return folder


def test_only_the_kernel_folders_of_ended_processes_are_removed(private_tmp):
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = kernel_folder(private_tmp, "dead", str(ended_pid()))
        kept = {
            kernel_folder(private_tmp, "this-process", str(os.getpid())),
            kernel_folder(private_tmp, "another-running-process", str(running.pid)),
            kernel_folder(private_tmp, "being-made", None),  # its owner file is not written yet
            kernel_folder(private_tmp, "unreadable-owner", "not a process id"),
        }
        other = private_tmp / "someone-elses-folder"
        other.mkdir()
        (other / OWNER_FILE).write_text(str(ended_pid()), encoding="utf-8")

        removed = remove_orphaned_kernel_folders()

        assert removed == [dead]
        assert {path for path in private_tmp.iterdir()} == kept | {other}
    finally:
        running.kill()
        running.wait()


def test_a_folder_whose_owner_runs_as_another_user_is_kept(private_tmp, monkeypatch):
    # Asking about another user's process is refused (EPERM): it runs, so its folder may be in use.
    other_users = ended_pid()
    real_kill = os.kill

    def kill(pid: int, signum: int) -> None:
        if pid == other_users:
            raise PermissionError(1, "Operation not permitted")
        real_kill(pid, signum)

    monkeypatch.setattr(os, "kill", kill)
    kept = kernel_folder(private_tmp, "another-users", str(other_users))
    dead = kernel_folder(private_tmp, "dead", str(ended_pid()))

    assert (process_running(other_users), process_running(os.getpid())) == (True, True)
    assert remove_orphaned_kernel_folders() == [dead]
    assert kept.exists() and not dead.exists()


def test_the_kernel_folders_are_listed_with_their_owners(private_tmp):
    owned = kernel_folder(private_tmp, "owned", "4242")
    also_owned = kernel_folder(private_tmp, "also-owned", "4242")
    another = kernel_folder(private_tmp, "another-owner", "4243")
    kernel_folder(private_tmp, "being-made", None)
    kernel_folder(private_tmp, "unreadable-owner", "not a process id")
    not_a_kernels = private_tmp / "not-a-kernel-folder"
    not_a_kernels.mkdir()
    (not_a_kernels / OWNER_FILE).write_text("4242", encoding="utf-8")

    assert sorted(kernel_folders()) == sorted([(owned, 4242), (also_owned, 4242), (another, 4243)])
    assert sorted(folders_of_kernels_started_by(4242)) == sorted([owned, also_owned])
    assert folders_of_kernels_started_by(4244) == []


@pytest.mark.parametrize(
    ("arguments", "removes"),
    [
        (["report", "--scope", "Tajikistan", "--period", "2023-H1", "--format", "docx"], True),
        (["trend", "--scope", "Tajikistan", "--from", "2023-H2", "--to", "2023-H1"], True),
        (["batch", "no-such-batch.yaml"], True),
        # Starts no kernel: it leaves the temporary directory alone.
        (["validate", "--data", "no-such-file.csv"], False),
    ],
    ids=["report", "trend", "batch", "validate"],
)
def test_the_commands_that_start_kernels_remove_those_killed_ones_left_first(private_tmp, arguments, removes, capsys):
    left = kernel_folder(private_tmp, "left", str(ended_pid()))

    assert cli.main(arguments) == 1  # refused input: the folder is removed all the same
    capsys.readouterr()

    assert left.exists() is not removes


@pytest.mark.slow
def test_the_folder_of_a_report_killed_with_sigkill_is_removed_by_the_next_command(private_tmp, write_cases, tmp_path):
    from conftest import case

    data = write_cases([case(1), case(2, gender="male")])
    report = subprocess.Popen(
        [REACTLIB, "report", "--data", str(data), "--scope", "Tajikistan", "--period", "2023-H1",
         "--format", "html", "--out", str(tmp_path / "out")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not (folders := list(private_tmp.glob(f"{KERNEL_FOLDER_PREFIX}*/{OWNER_FILE}"))):
            assert report.poll() is None and time.monotonic() < deadline, "no kernel folder appeared"
            time.sleep(0.05)
    finally:
        report.send_signal(signal.SIGKILL)
        report.wait()
    [owner] = folders
    assert owner.read_text(encoding="utf-8") == str(report.pid)

    assert cli.main(["batch", str(tmp_path / "no-such-batch.yaml")]) == 1

    assert not owner.parent.exists()
