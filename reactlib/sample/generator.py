"""Large random case tables in the input format of the data contract, vectorised with numpy.

`generate_cases` draws clients first (memberships, gender, age, region), then their cases,
from the tables of `reactlib.sample.plausibility`. Everything is invented; tables are returned
exactly as a CSV export holds them (every value a string, ``""`` for not recorded,
multi-valued cells joined with ``"; "``); Moldova's coded columns are written as English
labels, as a labelled export would, because the loader must accept both.

Examples
--------
>>> from reactlib.contract.schema import COLUMN_NAMES
>>> cases = generate_cases(5, seed=1)
>>> list(cases.columns) == list(COLUMN_NAMES)
True
>>> cases["case_id"].is_unique
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from reactlib.contract.categories import (
    REPORT_GROUP_KEY_POPULATION,
    REPORT_GROUPS,
)
from reactlib.contract.schema import COLUMN_NAMES
from reactlib.sample.plausibility import (
    _AGE_MISSING_SHARE,
    _AGE_TEXT,
    _CASE_NUMBER_WIDTH,
    _CASES_PER_CLIENT,
    _CHILD_SHARE,
    _CLIENT_NUMBER_WIDTH,
    _DEFAULT_GENDER_MIX,
    _DEFAULT_TYPICAL_AGE,
    _DOMINANT_OF_PERPETRATOR_COMBO,
    _GENDER_MISSING_SHARE,
    _GENDER_MIX_BY_TRAIT,
    _GENDER_TABLE,
    _KEY_POPULATION_MIX,
    _KEY_POPULATION_TABLE,
    _MAX_AGE,
    _MINOR_SHARE,
    _NO_PERPETRATOR,
    _NO_REPORT_GROUP,
    _NO_REPORT_GROUP_PULL,
    _NOT_CHILDREN,
    _NOT_MINORS,
    _PERPETRATOR_TABLE,
    _PERPETRATOR_WEIGHTS,
    _PROVIDED_TABLE,
    _PROVIDED_WEIGHTS,
    _QUALIFIED_SHARE,
    _QUALIFIED_SHARE_NO_RESOLUTION,
    _QUALIFIED_TEXT,
    _REFERRED_TABLE,
    _REFERRED_WEIGHTS,
    _REFUSAL_TABLE,
    _REFUSAL_WEIGHTS,
    _REPORT_GROUP_PULL,
    _REPORT_GROUP_TABLE,
    _STATUS_INDEX,
    _STATUS_TABLE,
    _STATUS_WEIGHTS,
    _T,
    _TYPICAL_AGE_BY_TRAIT,
    _UNAVAILABLE_TABLE,
    _UNAVAILABLE_WEIGHTS,
    _UNHELPED_STATUSES,
    _VIOLATION_TABLE,
    _VIOLATION_WEIGHTS,
    COUNTRIES,
    LABELLED_COUNTRIES,
    SAMPLE_FIRST_DAY,
    SAMPLE_LAST_DAY,
    _CountryProfile,
    _draw_conditional,
    _profiles,
    _render_descriptions,
    _text_table,
)

# --------------------------------------------------------------------------------------------
# The generic generator: clients first (memberships, gender, age, region), then their cases.
# A draft is a frame of the content columns plus three integer columns that _finalise turns
# into country, registered_on, case_id and client_id.
# --------------------------------------------------------------------------------------------

_DRAFT_KEYS = ("_country", "_day", "_client")


def _key_population_weights(profiles: Sequence[_CountryProfile]) -> np.ndarray:
    """Weights of the membership combos, shaped (countries, combos)."""
    rows = []
    for profile in profiles:
        emphasis = profile.key_population_emphasis
        rows.append(
            [weight * math.prod(emphasis.get(code, 1.0) for code in combo) for combo, weight in _KEY_POPULATION_MIX]
        )
    return np.array(rows, dtype=float)


def _first_trait(combo: tuple[str, ...], traits: Sequence[tuple[str, _T]], default: _T) -> _T:
    """The value of the first trait (key population) in ``combo``, else ``default``."""
    return next((value for trait, value in traits if trait in combo), default)


def _gender_weights() -> np.ndarray:
    """Gender weights (5 genders + not recorded) of every membership combo."""
    rows = []
    for combo in _KEY_POPULATION_TABLE.combos:
        mix = np.array(_first_trait(combo, _GENDER_MIX_BY_TRAIT, _DEFAULT_GENDER_MIX))
        rows.append(np.append(mix / mix.sum() * (1 - _GENDER_MISSING_SHARE), _GENDER_MISSING_SHARE))
    return np.array(rows)


def _report_group_weights() -> np.ndarray:
    """Report-group weights (4 groups + none) of every membership combo."""
    rows = []
    for combo in _KEY_POPULATION_TABLE.combos:
        pulls = [
            _REPORT_GROUP_PULL[group] if REPORT_GROUP_KEY_POPULATION[group] in combo else 0.0
            for group in REPORT_GROUPS.codes
        ]
        rows.append(pulls + [_NO_REPORT_GROUP_PULL if any(pulls) else 1.0])
    return np.array(rows)


def _combo_traits() -> dict[str, np.ndarray]:
    """Per-membership-combo facts the vectorised draws condition on."""
    combos = _KEY_POPULATION_TABLE.combos
    plhiv = np.array(["plhiv" in combo for combo in combos])
    lgbtiq = np.array(["lgbtiq" in combo for combo in combos])
    return {
        "typical_age": np.array(
            [_first_trait(c, _TYPICAL_AGE_BY_TRAIT, _DEFAULT_TYPICAL_AGE) for c in combos], dtype=float
        ),
        "child_ok": np.array([not set(c) & set(_NOT_CHILDREN) for c in combos]),
        "minor_ok": np.array([not set(c) & set(_NOT_MINORS) for c in combos]),
        # 0 PLHIV only, 1 LGBTIQ only, 2 both, 3 neither: the columns of the refusal table.
        "refusal_kind": np.select([plhiv & ~lgbtiq, lgbtiq & ~plhiv, plhiv & lgbtiq], [0, 1, 2], 3),
    }


_GENDER_WEIGHTS = _gender_weights()
_REPORT_GROUP_WEIGHTS = _report_group_weights()
_COMBO_TRAITS = _combo_traits()


def _require_shape(weights: np.ndarray, conditions: int, options: int, what: str) -> None:
    """Weight tables are positional: a row or column too many would shift every draw."""
    if weights.shape != (conditions, options):
        raise ValueError(f"{what} weights have shape {weights.shape}, not {(conditions, options)}")


_N_REFUSAL_KINDS = 4
_require_shape(_GENDER_WEIGHTS, len(_KEY_POPULATION_TABLE), len(_GENDER_TABLE), "gender")
_require_shape(_REPORT_GROUP_WEIGHTS, len(_KEY_POPULATION_TABLE), len(_REPORT_GROUP_TABLE), "report group")
_require_shape(_PERPETRATOR_WEIGHTS, _NO_REPORT_GROUP + 1, len(_PERPETRATOR_TABLE), "perpetrator")
_require_shape(_VIOLATION_WEIGHTS, _NO_PERPETRATOR + 1, len(_VIOLATION_TABLE), "violation")
_require_shape(_STATUS_WEIGHTS, 1, len(_STATUS_TABLE), "reaction status")
_require_shape(_REFUSAL_WEIGHTS, 2 * _N_REFUSAL_KINDS, len(_REFUSAL_TABLE), "refusal reason")
for _table, _weights in (
    (_PROVIDED_TABLE, _PROVIDED_WEIGHTS),
    (_REFERRED_TABLE, _REFERRED_WEIGHTS),
    (_UNAVAILABLE_TABLE, _UNAVAILABLE_WEIGHTS),
):
    _require_shape(_weights, 2, len(_table), "service")
del _table, _weights


def _draw_client_ages(rng: np.random.Generator, combo: np.ndarray) -> np.ndarray:
    """Age of each client at the reference day: mostly adults, skewed to the 20s and 30s."""
    typical = _COMBO_TRAITS["typical_age"][combo]
    adult = 19 + rng.gamma(4.0, (typical - 19) / 4.0)
    age = np.minimum(adult, 85).astype(np.int64)
    roll = rng.random(combo.size)
    child = _COMBO_TRAITS["child_ok"][combo] & (roll < _CHILD_SHARE)
    minor = _COMBO_TRAITS["minor_ok"][combo] & ~child & (roll > 1 - _MINOR_SHARE)
    age = np.where(child, rng.integers(5, 16, combo.size), age)
    return np.where(minor, rng.integers(16, 19, combo.size), age)


@dataclass(frozen=True)
class _RegionLayout:
    """Regions and organizations of the drawn countries, flattened for vectorised look-ups."""

    offset: np.ndarray
    count: np.ndarray
    regions: pd.api.extensions.ExtensionArray
    organizations: pd.api.extensions.ExtensionArray  # two per region: 2 * region + {0, 1}

    @classmethod
    def of(cls, profiles: Sequence[_CountryProfile]) -> _RegionLayout:
        regions: list[str] = []
        organizations: list[str] = []
        for profile in profiles:
            orgs = profile.organizations
            for index, region in enumerate(profile.regions):
                regions.append(region)
                # Each region is served by two of the country's NGOs.
                organizations += [orgs[index % len(orgs)], orgs[(index + 1) % len(orgs)]]
        count = np.array([len(profile.regions) for profile in profiles])
        offset = np.concatenate([[0], np.cumsum(count)[:-1]])
        return cls(offset, count, _text_table(regions), _text_table(organizations))

    def draw_regions(self, rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
        within = (rng.random(country.size) * self.count[country]).astype(np.intp)
        return self.offset[country] + within


def _draw_generic_cases(
    rng: np.random.Generator,
    profiles: Sequence[_CountryProfile],
    labelled_country: np.ndarray,
    client_country: np.ndarray,
    case_client: np.ndarray,
    case_day: np.ndarray,
    reference_day: int,
    client_key_offset: int = 0,
) -> pd.DataFrame:
    """A draft of cases: one row per ``case_client`` entry, dated ``case_day``."""
    layout = _RegionLayout.of(profiles)
    n_cases = case_client.size

    combo = _draw_conditional(rng, client_country, _key_population_weights(profiles))
    gender = _draw_conditional(rng, combo, _GENDER_WEIGHTS)
    client_age = _draw_client_ages(rng, combo)
    region = layout.draw_regions(rng, client_country)

    case_combo = combo[case_client]
    labelled = labelled_country[client_country[case_client]]
    report_group = _draw_conditional(rng, case_combo, _REPORT_GROUP_WEIGHTS)
    perpetrators = _draw_conditional(rng, report_group, _PERPETRATOR_WEIGHTS)
    dominant = _DOMINANT_OF_PERPETRATOR_COMBO[perpetrators]
    violations = _draw_conditional(rng, dominant, _VIOLATION_WEIGHTS)
    status = _draw_conditional(rng, np.zeros(n_cases, dtype=np.intp), _STATUS_WEIGHTS)
    refused = status == _STATUS_INDEX["client_refused"]
    unhelped = np.isin(status, [_STATUS_INDEX[code] for code in _UNHELPED_STATUSES])
    refusal_condition = _COMBO_TRAITS["refusal_kind"][case_combo] + _N_REFUSAL_KINDS * refused
    reasons = _draw_conditional(rng, refusal_condition, _REFUSAL_WEIGHTS)
    qualified_share = np.where(
        status == _STATUS_INDEX["no_resolution_required"],
        _QUALIFIED_SHARE_NO_RESOLUTION,
        _QUALIFIED_SHARE,
    )
    qualified = (rng.random(n_cases) < qualified_share).astype(np.intp)
    years_since_reference = ((case_day - reference_day) / 365.25).astype(np.int64)
    age = np.minimum(client_age[case_client] + years_since_reference, _MAX_AGE)
    age = np.where(rng.random(n_cases) < _AGE_MISSING_SHARE, _MAX_AGE + 1, age)
    organization = 2 * region[case_client] + rng.integers(0, 2, n_cases)

    return pd.DataFrame(
        {
            "_country": client_country[case_client],
            "_day": case_day,
            "_client": case_client.astype(np.int64) + client_key_offset,
            "qualified": pd.Series(_QUALIFIED_TEXT.take(qualified)),
            "key_populations": _KEY_POPULATION_TABLE.render(case_combo, labelled),
            "report_group": _REPORT_GROUP_TABLE.render(report_group, labelled),
            "gender": _GENDER_TABLE.render(gender[case_client], labelled),
            "age": pd.Series(_AGE_TEXT.take(age)),
            "violations": _VIOLATION_TABLE.render(violations, labelled),
            "perpetrators": _PERPETRATOR_TABLE.render(perpetrators, labelled),
            "services_provided": _PROVIDED_TABLE.render(_draw_conditional(rng, unhelped, _PROVIDED_WEIGHTS), labelled),
            "services_referred": _REFERRED_TABLE.render(_draw_conditional(rng, unhelped, _REFERRED_WEIGHTS), labelled),
            "services_unavailable": _UNAVAILABLE_TABLE.render(
                _draw_conditional(rng, unhelped, _UNAVAILABLE_WEIGHTS), labelled
            ),
            "reaction_status": _STATUS_TABLE.render(status, labelled),
            "refusal_reasons": _REFUSAL_TABLE.render(reasons, labelled),
            "region": pd.Series(layout.regions.take(region[case_client])),
            "organization": pd.Series(layout.organizations.take(organization)),
            "description": _render_descriptions(rng, violations, dominant),
        }
    )


def _day_number(text: str) -> int:
    """Days since 1970-01-01 of an ISO date."""
    return int(np.datetime64(date.fromisoformat(text), "D").astype(np.int64))


def _finalise(
    draft: pd.DataFrame,
    profiles: Sequence[_CountryProfile],
    countries: Sequence[str],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Sort a draft by country and date, and write ids, countries and dates as text.

    Case ids number the cases of a country and year in date order; client codes are numbered
    per country in random order, so a code reveals nothing about the client's cases.
    """
    order = np.lexsort((draft["_day"].to_numpy(), draft["_country"].to_numpy()))
    if not np.array_equal(order, np.arange(order.size)):
        draft = draft.take(order).reset_index(drop=True)
    country = draft["_country"].to_numpy()
    day = draft["_day"].to_numpy()
    prefix = pd.Series(_text_table([profile.prefix for profile in profiles]).take(country))

    year = day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    group = country * 100_000 + year
    number_in_year = np.arange(group.size) - np.searchsorted(group, group, side="left") + 1
    case_id = (
        prefix
        + "-"
        + pd.Series(year).astype(str)
        + "-"
        + pd.Series(number_in_year).astype(str).str.zfill(_CASE_NUMBER_WIDTH)
    )

    keys, client_of_case = np.unique(draft["_client"].to_numpy(), return_inverse=True)
    key_country = np.empty(keys.size, dtype=country.dtype)
    key_country[client_of_case] = country
    key_order = np.lexsort((rng.random(keys.size), key_country))
    sorted_country = key_country[key_order]
    client_number = np.empty(keys.size, dtype=np.int64)
    client_number[key_order] = np.arange(keys.size) - np.searchsorted(sorted_country, sorted_country, side="left") + 1
    client_id = prefix + "-C-" + pd.Series(client_number[client_of_case]).astype(str).str.zfill(_CLIENT_NUMBER_WIDTH)

    first = int(day.min())
    dates = np.arange(first, int(day.max()) + 1).astype("datetime64[D]")
    date_text = _text_table(np.datetime_as_string(dates, unit="D").tolist())
    content = draft.drop(columns=list(_DRAFT_KEYS))
    content["case_id"] = case_id
    content["client_id"] = client_id
    content["country"] = pd.Series(_text_table(countries).take(country))
    content["registered_on"] = pd.Series(date_text.take(day - first))
    return content[list(COLUMN_NAMES)]


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="str") for column in COLUMN_NAMES})


