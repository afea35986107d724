"""What importing a notebook's modules does to the warning filters, replayed on top of others.

`reactlib.render.kernel_warnings`: each expectation is what `warnings.filterwarnings` itself makes
of the same calls, on top of the filters a kernel's app has once it has initialised.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reactlib.render.kernel_warnings import KernelWarnings, launched_warning_options, record_imports, set_filters

#: Filters as a process has them before the notebook's modules are imported.
LAUNCHED = [
    ("error", None, SyntaxWarning, None, 0),
    ("default", None, DeprecationWarning, "__main__", 0),  # a plain string module, as Python's own
    ("ignore", None, ImportWarning, None, 0),
]
#: What a kernel's app adds as it initialises, on top of ``LAUNCHED``.
APP = ("ignore", None, RuntimeWarning, None, 0)


#: What a notebook's modules may do: put filters on top (a new one, one already there), append one.
NOTEBOOK_MODULE = """\
import warnings
warnings.filterwarnings("always", message="on top", category=UserWarning)
warnings.simplefilter("ignore", ImportWarning)
warnings.filterwarnings("error", category=BytesWarning, append=True)
"""


def notebook_imports() -> None:
    exec(NOTEBOOK_MODULE, {})


def filters_after(*steps) -> list:
    """The filters after each step, starting from `LAUNCHED`, as `warnings` itself makes them."""
    with warnings.catch_warnings():
        set_filters(LAUNCHED)
        for step in steps:
            step()
        return list(warnings.filters)


def app_initialises() -> None:
    warnings.filterwarnings("ignore", category=RuntimeWarning)


@pytest.fixture
def notebook_module(tmp_path, monkeypatch):
    """`NOTEBOOK_MODULE`, importable as ``notebook_module``."""
    (tmp_path / "notebook_module.py").write_text(NOTEBOOK_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "notebook_module"
    sys.modules.pop("notebook_module", None)


def test_recorded_imports_replay_on_top_of_an_apps_filters_as_importing_after_it_would(notebook_module):
    expected = filters_after(app_initialises, notebook_imports)
    with warnings.catch_warnings():
        set_filters(LAUNCHED)
        recorded = record_imports([notebook_module])
        assert warnings.filters == filters_after(notebook_imports)  # the mark is gone again
    assert recorded is not None
    assert recorded.on_top_of(filters_after(app_initialises)) == expected
    # By hand: the new filter and the moved one on top of the app's, the appended one last.
    assert expected[:3] == [("ignore", None, ImportWarning, None, 0), expected[1], APP]
    assert expected[1][:3] == ("always", expected[1][1], UserWarning) and expected[1][1].pattern == "on top"
    assert expected[-1] == ("error", None, BytesWarning, None, 0)
    assert expected[3:-1] == LAUNCHED[:2]


def test_a_filter_put_on_top_that_was_already_on_top_still_goes_above_the_apps():
    def again() -> None:
        warnings.simplefilter("error", SyntaxWarning)  # LAUNCHED's first, put on top again

    mark = ("ignore", None, UserWarning, "mark", 0)
    recorded = KernelWarnings.between(LAUNCHED, [LAUNCHED[0], mark, *LAUNCHED[1:]], mark)
    assert recorded is not None
    assert recorded.on_top_of(filters_after(app_initialises)) == filters_after(app_initialises, again)
    assert filters_after(app_initialises, again)[:2] == [LAUNCHED[0], APP]


@pytest.mark.parametrize(
    "imported",
    [
        pytest.param(lambda mark: [mark, LAUNCHED[0], LAUNCHED[2]], id="removed"),
        pytest.param(lambda mark: [mark, LAUNCHED[1], LAUNCHED[0], LAUNCHED[2]], id="reordered"),
        pytest.param(
            lambda mark: [mark, *LAUNCHED[:2], ("once", None, UserWarning, None, 0), LAUNCHED[2]], id="inserted"
        ),
        pytest.param(lambda mark: list(LAUNCHED), id="reset"),
        pytest.param(lambda mark: [mark, *LAUNCHED, LAUNCHED[0]], id="twice"),
    ],
)
def test_imports_that_did_what_filterwarnings_cannot_are_not_replayed(imported):
    mark = ("ignore", None, UserWarning, "mark", 0)
    assert KernelWarnings.between(LAUNCHED, imported(mark), mark) is None


def test_a_module_that_reset_the_filters_is_not_replayed(tmp_path, monkeypatch):
    (tmp_path / "resets_filters.py").write_text("import warnings\nwarnings.resetwarnings()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with warnings.catch_warnings():
            set_filters(LAUNCHED)
            assert record_imports(["resets_filters"]) is None
    finally:
        sys.modules.pop("resets_filters", None)


def warned_twice_from_one_line() -> None:
    for _ in range(2):
        warnings.warn("warned", UserWarning, stacklevel=1)


def test_set_filters_keeps_the_entries_as_they_are_and_makes_what_was_warned_warn_again():
    # "default": once per place, remembered in the module's registry until the filters change.
    shown_once = ("default", None, UserWarning, None, 0)
    with warnings.catch_warnings(record=True) as caught:
        set_filters([shown_once])
        warned_twice_from_one_line()
        set_filters([shown_once, *LAUNCHED])
        warned_twice_from_one_line()
        assert warnings.filters == [shown_once, *LAUNCHED]
        assert warnings.filters[2][3] == "__main__"
    assert [str(warning.message) for warning in caught] == ["warned", "warned"]


@pytest.mark.parametrize(
    ("options", "environment", "launched"),
    [
        ([], {}, True),
        (["error::UserWarning"], {"PYTHONWARNINGS": "error::UserWarning"}, True),  # read from the environment
        (["error::UserWarning", "error::UserWarning"], {"PYTHONWARNINGS": "error::UserWarning"}, True),  # and -W again
        (["a", "b"], {"PYTHONWARNINGS": "a,,b"}, True),
        (["b", "a"], {"PYTHONWARNINGS": "a,b"}, False),  # another order: other filters on top
        (["a", "b", "b"], {"PYTHONWARNINGS": "a,b"}, False),
        (["error::UserWarning"], {}, False),  # -W: not given to a launched kernel
        (["default"], {}, False),  # -X dev
        (["default::BytesWarning"], {}, False),  # -b
        ([], {"PYTHONWARNINGS": "error"}, False),  # -E: a launched kernel would read it
    ],
)
def test_only_pythonwarnings_options_are_a_launched_kernels(options, environment, launched):
    assert launched_warning_options(options, environment) is launched


#: The calls a module can make: (action, category, append); few enough that calls repeat, move
#: filters already there (Python's ImportWarning default among them) or append one that is.
CALLS = st.tuples(
    st.sampled_from(["ignore", "error", "always"]),
    st.sampled_from([UserWarning, RuntimeWarning, ImportWarning, SyntaxWarning, BytesWarning]),
    st.booleans(),
)


def calls_code(calls: list[tuple[str, type[Warning], bool]]) -> str:
    lines = ["import warnings"]
    lines += [f"warnings.filterwarnings({a!r}, category={c.__name__}, append={p})" for a, c, p in calls]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(app=st.lists(CALLS, max_size=4), notebook=st.lists(CALLS, max_size=6))
def test_any_filterwarnings_calls_replay_as_making_them_after_the_apps_would(app, notebook):
    def app_initialises() -> None:
        exec(calls_code(app), {})

    def notebook_imports() -> None:
        exec(calls_code(notebook), {})

    expected = filters_after(app_initialises, notebook_imports)  # a new Python kernel's order
    with tempfile.TemporaryDirectory() as folder:
        name = f"notebook_calls_{uuid.uuid4().hex}"
        (Path(folder) / f"{name}.py").write_text(calls_code(notebook), encoding="utf-8")
        with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
            patch.syspath_prepend(folder)  # and the import system's caches invalidated, as undone
            set_filters(LAUNCHED)
            recorded = record_imports([name])  # in the image, before the app initialises
        sys.modules.pop(name, None)
    assert recorded is not None  # filterwarnings alone can always be replayed
    assert recorded.on_top_of(filters_after(app_initialises)) == expected
