"""The warning filters of a kernel forked from an image, put in a new Python kernel's order.

A kernel started as a new Python (``python -m ipykernel_launcher``) gets its filters in three
steps: Python's defaults and those of the modules ipykernel's app imports
(``ipykernel.kernelapp``); then what the app adds as it initialises (its shell's, put on top);
then, once it runs, what the report notebook's modules add as its first cell imports them (put on
top of all that, or appended). A kernel forked from a process that imported all of these modules
before it initialised its app would have the notebook modules' filters below the app's, and
whatever filters the forking process's own modules added besides.

`record_imports` imports the notebook's modules in such a process and records what that did to
the filters (`KernelWarnings`); a kernel forked from it starts from the filters it had before
(``launched``) and, once its app has initialised, puts the notebook modules' filters where
importing them would have put them (`KernelWarnings.on_top_of`).

Two assumptions, which tests/test_forked_kernel.py's parity test with a batch worker checks: no
module is imported both by the notebook's modules and, for the first time, by the app as it
initialises (its filters would then be on top in a forked kernel, among the app's in a launched
one); and the app's initialisation imports nothing the forking process imported besides.

Filters are set as a whole with `set_filters`: `warnings.resetwarnings` tells every module's
warning registry that the filters changed, and the entries are kept as they are (a module field
may be a plain string, as Python's own ``'__main__'``, which `warnings.filterwarnings` would
have compiled).

Examples
--------
>>> launched = [("ignore", None, ImportWarning, None, 0)]
>>> mark = ("ignore", None, ImageMark, None, 0)
>>> on_top, appended = ("always", None, UserWarning, None, 0), ("error", None, BytesWarning, None, 0)
>>> recorded = KernelWarnings.between(launched, [on_top, mark, *launched, appended], mark)
>>> shell = ("ignore", None, RuntimeWarning, None, 0)  # what an app would add as it initialises
>>> recorded.on_top_of([shell, *launched]) == [on_top, shell, *launched, appended]
True
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: One entry of `warnings.filters`: (action, message, category, module, line number).
Filter = tuple[Any, ...]


@dataclass(frozen=True)
class KernelWarnings:
    """The filters a forked kernel starts from, and those the notebook's modules add.

    Attributes
    ----------
    launched
        The filters before the notebook's modules were imported: in a kernel image, once
        ``ipykernel.kernelapp`` is imported, as a launched kernel has them before its app initialises.
    first
        What the notebook's modules put on top (`warnings.filterwarnings`), topmost first.
    last
        What they appended (``append=True``), in order.
    """

    launched: tuple[Filter, ...]
    first: tuple[Filter, ...] = ()
    last: tuple[Filter, ...] = ()

    @classmethod
    def between(cls, launched: Sequence[Filter], imported: Sequence[Filter], mark: Filter) -> KernelWarnings | None:
        """What importing did to ``launched`` to make ``imported``; None if it cannot be replayed.

        ``mark`` was put on top of ``launched`` before the imports (`record_imports`): what is
        above it was added on top (an entry of ``launched`` put on top again moved there, as
        `warnings.filterwarnings` moves it); below it, the rest of ``launched`` must follow in
        order, and what comes after was appended. A module that removed or reordered filters
        cannot be replayed on top of other filters.
        """
        if mark not in imported or len(set(imported)) < len(imported):
            return None  # reset, or edited by hand: warnings.filterwarnings never makes a filter twice
        at = list(imported).index(mark)
        first = tuple(imported[:at])
        kept = [entry for entry in launched if entry not in first]
        below = list(imported[at + 1 :])
        if below[: len(kept)] != kept:
            return None
        return cls(tuple(launched), first, tuple(below[len(kept) :]))

    def on_top_of(self, filters: Sequence[Filter]) -> list[Filter]:
        """``filters`` with the notebook modules' added as importing them would add them."""
        combined = [entry for entry in filters if entry not in self.first]
        combined[0:0] = self.first
        combined.extend(entry for entry in self.last if entry not in combined)
        return combined


def set_filters(filters: Sequence[Filter]) -> None:
    """Make ``filters`` this process's warning filters, every module's warning registry invalidated."""
    warnings.resetwarnings()  # clears the list in place and marks the filters changed
    warnings.filters.extend(filters)  # type: ignore[attr-defined]  # typeshed: a Sequence; it is the list
    # What "once" filters already showed in this process (a forked kernel's parent) is shown again.
    warnings.onceregistry.clear()  # type: ignore[attr-defined]


def launched_warning_options(options: Sequence[str], environment: Mapping[str, str]) -> bool:
    """Whether a process's warning options (``sys.warnoptions``) are a launched kernel's: PYTHONWARNINGS' alone.

    jupyter_client launches a kernel with the environment but without the process's ``-W``,
    ``-b`` or ``-X dev`` (which multiprocessing passes on to its forkserver), and without
    ``-E``, so the kernel reads PYTHONWARNINGS even where the process did not. The options are
    compared in order (a filter's place depends on it); PYTHONWARNINGS' may come twice: a
    process started by multiprocessing reads them from the environment and is given them again
    as ``-W`` options.
    """
    given = [option for option in environment.get("PYTHONWARNINGS", "").split(",") if option]
    return list(options) in (given, given * 2)


class ImageMark(Warning):
    """Never warned: the category of the filter `record_imports` puts on top while it imports."""


def record_imports(modules: Iterable[str]) -> KernelWarnings | None:
    """Import ``modules``, and what that did to this process's warning filters; None if it cannot be replayed.

    An import error is raised; the filters are left as the imports made them.
    """
    launched = list(warnings.filters)
    warnings.filterwarnings("ignore", category=ImageMark)
    mark = warnings.filters[0]
    try:
        for module in modules:
            importlib.import_module(module)
    finally:
        imported = list(warnings.filters)
        set_filters([entry for entry in imported if entry != mark])
    return KernelWarnings.between(launched, imported, mark)