def _validated_countries(countries: Sequence[str]) -> list[str]:
    names = [str(country) for country in countries]
    if isinstance(countries, str) or not names:
        raise ValueError("countries must be a non-empty sequence of country names")
    if any(not name.strip() for name in names) or len(set(names)) != len(names):
        raise ValueError(f"country names must be non-empty and distinct: {names}")
    return names


def _validated_period(start: str, end: str) -> tuple[int, int]:
    first, last = _day_number(start), _day_number(end)
    if first > last:
        raise ValueError(f"start {start} is after end {end}")
    if last > _day_number(date.today().isoformat()):
        raise ValueError(f"end {end} is in the future; registered_on may not be")
    return first, last


def generate_cases(
    n_cases: int,
    seed: int = 0,
    countries: Sequence[str] = COUNTRIES,
    start: str = SAMPLE_FIRST_DAY,
    end: str = SAMPLE_LAST_DAY,
) -> pd.DataFrame:
    """Generate a large, realistic raw case table for benchmarks.

    Fully vectorised: values are drawn as indices into small tables of pre-made cells, so a
    million cases take a few seconds. Every row satisfies the contract's validation rules, and
    a client's key populations, gender and region are the same in all of their cases.

    Parameters
    ----------
    n_cases
        Number of rows (cases).
    seed
        Seed of ``numpy.random.default_rng``; the same seed gives the same table.
    countries
        Countries to spread the cases over, weighted by typical case volumes. Moldova is
        written with English labels in its coded columns.
    start, end
        Inclusive ``YYYY-MM-DD`` range of ``registered_on``; ``end`` may not be in the future.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMN_NAMES`, every value a string (``""`` when not recorded), rows sorted
        by country and date.

    Examples
    --------
    >>> table = generate_cases(1_000, seed=7, countries=["Georgia"], start="2024-01-01")
    >>> table.shape
    (1000, 19)
    >>> table["registered_on"].min() >= "2024-01-01"
    True
    """
    if n_cases < 0:
        raise ValueError(f"n_cases must be >= 0, got {n_cases}")
    names = _validated_countries(countries)
    first_day, last_day = _validated_period(start, end)
    if n_cases == 0:
        return _empty_frame()
    rng = np.random.default_rng(seed)
    profiles = _profiles(names)

    n_clients = max(1, math.ceil(n_cases / _CASES_PER_CLIENT))
    volume = np.array([profile.cases_per_half_year for profile in profiles], dtype=float)
    client_country = rng.choice(len(names), size=n_clients, p=volume / volume.sum())
    # Every client has a case; the remaining cases go to random clients (repeat clients).
    case_client = np.concatenate([np.arange(n_clients), rng.integers(0, n_clients, n_cases - n_clients)])
    case_day = rng.integers(first_day, last_day + 1, n_cases)
    # Sorting the cheap integer keys now spares _finalise from reordering a million strings.
    order = np.lexsort((case_day, client_country[case_client]))
    draft = _draw_generic_cases(
        rng,
        profiles,
        np.array([name in LABELLED_COUNTRIES for name in names]),
        client_country,
        case_client[order],
        case_day[order],
        reference_day=first_day,
    )
    return _finalise(draft, profiles, names, rng)
