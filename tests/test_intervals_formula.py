"""The Wilson interval worked out by its formula prints what scipy's `binomtest` printed (issue 25).

reactlib once took each Wilson interval from ``scipy.stats.binomtest(...).proportion_ci``; it
now works it out by the formula, to spare every `reactlib figures` the import of scipy.stats.
The floats may differ in their last bits; what figures.json prints (percent, one decimal) must
not. scipy.stats is the reference here, beside statsmodels in test_intervals.py.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from helpers.properties import PROPERTY_SETTINGS
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import ndtri
from scipy.stats import binomtest

from reactlib.count.intervals import CONFIDENCE, Z, percent_half_up, share_interval, wilson


def scipy_interval(count: int, n: int) -> tuple[float, float]:
    interval = binomtest(count, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return percent_half_up(float(interval.low)), percent_half_up(float(interval.high))


def test_every_count_of_every_small_n_prints_as_scipys_interval():
    pairs = [(count, n) for n in range(1, 61) for count in range(n + 1)]
    differing = [(count, n) for count, n in pairs if share_interval(count, n) != scipy_interval(count, n)]
    assert differing == []


@PROPERTY_SETTINGS
@given(st.integers(1, 3_000_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_any_count_of_a_large_n_prints_as_scipys_interval(pair):
    assert share_interval(*pair) == scipy_interval(*pair)


def test_z_is_the_normal_quantile_of_the_confidence_level_to_the_last_bit():
    assert float(ndtri(0.5 + 0.5 * CONFIDENCE)) == Z
    assert round(Z, 2) == 1.96  # the 1.96 of every textbook


def test_the_interval_holds_what_the_formula_says_by_hand():
    # 0 of n: the lower end is 0 and the upper z² / (n + z²); n of n mirrors it.
    z = float(ndtri(0.975))
    low, high = wilson(0, 40)
    assert math.isclose(low, 0, abs_tol=1e-15) and math.isclose(high, z * z / (40 + z * z), rel_tol=1e-12)
    low, high = wilson(40, 40)
    assert math.isclose(low, 40 / (40 + z * z), rel_tol=1e-12) and math.isclose(high, 1, rel_tol=1e-15)


@pytest.mark.parametrize("module", ["reactlib.count.figures", "reactlib.load.cases"])
def test_counting_and_loading_do_without_scipy_stats_and_optimize(module):
    # Each costs a quarter to half a second to import: `reactlib figures` without min_cell needs neither.
    code = f"import sys, {module}; print(sorted(m for m in ('scipy.stats', 'scipy.optimize') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
