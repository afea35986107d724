"""A kernel forked from its worker (`reactlib.render.forked_kernel`) is a kernel as a new Python is.

Each claim is checked against what jupyter_client's own way of starting a kernel (a new
``python -m ipykernel_launcher``) gives, or against the system's view of the processes.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.kernels import execute, kernel_pid
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.utils import run_sync

from reactlib.batch import workers
from reactlib.render import forked_kernel
from reactlib.render.forked_kernel import (
    PROVISIONER_NAME,
    ForkedKernelSpecManager,
    _launcher_arguments,
)
from reactlib.render.kernels import KERNEL_NAME, WarmKernel

pytestmark = pytest.mark.slow

#: The tests' folder: the scripts run in a new Python import their helpers from there.
TESTS = str(Path(__file__).parent)

#: What a kernel says about itself: everything that could make a report differ between kernels.
STATE = r"""
import json, multiprocessing, os, signal, sys, warnings
import matplotlib, matplotlib.pyplot as plt, pandas
plt.figure(); plt.close()  # the backend is chosen, and hooked into the kernel, at the first figure
def options(prefix, wrapper):  # every display option, display.html.* and such included
    for name in dir(wrapper):
        value = getattr(wrapper, name)
        if type(value).__name__ == "DictWrapper":
            yield from options(f"{prefix}.{name}", value)
        else:
            yield f"{prefix}.{name}", repr(value)
