"""How sure each share is: Wilson score intervals, and Newcombe's interval of a change.

A share of a report is ``count`` of ``n``: cases, clients or mentions. Its 95 % interval is the
Wilson score interval (Wilson 1927, in the form of Newcombe 1998, his method 3), worked out by
its formula; the interval of a change between two periods' shares is Newcombe's hybrid score
interval (his method 10), made from the two Wilson intervals. Both are in percent (points for a
change), rounded to one decimal half-up (half away from zero for a negative bound), as the shares
are.

An interval is worked out only from counts a report shows: where a count or its n is hidden
by small-cell suppression (any text, such as ``"<5"``), or n is 0, there is none. A Wilson
interval of a shown count of a hidden n would give n away (0 of n has the upper bound
``z² / (n + z²)``).

Examples
--------
>>> share_interval(279, 520), share_interval(0, 34), share_interval("<5", 34), share_interval(3, 0)
((49.4, 57.9), (0.0, 10.2), None, None)
>>> change_interval(26, 36, 5, 23)
(24.6, 67.5)
>>> within_noise((24.6, 67.5)), within_noise((-3.1, 7.5)), within_noise(None)
(False, True, None)
"""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reactlib.count.aggregate import Chart

#: The intervals' confidence level.
CONFIDENCE = 0.95
#: The standard normal's quantile of the two-sided `CONFIDENCE` level (0.975), to the last bit:
#: `scipy.special.ndtri`'s (tests check it). Written down, as statistics tables do: importing
#: scipy.special for it cost every `reactlib figures` a tenth of a second (it loads numpy.f2py),
#: and the stdlib's `statistics.NormalDist` is one unit in the last place off.
Z = 1.959963984540054

#: An interval as figures.json writes it: low and high, in percent (or points) with one decimal.
Interval = tuple[float, float]


def is_shown_count(value: Any) -> bool:
    """Whether ``value`` is a count a report shows: an integer. Any other value is suppressed.

    >>> is_shown_count(7), is_shown_count("<5"), is_shown_count("hidden"), is_shown_count(None), is_shown_count(True)
    (True, False, False, False, False)
    """
    if isinstance(value, bool):
        return False
    try:
        return int(value) == value and not isinstance(value, str | float)
    except (TypeError, ValueError):
        return False


def percent_half_up(proportion: float) -> float:
    """``100 * proportion`` to one decimal, a half rounded away from zero (as the shares are).

    Worked on the float's decimal form, so 0.0125 is 1.3, never 1.2 by binary error.

    >>> percent_half_up(0.0125), percent_half_up(-0.0125), percent_half_up(0.49356696)
    (1.3, -1.3, 49.4)
    """
    tenths = (Decimal(repr(proportion)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(tenths) + 0.0  # + 0.0: -0.0 is written 0.0


@functools.lru_cache(maxsize=8192)
def wilson(count: int, n: int) -> tuple[float, float]:
    """The Wilson score interval of ``count`` of ``n`` as proportions, unrounded.

    Newcombe's (1998) form of it: ``(2 count + z² ∓ z √(z² + 4 count (1 − count/n))) / 2 (n + z²)``.
    A report asks for the same few hundred pairs many times (previous periods, languages, a
    trend's periods): kept.

    >>> low, high = wilson(96, 133)
    >>> round(low, 4), round(high, 4)
    (0.6402, 0.7909)
    """
    spread = Z * math.sqrt(Z * Z + 4 * count * (1 - count / n))
    denominator = 2 * (n + Z * Z)
    return (2 * count + Z * Z - spread) / denominator, (2 * count + Z * Z + spread) / denominator


def _proportions(count: Any, n: Any) -> tuple[int, int] | None:
    """``(count, n)`` when both are shown and n is positive; None otherwise."""
    if not (is_shown_count(count) and is_shown_count(n)) or int(n) <= 0:
        return None
    return int(count), int(n)


def share_interval(count: Any, n: Any) -> Interval | None:
    """The 95 % Wilson interval of ``count`` of ``n`` in percent; None where either is hidden or n is 0."""
    shown = _proportions(count, n)
    if shown is None:
        return None
    low, high = wilson(*shown)
    return percent_half_up(low), percent_half_up(high)


def change_interval(count: Any, n: Any, previous_count: Any, previous_n: Any) -> Interval | None:
    """Newcombe's 95 % interval of ``count/n - previous_count/previous_n``, in percentage points.

    None where any of the four is hidden or either n is 0. The hybrid score interval (Newcombe
    1998, method 10) combines the two shares' Wilson intervals; it holds the difference of the
    two shares, and is not symmetric about it near 0 % and 100 %.
    """
    now, before = _proportions(count, n), _proportions(previous_count, previous_n)
    if now is None or before is None:
        return None
    share, previous_share = now[0] / now[1], before[0] / before[1]
    (low, high), (previous_low, previous_high) = wilson(*now), wilson(*before)
    difference = share - previous_share
    below = math.hypot(share - low, previous_high - previous_share)
    above = math.hypot(high - share, previous_share - previous_low)
    return percent_half_up(difference - below), percent_half_up(difference + above)


def within_noise(interval: Interval | None) -> bool | None:
    """Whether a change's interval, as printed, holds 0: the data cannot tell it from no change.

    Judged on the printed (rounded) interval, so that a reader of figures.json comes to the same
    answer; None without an interval.
    """
    if interval is None:
        return None
    low, high = interval
    return low <= 0 <= high


def chart_intervals(chart: Chart) -> list[Interval | None]:
    """Each item's `share_interval`, in the chart's order."""
    return [share_interval(count, chart.n) for count in chart.items["count"]]


def chart_change_intervals(chart: Chart, previous: Chart | None) -> list[Interval | None]:
    """Each item's `change_interval` against the same code of ``previous`` (all None without one)."""
    if previous is None:
        return [None] * len(chart.items)
    before = dict(zip(previous.items["code"], previous.items["count"], strict=True))
    return [
        change_interval(count, chart.n, before.get(code), previous.n)
        for code, count in zip(chart.items["code"], chart.items["count"], strict=True)
    ]
