"""A kernel's client does not wait for what it does not need, and loses nothing for it.

- The notebook client is connected once it has heard the kernel on both channels, not after
  the kernel has been quiet for a while: it connects while the kernel keeps talking.
- A render does the work that needs no executed notebook (`execute_notebook`'s ``meanwhile``)
  while the kernel resets, before the notebook runs.
- Closing a kernel ends its process.
"""

from __future__ import annotations

import nbformat
import pytest

from reactlib.render.execute import execute_notebook
from reactlib.render.kernels import WarmKernel

#: A thread in the kernel that prints a dot every 50 ms, for a minute at most, until told to stop:
#: the kernel's output channel is never quiet for long. Kept on `sys`, which a reset leaves alone
#: (it clears the names the thread's function would otherwise look up: they are its defaults).
TALKER = """\
import sys, threading, time
sys.talking = threading.Event()
sys.talking.set()
def _talk(sys=sys, time=time, end=time.monotonic() + 60):
    while sys.talking.is_set() and time.monotonic() < end:
        print(".", end="", flush=True)
        time.sleep(0.05)
sys.talker = threading.Thread(target=_talk, daemon=True)
sys.talker.start()
"""


def tiny_notebook(path, *sources: str):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, str(path))
    return path


def printed(executed: nbformat.NotebookNode, cell: int) -> str:
    return "".join(output.get("text", "") for output in executed.cells[cell].outputs if output.output_type == "stream")


class TalkativeKernelClient:
    """A stand-in for a kernel's client whose kernel never stops talking on IOPub.

    Each `kernel_info` request is answered on the shell channel; IOPub carries other requests'
    messages without end, with the kernel's busy status about a request among them, except for
    the requests in ``unheard`` (published before the subscription was in place).
    """

    def __init__(self, unheard: set[str] = frozenset()) -> None:
        self.requests: list[str] = []
        self.unheard = unheard
        self.iopub_read = 0
        self._iopub: list[dict] = []

    def kernel_info(self) -> str:
        request = f"kernel-info-{len(self.requests) + 1}"
        self.requests.append(request)
        heard = [] if request in self.unheard else [message(request, "status")]
        self._iopub += [message("someone-else", "stream")] * 3 + heard
        return request

    async def get_shell_msg(self, timeout: float) -> dict:
        return message(self.requests[-1], "kernel_info_reply")

    async def get_iopub_msg(self, timeout: float) -> dict:
        self.iopub_read += 1
        return self._iopub.pop(0) if self._iopub else message("someone-else", "stream")


def message(parent: str, kind: str) -> dict:
    return {"parent_header": {"msg_id": parent}, "msg_type": kind, "content": {}}


@pytest.mark.parametrize("unheard", [set(), {"kernel-info-1"}], ids=["heard at once", "first one unheard"])
def test_connecting_ends_when_the_kernel_is_heard_about_its_request_not_when_it_falls_quiet(unheard, monkeypatch):
    kernel = WarmKernel()  # not started: only its way of connecting a client is tried
    monkeypatch.setattr(kernel, "alive", lambda: True)
    client = TalkativeKernelClient(unheard)

    kernel._until_connected(client)  # type: ignore[arg-type]

    # Asked again only when the kernel's word about the first request never came.
    assert client.requests == ["kernel-info-1", "kernel-info-2"][: 1 + len(unheard)]
    # Read up to its own request's status, and no further: what follows is nbclient's to read.
    assert client._iopub == []
    kernel.close()


@pytest.mark.slow
def test_the_notebook_client_connects_while_the_kernel_keeps_talking_and_hears_every_cell(tmp_path):
    notebook = tiny_notebook(
        tmp_path / "check.ipynb",
        # One write: the talker's dots cannot fall between its words.
        "import sys\nprint(f'|talking: {sys.talker.is_alive()}|', end='')\nsys.talking.clear()\nsys.talker.join()",
        "print('second cell')",
    )
    with WarmKernel() as kernel:
        kernel.reset(then=TALKER)
        kernel.notebook_client()  # jupyter_client's wait_for_ready would wait for 0.2 s of quiet
        executed = execute_notebook(notebook, {}, tmp_path / "checked.ipynb", kernel)

    assert "|talking: True|" in printed(executed, 0), "the kernel talked while its client connected"
    assert printed(executed, 1) == "second cell\n"


@pytest.mark.slow
@pytest.mark.parametrize("warm", [True, False], ids=["warm kernel", "fresh kernel"])
def test_the_callers_work_is_done_once_before_the_notebook_runs(tmp_path, warm):
    marker = tmp_path / "marker.txt"
    notebook = tiny_notebook(tmp_path / "read.ipynb", f"print(open({str(marker)!r}).read())")
    calls = []

    def meanwhile() -> None:
        calls.append("meanwhile")
        marker.write_text("written meanwhile")

    if warm:
        with WarmKernel() as kernel:
            executed = execute_notebook(notebook, {}, tmp_path / "read-out.ipynb", kernel, meanwhile=meanwhile)
    else:
        executed = execute_notebook(notebook, {}, tmp_path / "read-out.ipynb", meanwhile=meanwhile)

    assert printed(executed, 0) == "written meanwhile\n"
    assert calls == ["meanwhile"]


@pytest.mark.slow
def test_a_closed_kernels_process_has_ended_and_its_folder_is_gone():
    with WarmKernel() as kernel:  # closed on leaving, also when the reset fails
        kernel.reset()
        process = kernel.manager.provisioner.process  # type: ignore[union-attr]
        private = kernel._private

    # Its Popen's return code is set only once the process has been waited for: not even a zombie.
    assert process.returncode is not None
    assert not private.exists()


@pytest.mark.slow
@pytest.mark.parametrize("warm", [True, False], ids=["warm kernel", "fresh kernel"])
def test_the_notebook_client_is_given_an_iopub_timeout_of_60_seconds_that_raises(tmp_path, monkeypatch, warm):
    from papermill.clientwrap import PapermillNotebookClient

    waits = []
    execute = PapermillNotebookClient.execute

    def recording(self, *args, **kwargs):
        waits.append((self.iopub_timeout, self.raise_on_iopub_timeout))
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(PapermillNotebookClient, "execute", recording)
    notebook = tiny_notebook(tmp_path / "one.ipynb", "print('one')")
    if warm:
        with WarmKernel() as kernel:
            executed = execute_notebook(notebook, {}, tmp_path / "one-out.ipynb", kernel)
    else:
        executed = execute_notebook(notebook, {}, tmp_path / "one-out.ipynb")

    # iopub_timeout and raise_on_iopub_timeout as the client gets them (nbclient's defaults: 4, False).
    assert waits == [(60, True)]
    assert printed(executed, 0) == "one\n"