state = {
    "cwd": os.getcwd(), "path": sys.path, "argv": sys.argv, "flags": repr(sys.flags), "parent": os.getppid(),
    "session_leader": os.getsid(0) == os.getpid(), "group_leader": os.getpgid(0) == os.getpid(),
    "environment": {key: value for key, value in os.environ.items() if key != "JPY_SESSION_NAME"},
    "backend": matplotlib.get_backend(), "pandas": dict(options("display", pandas.options.display)),
    "warnings": [repr(rule) for rule in warnings.filters],
    "hooks": sorted(f"{hook.__module__}.{hook.__qualname__}" for hook in get_ipython().events.callbacks["post_execute"]),
    "signals": {name: str(signal.getsignal(getattr(signal, name))) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGPIPE")},
    "process": [multiprocessing.current_process().name, multiprocessing.current_process().daemon],
    "stdin": repr(os.read(0, 1)),  # the end of a pipe nobody writes to (jupyter_client's), or the null device
    "stdout": [os.readlink(f"/proc/self/fd/{fd}") for fd in (1, 2)],
}
print(json.dumps(state))
"""


def state_of(kernel: WarmKernel) -> dict:
    reply, printed = execute(kernel, STATE)
    assert reply["status"] == "ok", reply
    return json.loads("".join(printed))


def test_the_spec_names_the_forking_provisioner_only_for_ipykernel_run_by_this_python(monkeypatch):
    spec = ForkedKernelSpecManager().get_kernel_spec(KERNEL_NAME)
    assert spec.metadata["kernel_provisioner"] == {"provisioner_name": PROVISIONER_NAME}
    assert "kernel_provisioner" not in KernelSpecManager().get_kernel_spec(KERNEL_NAME).metadata  # left as it was

    # Not where jupyter_client could not find the provisioner (reactlib installed before it).
    monkeypatch.setattr(forked_kernel, "entry_points", lambda **selection: [])
    forked_kernel.registered.cache_clear()
    try:
        assert "kernel_provisioner" not in ForkedKernelSpecManager().get_kernel_spec(KERNEL_NAME).metadata
    finally:
        forked_kernel.registered.cache_clear()

    assert _launcher_arguments([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"]) == ["-f", "k.json"]
    assert _launcher_arguments(["python3", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"]) == [
        "-f", "k.json",
    ]  # fmt: skip
    assert _launcher_arguments(["/usr/bin/env", "python3", "-m", "ipykernel_launcher"]) is None
    assert _launcher_arguments(["/opt/other/bin/python3", "-m", "ipykernel_launcher", "-f", "k.json"]) is None
    assert _launcher_arguments([sys.executable, "-m", "other_kernel", "-f", "k.json"]) is None


def test_only_this_environments_python_with_harmless_options_is_forked(tmp_path):
    command = ["-m", "ipykernel_launcher", "-f", "k.json"]
    # Another name for this Python in its own folder (python, python3, python3.x: links to one file).
    folder = Path(sys.executable).parent
    sibling = next(
        path for path in folder.glob("python*")
        if path.name != Path(sys.executable).name and path.exists() and os.path.samefile(path, sys.executable)
    )  # fmt: skip
    assert _launcher_arguments([str(sibling), *command]) == ["-f", "k.json"]

    # Another environment on the same base interpreter: its python is a link to the same file,
    # but it finds its own packages from its own folder.
    other = tmp_path / "other-environment" / "bin"
    other.mkdir(parents=True)
    (other / "python3").symlink_to(os.path.realpath(sys.executable))
    (other / "python").symlink_to(sys.executable)
    assert os.path.samefile(other / "python3", sys.executable)  # one interpreter: the folder decides
    assert _launcher_arguments([str(other / "python3"), *command]) is None
    assert _launcher_arguments([str(other / "python"), *command]) is None
    # A relative path: jupyter_client would run it from the kernel's folder.
    assert _launcher_arguments([os.path.relpath(sys.executable), *command]) is None

    # Options before -m that would make the kernel another than this process: the spec is left alone.
    assert _launcher_arguments([sys.executable, "-Xfrozen_modules=off", *command]) == ["-f", "k.json"]
    for options in (["-E"], ["-I"], ["-O"], ["-X", "dev"], ["-Xfrozen_modules=off", "-W", "error"], ["-u"]):
        assert _launcher_arguments([sys.executable, *options, *command]) is None, options
    assert "kernel_provisioner" not in spec_for([sys.executable, "-O", *command]).metadata
    assert spec_for([sys.executable, *command]).metadata["kernel_provisioner"]["provisioner_name"] == PROVISIONER_NAME


def spec_for(argv: list[str]):
    """What `ForkedKernelSpecManager` makes of the ``python3`` kernel spec, had it run ``argv``."""
    original = KernelSpecManager.get_kernel_spec

    def with_argv(self, kernel_name):
        spec = original(self, kernel_name)
        spec.argv = argv
        return spec

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(KernelSpecManager, "get_kernel_spec", with_argv)
        return ForkedKernelSpecManager().get_kernel_spec(KERNEL_NAME)


def test_a_signal_that_reaches_the_child_before_it_is_a_kernel_never_runs_the_parents_handler(monkeypatch, tmp_path):
    # A worker's SIGTERM handler removes its kernel's folder: run in the child, it would remove
    # the folder of the kernel that child is becoming.
    ran = tmp_path / "handler-ran"

    def parents_handler(*_: object) -> None:
        ran.write_text(str(os.getpid()))
        os._exit(7)

    leave_files = forked_kernel._leave_parents_files

    def signalled_meanwhile() -> None:  # the child, before it resets its handlers
        os.kill(os.getpid(), signal.SIGTERM)
        leave_files()

    monkeypatch.setattr(forked_kernel, "_leave_parents_files", signalled_meanwhile)
    provisioner = forked_kernel.ForkedKernelProvisioner(kernel_id="probe", parent=None)
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    previous = signal.signal(signal.SIGTERM, parents_handler)
    try:
        command = [sys.executable, "-m", "ipykernel_launcher", "-f", str(tmp_path / "kernel.json")]
        run_sync(provisioner.launch_kernel)(command, env=dict(os.environ), cwd=str(tmp_path))
        assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == mask  # the parent's, again at once
    finally:
        signal.signal(signal.SIGTERM, previous)
    pid = provisioner.pid
    handle = os.pidfd_open(pid)
    try:
        if not select.select([handle], [], [], 60)[0]:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(handle)
    _, status = os.waitpid(pid, 0)
    assert not ran.exists()
    # Delivered once the child's handlers were reset: it ends as a new process told SIGTERM does.
    assert os.waitstatus_to_exitcode(status) == -signal.SIGTERM


#: Both kernels' states, as seen from a batch worker: a daemonic process forked from a forkserver
#: that preloaded what `WorkerPool` preloads, with a worker's signal handlers.
WORKER_LIKE = """\
import json, multiprocessing, sys
from helpers.worker_like import kernel_states
from reactlib.batch.workers import WORKER_MODULES
context = multiprocessing.get_context("forkserver")
context.set_forkserver_preload(WORKER_MODULES)
results = context.Queue()
worker = context.Process(target=kernel_states, args=(sys.argv[1], results), name="report-0", daemon=True)
worker.start()
print(json.dumps([worker.pid, results.get(timeout=300)]))
worker.join()
"""


@pytest.fixture(scope="module")
def worker_kernel_states() -> tuple[int, list]:
    """The worker's process id, and its two kernels' states (`WORKER_LIKE`)."""
    environment = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    # The tests' helpers found by both kernels alike, as a batch's own path entries are: the
    # batch's first entry (its script's folder, here the working folder) is the one left out.
    tests = str(Path(__file__).parent)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [tests, environment.get("PYTHONPATH")]))
    shown = subprocess.run(
        [sys.executable, "-c", WORKER_LIKE, STATE],
        capture_output=True, text=True, timeout=300, check=True, env=environment,
    ).stdout  # fmt: skip
    worker, states = json.loads(shown)
    assert isinstance(states, list), states  # else the worker's traceback
    return worker, states


def test_a_kernel_forked_from_a_worker_is_in_the_state_a_new_python_kernel_is_in(worker_kernel_states):
    worker, states = worker_kernel_states
    (spawned, spawned_file, expected), (forked, forked_file, state) = json.loads(json.dumps(states))
    assert (spawned, forked) == ("LocalProvisioner", "ForkedKernelProvisioner")

    # Each in its own private folder, with its own connection file, run by the worker; the rest alike.
    assert (Path(expected["cwd"]), Path(state["cwd"])) == (Path(spawned_file).parent, Path(forked_file).parent)
    assert state["parent"] == expected["parent"] == int(expected["environment"]["JPY_PARENT_PID"]) == worker
    for kernel, connection_file in ((expected, spawned_file), (state, forked_file)):
        at = kernel["argv"].index("-f") + 1
        assert os.path.realpath(kernel["argv"][at]) == os.path.realpath(connection_file)
        kernel["argv"][at] = "{connection_file}"
        kernel.pop("cwd")
        kernel.pop("warnings")  # see the next test
    assert expected["backend"] == "module://matplotlib_inline.backend_inline"
    assert expected["process"] == ["MainProcess", False]
    assert state == expected


def test_a_kernel_forked_from_a_worker_has_a_new_python_kernels_warning_filters(worker_kernel_states):
    # Not the filters the worker's own modules added (bleach's, urllib3's, requests'), and the
    # notebook modules' above ipykernel's shell's, as their import in the first cell puts them.
    _, [(_, _, expected), (_, _, state)] = worker_kernel_states
    assert state["warnings"] == expected["warnings"]


#: Modules of a notebook that change the warning filters every way `warnings.filterwarnings` can.
NOTEBOOK_MODULES = {
    "adds_on_top": "import warnings\nwarnings.filterwarnings('always', message='on top', category=UserWarning)\n",
    "moves_on_top": "import warnings\nwarnings.simplefilter('ignore', ImportWarning)  # one of Python's defaults\n",
    "appends": "import warnings\nwarnings.filterwarnings('error', category=BytesWarning, module='appended', append=True)\n",
}
#: A module of the forking process's own, imported after the image, as a worker imports papermill.
OWN_MODULE = "import warnings\nwarnings.filterwarnings('ignore', message='the worker alone')\n"
#: Each kernel's warning filters: one started as a new Python, one forked from a process holding
#: an image whose notebook modules are `NOTEBOOK_MODULES`; each imports them in its first cell.
IMAGE_WITH_NOTEBOOK_MODULES = """\
import json, sys
from reactlib.batch import workers
workers.KERNEL_MODULES[:] = sys.argv[1:]
import reactlib.batch.kernel_image as image
import own_module
from helpers.kernels import execute
from reactlib.render.kernels import WarmKernel
shown = []
for forked in (False, True):
    with WarmKernel(forked=forked) as kernel:
        kernel.send_silently("import " + ", ".join(sys.argv[1:]))
        kernel.reset()
        _, printed = execute(kernel, "import json, warnings; print(json.dumps([repr(rule) for rule in warnings.filters]))")
        shown.append(json.loads("".join(printed)))
print(json.dumps([image.KERNEL_IMAGE, *shown]))
"""


def test_a_forked_kernel_puts_the_notebook_modules_filters_where_their_import_puts_them(tmp_path):
    for name, code in {**NOTEBOOK_MODULES, "own_module": OWN_MODULE}.items():
        (tmp_path / f"{name}.py").write_text(code, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    environment["PYTHONPATH"] = os.pathsep.join([str(tmp_path), TESTS])
    shown = subprocess.run(
        [sys.executable, "-c", IMAGE_WITH_NOTEBOOK_MODULES, *NOTEBOOK_MODULES],
        capture_output=True, text=True, timeout=300, check=True, env=environment,
    ).stdout  # fmt: skip
    imaged, spawned, forked = json.loads(shown)
    assert imaged
    # What a new Python kernel has, by hand: the notebook's filters on top of ipykernel's shell's,
    # Python's ImportWarning default moved there, the appended one last.
    on_top = [
        "('ignore', None, <class 'ImportWarning'>, None, 0)",
        "('always', re.compile('on top', re.IGNORECASE), <class 'UserWarning'>, None, 0)",
    ]
    assert spawned[:2] == on_top
    assert "Trio's signal handling" in spawned[2]
    assert "BytesWarning" in spawned[-1] and "appended" in spawned[-1]
    assert spawned.count(on_top[0]) == 1 and not any("the worker alone" in rule for rule in spawned)
    assert forked == spawned


def test_an_image_whose_notebook_modules_removed_a_filter_is_refused(tmp_path):
    # A forked kernel could not replay it on top of ipykernel's filters: it starts as a new Python.
    (tmp_path / "removes.py").write_text(
        "import warnings\nwarnings.filters.remove(('ignore', None, ImportWarning, None, 0))\n", encoding="utf-8"
    )
    probe = """\
import sys, warnings
from reactlib.batch import workers
from reactlib.render import forked_kernel
workers.KERNEL_MODULES[:] = ["removes"]
import reactlib.batch.kernel_image as image
removed = ("ignore", None, ImportWarning, None, 0) not in warnings.filters
print(image.KERNEL_IMAGE, workers._kernel_image_ready(), "removes" in sys.modules, removed,
      forked_kernel.can_fork(), forked_kernel.registered())
"""
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=environment)
    # Refused for the removed filter: the module was imported and did remove it, and this
    # process could otherwise fork kernels.
    assert shown.stdout.split() == ["False", "False", "True", "True", "True", "True"]


def test_an_image_with_warning_options_a_launched_kernel_has_not_is_refused():
    # multiprocessing passes a batch's -W on to its forkserver; a kernel launched by
    # jupyter_client would not have it. (Which options are a launched kernel's: test_kernel_warnings.)
    probe = (
        "import os, sys, reactlib.batch.kernel_image as image\n"
        "from reactlib.render import forked_kernel\n"
        "from reactlib.render.kernel_warnings import launched_warning_options\n"
        "print(image.KERNEL_IMAGE, 'ipykernel.kernelapp' in sys.modules, 'seaborn' in sys.modules,\n"
        "      launched_warning_options(sys.warnoptions, os.environ), forked_kernel.can_fork(), forked_kernel.registered())"
    )
    shown = subprocess.run(
        [sys.executable, "-W", "error::UserWarning", "-c", probe], capture_output=True, text=True, check=True
    )
    # Refused for that alone, once ipykernel was imported and before the notebook's modules were.
    assert shown.stdout.split() == ["False", "True", "False", "False", "True", "True"]


def test_a_forked_kernel_holds_none_of_its_parents_files():
    # A worker's pipes tell its batch when it ends: a kernel holding one would hide that.
    read_end, write_end = os.pipe()
    os.set_inheritable(write_end, True)  # even one a new process would inherit
    try:
        with WarmKernel(forked=True) as kernel:
            kernel.reset()
            os.close(write_end)
            write_end = -1
            ready, _, _ = select.select([read_end], [], [], 30)
            assert ready and os.read(read_end, 1) == b""  # end of file: nobody else writes to it
            state = state_of(kernel)
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    assert state["stdin"] == "b''" and state["stdout"] == [os.devnull] * 2


@pytest.mark.parametrize("forked", [False, True], ids=["spawned", "forked"])
def test_a_kernel_is_interrupted_in_the_middle_of_a_cell(forked):
    with WarmKernel(forked=forked) as kernel:
        kernel.reset()
        client = BlockingKernelClient()
        client.load_connection_info(kernel.manager.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=120)
            request = client.execute("import time\nprint('sleeping', flush=True)\ntime.sleep(300)")
            while client.get_iopub_msg(timeout=120)["msg_type"] != "stream":  # it has started sleeping
                pass
            run_sync(kernel.manager.interrupt_kernel)()
            reply = client.get_shell_msg(timeout=60)
        finally:
            client.stop_channels()
        assert reply["parent_header"]["msg_id"] == request
        assert (reply["content"]["status"], reply["content"]["ename"]) == ("error", "KeyboardInterrupt")
        assert kernel.alive()


@pytest.mark.parametrize("forked", [False, True], ids=["spawned", "forked"])
def test_a_closed_kernel_leaves_no_process_and_no_folder(forked):
    with WarmKernel(forked=forked) as kernel:
        kernel.reset()
        pid = kernel_pid(kernel)
        folder = Path(kernel.manager.connection_file).parent
    assert not folder.exists()
    with pytest.raises(ChildProcessError):  # reaped: not even a zombie left
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("forked", [False, True], ids=["spawned", "forked"])
def test_an_abandoned_kernel_is_killed_from_another_thread(forked):
    import threading

    with WarmKernel(forked=forked) as kernel:
        kernel.reset()
        pid = kernel_pid(kernel)
        threading.Thread(target=kernel.abandon).start()
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


ORPHAN = """\
import os, sys
import reactlib.batch.kernel_image  # what a batch worker's forkserver imports first
from jupyter_core.utils import run_sync
from reactlib.render.kernels import WarmKernel
from reactlib.batch.workers import _kernel_image_ready
kernel = WarmKernel(forked=_kernel_image_ready()).__enter__()
kernel.reset()
info = run_sync(kernel.manager.provisioner.get_provisioner_info)()
print(type(kernel.manager.provisioner).__name__, info["pid"], flush=True)
os._exit(0)  # as a worker killed: nobody closes the kernel
"""


def ended(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (FileNotFoundError, ProcessLookupError):
        return True


def test_a_forked_kernel_ends_when_the_process_it_was_forked_from_ends(tmp_path):
    # A private TMPDIR: the process that ends without closing its kernel leaves the kernel's folder.
    shown = subprocess.run(
        [sys.executable, "-c", ORPHAN], capture_output=True, text=True, timeout=300, check=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    ).stdout.split()  # fmt: skip
    assert shown[0] == "ForkedKernelProvisioner"
    pid = int(shown[1])
    # ipykernel's own watch of its parent looks once a second; waited for, not timed.
    deadline = time.monotonic() + 60
    while not ended(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ended(pid)


FIRST_CELL = """\
import os, sys
import reactlib.batch.kernel_image
from reactlib.render.kernels import WarmKernel
from reactlib.batch.workers import _kernel_image_ready
from helpers.kernels import execute
print(_kernel_image_ready(), os.environ.get("MPLBACKEND"))
with WarmKernel(forked=_kernel_image_ready()) as kernel:
    _, printed = execute(kernel, "import sys; print(all(name in sys.modules for name in %r))" % (sys.argv[1:],))
    print("".join(printed).strip())
"""


def test_a_workers_kernel_starts_with_the_notebooks_modules_imported():
    # Imported by the forkserver, with the MPLBACKEND ipykernel sets, before the first cell.
    shown = subprocess.run(
        [sys.executable, "-c", FIRST_CELL, "ipykernel.kernelapp", *workers.KERNEL_MODULES],
        capture_output=True, text=True, timeout=300, check=True,
        env={**os.environ, "MPLBACKEND": "", "PYTHONPATH": TESTS},
    ).stdout.split()  # fmt: skip
    assert shown == ["True", "module://matplotlib_inline.backend_inline", "True"]


BROKEN_IMAGE = """\
import os, sys
sys.modules["seaborn"] = None  # its import fails
import reactlib.batch.kernel_image as image
import reactlib.batch.worker_start as start
from reactlib.batch.workers import _kernel_image_ready
print(image.KERNEL_IMAGE, _kernel_image_ready(), start.PREPARED, os.environ.get("MPLBACKEND", "unset"))
"""


def test_a_failed_image_leaves_kernels_to_start_as_new_pythons_and_matplotlib_unset():
    environment = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    shown = subprocess.run(
        [sys.executable, "-c", BROKEN_IMAGE], capture_output=True, text=True, timeout=300, check=True, env=environment
    ).stdout.split()
    assert shown == ["False", "False", "True", "unset"]


def test_pytest_itself_holds_no_kernel_image():
    # Collecting the package's doctests must not import the forkserver's start-up modules: this
    # process would then have a kernel's MPLBACKEND, pandas options and warning filters, and
    # every test of the session would run in that state.
    assert "reactlib.batch.kernel_image" not in sys.modules
    assert "reactlib.batch.worker_start" not in sys.modules
    assert not workers._kernel_image_ready()


def test_a_process_that_is_no_worker_starts_kernels_as_new_pythons():
    probe = "from reactlib.batch.workers import _kernel_image_ready; import sys; print(_kernel_image_ready(), 'reactlib.batch.kernel_image' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert shown == ["False", "False"]
