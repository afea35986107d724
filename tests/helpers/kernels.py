"""Talking to a running `reactlib.render.kernels.WarmKernel` as a notebook's client does, and finding its process."""

from __future__ import annotations

from jupyter_client.blocking import BlockingKernelClient
from jupyter_core.utils import run_sync

from reactlib.render.kernels import WarmKernel


def kernel_pid(kernel: WarmKernel) -> int:
    """The id of the kernel's process, as its provisioner knows it (spawned or forked)."""
    assert kernel.manager is not None and kernel.manager.provisioner is not None
    return run_sync(kernel.manager.provisioner.get_provisioner_info)()["pid"]


def execute(kernel: WarmKernel, code: str, timeout: float = 120) -> tuple[dict, list[str]]:
    """Run ``code`` in the kernel through a client of its own: the reply's content and what it printed."""
    assert kernel.manager is not None
    client = BlockingKernelClient()
    client.load_connection_info(kernel.manager.get_connection_info())
    client.start_channels()
    printed: list[str] = []
    try:
        client.wait_for_ready(timeout=timeout)
        reply = client.execute_interactive(
            code, timeout=timeout,
            output_hook=lambda message: printed.append(message["content"]["text"]) if message["msg_type"] == "stream" else None,
        )  # fmt: skip
    finally:
        client.stop_channels()
    return reply["content"], printed
