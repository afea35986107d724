"""`reactlib` commands run by one long-lived Python per pytest process, which pays a batch's start-up once.

A `reactlib batch` command pays about 3.5 core-s before its first report: its own Python and
imports (about 1.3) and its multiprocessing forkserver, which imports what every worker and its
kernel need (about 2.3, `reactlib.batch.kernel_image`). `run_in_service` hands the command to a
Python of its own that keeps running between tests (one per pytest process, started by its
first command, ended with it). It runs ``reactlib.cli.main(argv)``, as the console script does;
its forkserver, started by its first batch, forks the workers of every later one. The forkserver
only forks: each worker is a fresh copy of the image it imported once. What a batch starts is
new, as in a command of its own: its workers, their kernels, its browser.

For claims about what a command renders, publishes or says, not about how a command starts,
what its processes do or how it takes a signal: those run the command (`helpers.batch_runs.run`).

The service's environment is fixed when it starts: this process's as pytest started it, with
the render date pinned (`ENVIRONMENT`). Workers and their kernels take it from the forkserver,
not from the command, so only what the command's own process reads may be set per command
(`PER_COMMAND_ENVIRONMENT`); a batch that needs another render date is a command of its own.
The service's stdout and stderr are files, shared by its forkserver, workers and kernels as a
command's are; a command's output is what they gained while it ran, as written (no newline
translation: a carriage return stays one). A command that leaves the service dead or stuck
fails its test, and the next command starts a new service.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

EPOCH = "1700000000"  # 2023-11-14, as `helpers.batch_runs.run` renders
#: Variables a command may be given: read by its own process alone (`reactlib.cli.main`), never by a worker or kernel.
PER_COMMAND_ENVIRONMENT = frozenset({"REACTLIB_DEBUG"})
TIMEOUT_SECONDS = 900
#: The service's environment: this process's as pytest started it (before any test changed it), the date pinned.
ENVIRONMENT = {
    **{name: value for name, value in os.environ.items() if name not in PER_COMMAND_ENVIRONMENT},
    "SOURCE_DATE_EPOCH": EPOCH,
}

#: The service: one command per line of its requests (JSON: argv, cwd, environment), its exit status a line back.
SERVE = """\
import contextlib, json, os, sys, traceback
sys.argv[0] = "reactlib"
from reactlib.cli import main
with open(int(sys.argv[1]), encoding="utf-8") as requests, open(int(sys.argv[2]), "w", encoding="utf-8") as replies:
    for line in requests:
        request = json.loads(line)
        os.chdir(request["cwd"])
        before = {name: os.environ.get(name) for name in request["env"]}
        os.environ.update(request["env"])
        try:
            code = main(request["argv"])
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:  # as Python reports an uncaught exception (REACTLIB_DEBUG=1)
            traceback.print_exc()
            code = 1
        finally:
            for name, value in before.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        sys.stdout.flush()
        sys.stderr.flush()
        replies.write(json.dumps(code) + "\\n")
        replies.flush()
"""


class _Service:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="reactlib-service-"))
        self.out, self.err = self.folder / "stdout", self.folder / "stderr"
        requests_read, self.requests = os.pipe()
        self.replies, replies_write = os.pipe()
        with self.out.open("ab") as stdout, self.err.open("ab") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-c", SERVE, str(requests_read), str(replies_write)],
                stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, pass_fds=(requests_read, replies_write),
                env=ENVIRONMENT,
            )  # fmt: skip
        os.close(requests_read)
        os.close(replies_write)
        self.pending = b""

    def run(self, argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
        starts = self.out.stat().st_size, self.err.stat().st_size
        request = json.dumps({"argv": argv, "env": env, "cwd": str(cwd)}) + "\n"
        os.write(self.requests, request.encode())
        code = json.loads(self._reply())
        stdout, stderr = (self._read(path, start) for path, start in zip((self.out, self.err), starts, strict=True))
        return subprocess.CompletedProcess(argv, code, stdout, stderr)

    def _reply(self) -> str:
        while b"\n" not in self.pending:
            ready, _, _ = select.select([self.replies], [], [], TIMEOUT_SECONDS)
            chunk = os.read(self.replies, 4096) if ready else b""
            if not chunk:
                if not ready:  # stuck in a command: its workers and forkserver end with it
                    self.process.kill()
                said = self.err.read_text(encoding="utf-8", errors="replace")[-2000:]
                self.close()
                raise AssertionError(
                    f"the command service ended or hung (exit status {self.process.returncode}); it said:\n{said}"
                )
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()

    @staticmethod
    def _read(path: Path, start: int) -> str:
        with path.open("rb") as stream:
            stream.seek(start)
            return stream.read().decode("utf-8", errors="replace")

    def close(self) -> None:
        global _service
        if _service is self:
            _service = None
        if self.requests < 0:
            return
        os.close(self.requests)
        os.close(self.replies)
        try:
            self.process.wait(timeout=60)  # its requests closed, it ends after the command it runs
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.requests = -1
        shutil.rmtree(self.folder, ignore_errors=True)


_service: _Service | None = None


def run_in_service(
    *argv: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """``reactlib *argv`` run by this process's command service: what it returned and printed, as `run` gives it."""
    global _service
    given = dict(env or {})
    assert set(given) <= PER_COMMAND_ENVIRONMENT, f"{set(given) - PER_COMMAND_ENVIRONMENT}: only a command's env"
    if _service is None:
        _service = _Service()
        atexit.register(_service.close)
    return _service.run(list(argv), given, cwd or Path.cwd())
