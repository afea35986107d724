"""JupyterLab for reactlib's notebooks (`make lab` starts it with this file): a notebook is saved as git keeps it.

Running a report notebook fills it with outputs and execution counts. git's filter (nbstripout,
set up by `make lab`) keeps them out of every commit, but git still lists a notebook saved with
outputs as modified, since the file's size changed. So JupyterLab saves the notebook as the filter
would commit it, with nbstripout's own function and the filter's settings (`make lab`): outputs,
execution counts, editor state and the kernel's language version left out, cell ids kept. The
outputs stay on screen until the notebook is closed; the rendered report (`make reports`) and its
executed report.ipynb keep them.
"""

import nbformat
from nbstripout import strip_output

#: What the git filter strips besides outputs and counts: nbstripout's own defaults (its command
#: line adds them), the kernel's description of its language and a cell's collapsed input or
#: output (`make lab`'s extrakeys).
STRIPPED_KEYS = [
    "metadata.signature",
    "metadata.widgets",
    "cell.metadata.collapsed",
    "cell.metadata.ExecuteTime",
    "cell.metadata.execution",
    "cell.metadata.heading_collapsed",
    "cell.metadata.hidden",
    "cell.metadata.scrolled",
    "metadata.language_info",
    "cell.metadata.jupyter",
]


def save_as_committed(model, **_):
    """A pre-save hook: the notebook's content as git's filter would commit it."""
    if model.get("type") == "notebook":
        notebook = nbformat.from_dict(model["content"])
        model["content"] = strip_output(
            notebook, keep_output=False, keep_count=False, keep_id=True, extra_keys=STRIPPED_KEYS
        )


c = get_config()  # noqa: F821 - the name Jupyter's config loader gives a config file
c.ContentsManager.pre_save_hook = save_as_committed
