"""Synthetic REAct case tables in the input format of the data contract.

Two generators share one set of plausibility tables:

* :func:`generate_sample` builds the bundled sample (``reactlib/data/sample_cases.csv``): six
  countries, every half year of 2022-2024, and a Tajikistan 2023-H1 slice calibrated so that the
  contract's counting rules reproduce every number of the published seed factsheet.
* :func:`generate_cases` builds large tables for benchmarks, vectorised with numpy.

Everything is invented: client codes, regions, organizations and narratives. Tables are
returned exactly as a CSV export holds them (every value a string, ``""`` for not recorded,
multi-valued cells joined with ``"; "``); Moldova's coded columns are written as English labels,
as a labelled export would, because the loader must accept both.

Examples
--------
>>> cases = generate_cases(5, seed=1)
>>> list(cases.columns) == list(COLUMNS)
True
>>> cases["case_id"].is_unique
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from os import PathLike
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from reactlib.contract.categories import (
    AGE_GROUP_LOWER_BOUNDS,
    AGE_GROUPS,
    EXCLUSIVE_KEY_POPULATIONS,
    GENDER,
    KEY_POPULATIONS,
    PERPETRATOR_GROUP_OF,
    PERPETRATOR_GROUPS,
    PERPETRATORS,
    REACTION_STATUS,
    REFUSAL_REASONS,
    REPORT_GROUP_KEY_POPULATION,
    REPORT_GROUPS,
    SERVICES,
    VIOLATIONS,
    Vocabulary,
)

_T = TypeVar("_T")

__all__ = ["COLUMNS", "COUNTRIES", "generate_cases", "generate_sample", "write_sample"]

#: The input columns of the contract, in export order.
COLUMNS: tuple[str, ...] = (
    "case_id",
    "client_id",
    "country",
    "registered_on",
    "qualified",
    "key_populations",
    "report_group",
    "gender",
    "age",
    "violations",
    "perpetrators",
    "services_provided",
    "services_referred",
    "services_unavailable",
    "reaction_status",
    "refusal_reasons",
    "region",
    "organization",
    "description",
)

#: The countries of the bundled sample and the default of :func:`generate_cases`.
COUNTRIES: tuple[str, ...] = (
    "Tajikistan",
    "Kyrgyzstan",
    "Kazakhstan",
    "Moldova",
    "Georgia",
    "Ukraine",
)

#: Countries whose export writes coded columns as English labels instead of codes.
LABELLED_COUNTRIES: frozenset[str] = frozenset({"Moldova"})

SEPARATOR = "; "
SAMPLE_FIRST_DAY = "2022-01-01"
SAMPLE_LAST_DAY = "2024-12-31"

# Most clients have one case; this ratio gives "some clients with several cases".
_CASES_PER_CLIENT = 1.15
_MAX_AGE = 120
_CLIENT_NUMBER_WIDTH = 6
_CASE_NUMBER_WIDTH = 5


# --------------------------------------------------------------------------------------------
# Code checks: every table below types codes, so each is checked against categories.py at
# import time; a typo fails on import instead of producing an invalid sample.
# --------------------------------------------------------------------------------------------


def _require_codes(vocabulary: Vocabulary, codes: Iterable[str]) -> None:
    unknown = sorted(set(codes) - set(vocabulary.codes))
    if unknown:
        raise ValueError(f"synth tables use codes unknown to {vocabulary.name!r}: {unknown}")


def _in_order(vocabulary: Vocabulary, values: Sequence[_T]) -> dict[str, _T]:
    """Pair ``values`` with the vocabulary's codes in published order."""
    return dict(zip(vocabulary.codes, values, strict=True))


def _join(vocabulary: Vocabulary, codes: Iterable[str], labelled: bool = False) -> str:
    """One multi-valued cell: distinct codes in published order, as codes or labels."""
    position = {code: index for index, code in enumerate(vocabulary.codes)}
    ordered = sorted(set(codes), key=position.__getitem__)
    return SEPARATOR.join(vocabulary.label(code) if labelled else code for code in ordered)


class _CellTable:
    """Pre-made values of one coded column; rendering a column is one ``take`` per column.

    Parameters
    ----------
    vocabulary
        Vocabulary of the column.
    combos
        The possible cells, each a tuple of distinct codes (``()`` is an empty cell). The first
        code of a combo is its main value (used by the narrative); cells list codes in
        published order.
    """

    def __init__(self, vocabulary: Vocabulary, combos: Sequence[tuple[str, ...]]) -> None:
        for combo in combos:
            _require_codes(vocabulary, combo)
            if len(set(combo)) != len(combo):
                raise ValueError(f"repeated code in a {vocabulary.name} combo: {combo}")
        self.vocabulary = vocabulary
        self.combos: tuple[tuple[str, ...], ...] = tuple(tuple(combo) for combo in combos)
        codes_text = [_join(vocabulary, combo) for combo in self.combos]
        labels_text = [_join(vocabulary, combo, labelled=True) for combo in self.combos]
        # Codes first, labels second: a labelled row is the same index shifted by len(self).
        self._text = pd.array(codes_text + labels_text, dtype="str")

    def __len__(self) -> int:
        return len(self.combos)

    def render(self, index: np.ndarray, labelled: np.ndarray | None = None) -> pd.Series:
        """The cells of combos ``index``; rows flagged in ``labelled`` get labels."""
        index = np.asarray(index, dtype=np.intp)
        if labelled is not None:
            index = index + len(self) * labelled.astype(np.intp)
        return pd.Series(self._text.take(index))


def _single_value_table(vocabulary: Vocabulary) -> _CellTable:
    """Every code of a single-valued column, then the empty cell at index ``len(vocabulary)``."""
    return _CellTable(vocabulary, [(code,) for code in vocabulary.codes] + [()])


def _weighted_table(
    vocabulary: Vocabulary, rows: Sequence[tuple[tuple[str, ...], Sequence[float]]]
) -> tuple[_CellTable, np.ndarray]:
    """A cell table and its weights, shaped (conditions, combos), from ``(combo, weights)`` rows."""
    table = _CellTable(vocabulary, [combo for combo, _ in rows])
    weights = np.array([row_weights for _, row_weights in rows], dtype=float).T
    if (weights.sum(axis=1) <= 0).any():
        raise ValueError(f"a condition of the {vocabulary.name} table has no weight")
    return table, weights


def _draw_conditional(
    rng: np.random.Generator, condition: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """One option per row, drawn from the weight row that ``condition`` selects.

    Vectorised over any number of conditions: each condition's cumulative distribution is
    shifted by the condition index, so a single ``searchsorted`` serves all rows.
    """
    condition = np.asarray(condition, dtype=np.intp)
    n_conditions, n_options = weights.shape
    cumulative = np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True)
    cumulative[:, -1] = 1.0
    shifted = (cumulative + np.arange(n_conditions)[:, None]).ravel()
    position = np.searchsorted(shifted, rng.random(condition.size) + condition, side="right")
    return np.minimum(position - condition * n_options, n_options - 1)


def _pick(rng: np.random.Generator, weights: np.ndarray, k: int, what: str) -> np.ndarray:
    """Indices of ``k`` distinct items drawn with probability proportional to ``weights``."""
    weights = np.asarray(weights, dtype=float)
    eligible = int(np.count_nonzero(weights > 0))
    if k < 0 or k > eligible:
        raise RuntimeError(f"cannot choose {k} {what}: {eligible} eligible")
    if k == 0:
        return np.empty(0, dtype=np.intp)
    return rng.choice(weights.size, size=k, replace=False, p=weights / weights.sum())


# --------------------------------------------------------------------------------------------
# Country profiles: volumes, emphasis of key populations, invented regions and organizations.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CountryProfile:
    prefix: str
    cases_per_half_year: int
    growth_per_half_year: float
    key_population_emphasis: Mapping[str, float]
    regions: tuple[str, ...]
    organizations: tuple[str, ...]


_PROFILES: dict[str, _CountryProfile] = {
    "Tajikistan": _CountryProfile(
        "TJ", 290, 0.05, {"migrant": 1.6},
        ("Capital District", "Northern Valley Region", "Southern Lowlands Region",
         "Eastern Highlands Region", "Central Foothills Region"),
        ("Sunrise Health Initiative", "Community Rights Bureau", "Open Door Support Centre",
         "Mountain Hope Association"),
    ),
    "Kyrgyzstan": _CountryProfile(
        "KG", 200, 0.03, {"migrant": 1.3, "sex_worker": 1.2},
        ("Capital Area", "Lakeside Region", "Upper Valley Region", "Southern Oasis Region",
         "Western Pass Region"),
        ("Clear Path Community Fund", "Equal Voice Association", "Steppe Outreach Network"),
    ),
    "Kazakhstan": _CountryProfile(
        "KZ", 240, 0.04, {"lgbtiq": 1.3, "former_prisoner": 1.2},
        ("Capital City", "Northern Steppe Region", "Southern Capital Region",
         "Western Coast Region", "Eastern Ridge Region", "Central Plains Region"),
        ("Silver Steppe Foundation", "Legal Aid Collective", "Healthy Future Network",
         "Peer Support Union"),
    ),
    "Moldova": _CountryProfile(
        "MD", 150, 0.02, {"pwud": 1.3, "sex_worker": 1.3},
        ("Capital Municipality", "Northern District", "Central District", "Southern District",
         "Riverbank District"),
        ("Vineyard Peer Network", "Equal Access Centre", "Second Chance Initiative"),
    ),
    "Georgia": _CountryProfile(
        "GE", 130, 0.04, {"lgbtiq": 2.0, "pwud": 1.3, "hepc": 1.5},
        ("Capital City", "Western Lowlands", "Eastern Valley", "Coastal Region",
         "Mountain Region"),
        ("Bridge of Trust", "Rainbow Rights Centre", "Health and Dignity Fund"),
    ),
    "Ukraine": _CountryProfile(
        "UA", 340, 0.06, {"pwud": 1.5, "partner_pwid": 1.3},
        ("Capital City", "Northern Oblast", "Eastern Oblast", "Southern Oblast",
         "Western Oblast", "Central Oblast", "Coastal Oblast"),
        ("Light of Hope Network", "Positive Steps Alliance", "Street Rights Project",
         "Women's Voice Centre"),
    ),
}
for _profile in _PROFILES.values():
    _require_codes(KEY_POPULATIONS, _profile.key_population_emphasis)
del _profile


def _fallback_profile(country: str) -> _CountryProfile:
    """A neutral profile for a country without one (benchmarks may name any country)."""
    letters = "".join(ch for ch in country.upper() if ch.isalpha())
    return _CountryProfile(
        (letters + "XX")[:2], 200, 0.0, {},
        ("Central Region", "Northern Region", "Southern Region", "Eastern Region"),
        ("National Community Network", "Regional Rights Centre", "Peer Support Office"),
    )


def _profiles(countries: Sequence[str]) -> list[_CountryProfile]:
    """Profiles of ``countries`` with distinct id prefixes, so case ids never collide."""
    profiles = [_PROFILES.get(country) or _fallback_profile(country) for country in countries]
    seen: set[str] = set()
    unique: list[_CountryProfile] = []
    for profile in profiles:
        prefix, suffix = profile.prefix, 1
        while prefix in seen:
            prefix, suffix = f"{profile.prefix}{suffix}", suffix + 1
        seen.add(prefix)
        unique.append(replace(profile, prefix=prefix))
    return unique


# --------------------------------------------------------------------------------------------
# Plausibility tables of the generic (vectorised) generator.
# --------------------------------------------------------------------------------------------

# Key-population memberships of a client, with their relative frequency: PLHIV the largest group,
# people who use drugs with their usual overlaps (HepC, prison), sex workers, LGBTIQ.
_KEY_POPULATION_MIX: tuple[tuple[tuple[str, ...], float], ...] = (
    (("plhiv",), 30.0),
    (("plhiv", "tb"), 5.0),
    (("plhiv", "pwud"), 5.0),
    (("plhiv", "pwud", "hepc"), 3.0),
    (("plhiv", "pwud", "former_prisoner"), 2.0),
    (("plhiv", "pwud", "hepc", "former_prisoner"), 1.5),
    (("plhiv", "former_prisoner"), 2.0),
    (("plhiv", "migrant"), 2.0),
    (("plhiv", "partner_pwid"), 2.0),
    (("plhiv", "sex_worker"), 2.0),
    (("plhiv", "lgbtiq"), 2.5),
    (("plhiv", "tb", "former_prisoner"), 1.0),
    (("plhiv", "alcohol"), 1.0),
    (("plhiv", "disability"), 0.4),
    (("plhiv", "pwud", "homeless"), 0.4),
    (("plhiv", "prisoner"), 0.3),
    (("plhiv", "tb", "prisoner"), 0.2),
    (("plhiv", "other"), 1.0),
    (("plhiv", "hepc"), 1.0),
    (("pwud",), 6.0),
    (("pwud", "hepc"), 2.5),
    (("pwud", "former_prisoner"), 2.0),
    (("pwud", "alcohol"), 1.0),
    (("pwud", "homeless"), 0.4),
    (("pwud", "sex_worker"), 1.0),
    (("sex_worker",), 5.0),
    (("sex_worker", "migrant"), 1.0),
    (("sex_worker", "lgbtiq"), 0.8),
    (("lgbtiq",), 7.0),
    (("lgbtiq", "migrant"), 0.5),
    (("tb",), 2.0),
    (("tb", "former_prisoner"), 0.6),
    (("former_prisoner",), 1.5),
    (("migrant",), 2.0),
    (("alcohol",), 0.5),
    (("partner_pwid",), 0.8),
    (("other",), 1.5),
    (("disability",), 0.4),
    (("homeless",), 0.3),
    (("no_kpg",), 4.0),
    (("undisclosed",), 0.4),
)
_KEY_POPULATION_TABLE = _CellTable(KEY_POPULATIONS, [combo for combo, _ in _KEY_POPULATION_MIX])

# How strongly each report group pulls a case of a client who belongs to its key population;
# the more specific groups (sex work, MSM/trans) are "more relevant to the type of violation".
_REPORT_GROUP_PULL: dict[str, float] = _in_order(REPORT_GROUPS, (1.0, 0.9, 1.3, 1.4))
_NO_REPORT_GROUP_PULL = 0.3
_REPORT_GROUP_TABLE = _single_value_table(REPORT_GROUPS)

# Gender shares (female, male, trans female, trans male, unknown) by the first matching trait.
_GENDER_MIX_BY_TRAIT: tuple[tuple[str, tuple[float, ...]], ...] = (
    ("lgbtiq", (0.12, 0.66, 0.12, 0.06, 0.02)),
    ("sex_worker", (0.87, 0.07, 0.04, 0.0, 0.02)),
    ("partner_pwid", (0.86, 0.13, 0.0, 0.0, 0.01)),
    ("pwud", (0.24, 0.75, 0.0, 0.0, 0.01)),
    ("former_prisoner", (0.20, 0.79, 0.0, 0.0, 0.01)),
    ("prisoner", (0.20, 0.79, 0.0, 0.0, 0.01)),
)
_DEFAULT_GENDER_MIX = (0.56, 0.43, 0.0, 0.0, 0.01)
_GENDER_MISSING_SHARE = 0.008
_GENDER_TABLE = _single_value_table(GENDER)
_require_codes(KEY_POPULATIONS, (trait for trait, _ in _GENDER_MIX_BY_TRAIT))

# Typical age (years) of a client by the first matching key population.
_TYPICAL_AGE_BY_TRAIT: tuple[tuple[str, float], ...] = (
    ("lgbtiq", 27.0),
    ("sex_worker", 30.0),
    ("former_prisoner", 40.0),
    ("pwud", 39.0),
    ("plhiv", 37.0),
)
_DEFAULT_TYPICAL_AGE = 38.0
# Key populations that make a child (0-15) or a minor (16-18) client implausible.
_NOT_CHILDREN = ("former_prisoner", "pwud", "sex_worker", "lgbtiq", "alcohol", "partner_pwid",
                 "prisoner")
_NOT_MINORS = ("former_prisoner", "prisoner", "partner_pwid", "sex_worker", "alcohol", "pwud",
               "hepc")
_CHILD_SHARE = 0.008
_MINOR_SHARE = 0.006
_AGE_MISSING_SHARE = 0.012
_require_codes(KEY_POPULATIONS, (trait for trait, _ in _TYPICAL_AGE_BY_TRAIT))
_require_codes(KEY_POPULATIONS, _NOT_CHILDREN + _NOT_MINORS)

# Perpetrators by report group (columns: plhiv, pwid, sw, msm_trans, no group): mostly
# individuals and police; sex workers' clients only in sex-work cases.
_PERPETRATOR_TABLE, _PERPETRATOR_WEIGHTS = _weighted_table(PERPETRATORS, (
    (("family",), (22, 10, 3, 8, 14)),
    (("partner",), (12, 5, 6, 3, 8)),
    (("neighbour",), (6, 3, 1, 3, 6)),
    (("employer",), (5, 2, 1, 3, 6)),
    (("acquaintance",), (5, 6, 3, 6, 5)),
    (("community_member",), (4, 2, 2, 5, 4)),
    (("unknown_person",), (3, 4, 6, 8, 5)),
    (("sw_client",), (0, 0, 20, 0, 0)),
    (("medical_worker",), (10, 3, 3, 4, 6)),
    (("healthcare_facility",), (5, 1, 1, 2, 3)),
    (("medical_worker", "healthcare_facility"), (2, 0.5, 0.5, 1, 1)),
    (("police",), (4, 25, 15, 14, 8)),
    (("police", "investigator"), (1, 6, 4, 6, 2)),
    (("police", "investigator", "prosecutor"), (0.3, 2, 1, 4, 0.5)),
    (("social_services",), (1.5, 0.5, 0.3, 0.3, 2)),
    (("education",), (0.8, 0.1, 0.1, 1, 1)),
    (("local_authority",), (0.8, 0.5, 0.3, 0.5, 1.5)),
    (("migration_service",), (0.3, 0.2, 0.5, 0.2, 1.5)),
    (("penitentiary",), (0.5, 1.5, 0.2, 0.2, 1)),
    (("court",), (0.3, 0.8, 0.3, 0.3, 0.5)),
    (("family", "partner"), (3, 1, 1, 1, 2)),
    (("partner", "police"), (1, 2, 3, 1, 1)),
    (("sw_client", "police"), (0, 0, 6, 0, 0)),
    (("family", "medical_worker"), (2, 0.5, 0.5, 0.5, 1)),
    (("unknown_person", "police"), (0.5, 2, 3, 4, 1)),
    (("family", "neighbour"), (1.5, 0.5, 0.3, 1, 1.5)),
    ((), (1.5, 1, 1, 2, 3)),
))
_NO_REPORT_GROUP = len(REPORT_GROUPS.codes)  # condition index of cases without a report group

# The perpetrator group that shapes the violation: state power first, then healthcare.
_DOMINANCE: tuple[str, ...] = ("police", "healthcare", "state_services", "individuals")
_require_codes(PERPETRATOR_GROUPS, _DOMINANCE)
_NO_PERPETRATOR = len(PERPETRATOR_GROUPS.codes)  # condition index of cases without perpetrators


def _dominant_group(perpetrators: Iterable[str]) -> int:
    """Index in PERPETRATOR_GROUPS of the group that shapes the case, or ``_NO_PERPETRATOR``."""
    present = {PERPETRATOR_GROUP_OF[code] for code in perpetrators}
    for group in _DOMINANCE:
        if group in present:
            return PERPETRATOR_GROUPS.codes.index(group)
    return _NO_PERPETRATOR


_DOMINANT_OF_PERPETRATOR_COMBO = np.array(
    [_dominant_group(combo) for combo in _PERPETRATOR_TABLE.combos], dtype=np.intp
)

# Violations by dominant perpetrator group (columns: healthcare, police, state services,
# individuals, none recorded).
_VIOLATION_TABLE, _VIOLATION_WEIGHTS = _weighted_table(VIOLATIONS, (
    (("refusal_of_services",), (30, 1, 20, 2, 8)),
    (("discrimination",), (15, 3, 12, 10, 10)),
    (("confidentiality",), (12, 2, 4, 4, 4)),
    (("refusal_of_services", "discrimination"), (12, 0.5, 8, 1, 4)),
    (("confidentiality", "discrimination"), (8, 1, 2, 3, 2)),
    (("physical_violence",), (0.5, 8, 0.5, 10, 5)),
    (("emotional_violence",), (3, 4, 3, 18, 8)),
    (("physical_violence", "emotional_violence"), (0.3, 6, 0.3, 12, 4)),
    (("domestic_violence", "physical_violence"), (0, 0, 0, 9, 2)),
    (("domestic_violence", "emotional_violence"), (0, 0, 0, 9, 2)),
    (("unlawful_detention",), (0, 14, 1, 0, 1)),
    (("unlawful_detention", "extortion"), (0, 12, 0.5, 0, 1)),
    (("extortion",), (0.5, 10, 1, 3, 2)),
    (("unlawful_detention", "physical_violence"), (0, 8, 0.5, 0, 0.5)),
    (("sexual_violence",), (0.2, 1, 0, 2, 1)),
    (("sexual_violence", "physical_violence"), (0, 1, 0, 2, 0.5)),
    (("material_damage",), (0.2, 1, 0.5, 4, 2)),
    (("eviction",), (0, 0.2, 2, 4, 2)),
    (("eviction", "material_damage"), (0, 0, 0.5, 2, 1)),
    (("emotional_violence", "discrimination"), (2, 2, 2, 8, 4)),
    ((), (0.3, 0.3, 0.3, 0.3, 3)),
))

# Reaction status, then the weight of leaving it unrecorded.
_STATUS_MIX = _in_order(REACTION_STATUS, (16, 58, 3, 1.5, 5, 1.5, 1.2, 11, 0.2))
_STATUS_MISSING_WEIGHT = 1.5
_STATUS_WEIGHTS = np.array([[*_STATUS_MIX.values(), _STATUS_MISSING_WEIGHT]], dtype=float)
_STATUS_TABLE = _single_value_table(REACTION_STATUS)
_STATUS_INDEX = {code: index for index, code in enumerate(REACTION_STATUS.codes)}
# Statuses under which the client got little or nothing: fewer services, more unavailable.
_UNHELPED_STATUSES: tuple[str, ...] = ("no_help", "lost_contact", "client_refused", "passed_away")
_require_codes(REACTION_STATUS, _UNHELPED_STATUSES)

# Services (columns: client helped, client unhelped).
_PROVIDED_TABLE, _PROVIDED_WEIGHTS = _weighted_table(SERVICES, (
    (("legal_primary",), (30, 10)),
    (("legal_primary", "psychosocial"), (22, 3)),
    (("legal_primary", "legal_secondary"), (9, 0)),
    (("legal_primary", "legal_secondary", "psychosocial"), (4, 0)),
    (("legal_primary", "psychosocial", "social"), (5, 1)),
    (("legal_primary", "mediation"), (5, 0)),
    (("legal_primary", "medical"), (4, 0.5)),
    (("psychosocial",), (6, 6)),
    (("social",), (2, 1)),
    (("mediation",), (2, 0)),
    (("legal_primary", "shelter"), (0.5, 0)),
    (("other",), (1, 1)),
    ((), (4, 40)),
))
_REFERRED_TABLE, _REFERRED_WEIGHTS = _weighted_table(SERVICES, (
    ((), (55, 80)),
    (("legal_secondary",), (12, 2)),
    (("medical",), (8, 2)),
    (("social",), (8, 2)),
    (("psychosocial",), (5, 2)),
    (("legal_secondary", "psychosocial"), (3, 0)),
    (("medical", "social"), (3, 1)),
    (("shelter",), (1.5, 0.5)),
    (("other",), (1, 1)),
))
_UNAVAILABLE_TABLE, _UNAVAILABLE_WEIGHTS = _weighted_table(SERVICES, (
    ((), (88, 70)),
    (("shelter",), (4, 6)),
    (("legal_secondary",), (3, 6)),
    (("medical",), (2, 4)),
    (("social",), (2, 4)),
    (("psychosocial",), (1, 3)),
    (("other",), (1, 2)),
))

# Refusal reasons of clients who refused to pursue the case, by the client's groups (columns:
# PLHIV only, LGBTIQ only, both, neither): disclosure fears follow the group.
_REFUSAL_TABLE, _REFUSED_WEIGHTS = _weighted_table(REFUSAL_REASONS, (
    ((), (6, 6, 6, 8)),
    (("self_stigma",), (12, 10, 10, 8)),
    (("no_belief",), (8, 6, 6, 10)),
    (("not_worth_effort",), (8, 6, 6, 10)),
    (("safety",), (4, 5, 4, 6)),
    (("distrust_police",), (3, 5, 4, 6)),
    (("fear_hiv_disclosure",), (10, 0, 6, 0)),
    (("fear_sogi_disclosure",), (0, 10, 6, 0)),
    (("other",), (2, 2, 2, 4)),
    (("self_stigma", "fear_hiv_disclosure"), (10, 0, 5, 0)),
    (("no_belief", "not_worth_effort"), (6, 5, 5, 8)),
    (("safety", "distrust_police"), (3, 4, 3, 5)),
    (("self_stigma", "fear_sogi_disclosure"), (0, 10, 5, 0)),
    (("distrust_police", "no_belief"), (3, 3, 3, 4)),
    (("self_stigma", "no_belief", "not_worth_effort"), (4, 3, 3, 4)),
    (("safety", "distrust_police", "no_belief"), (2, 3, 2, 3)),
    (("fear_hiv_disclosure", "fear_sogi_disclosure", "self_stigma"), (0, 0, 3, 0)),
))
# Clients who did not refuse rarely give a reason: "mostly on client_refused" cases.
_REASON_SHARE_WITHOUT_REFUSAL = 0.025


def _refusal_weights() -> np.ndarray:
    """Weights for 8 conditions: the 4 client kinds without refusal, then with refusal."""
    without = _REFUSED_WEIGHTS.copy()
    reasons_given = without[:, 1:].sum(axis=1, keepdims=True)
    share = _REASON_SHARE_WITHOUT_REFUSAL
    without[:, :1] = reasons_given * (1 - share) / share
    return np.vstack([without, _REFUSED_WEIGHTS])


_REFUSAL_WEIGHTS = _refusal_weights()
_QUALIFIED_SHARE = 0.92
_QUALIFIED_SHARE_NO_RESOLUTION = 0.4

# Neutral narrative fragments; a description is opener + violation + perpetrator + follow-up.
_OPENERS: tuple[str, ...] = (
    "The client reported",
    "The client described",
    "The client told the documenter about",
    "The client asked for help after",
)
_VIOLATION_PHRASES: dict[str, str] = {
    "refusal_of_services": "being refused services",
    "discrimination": "stigmatising treatment",
    "physical_violence": "a physical assault",
    "emotional_violence": "threats and humiliation",
    "sexual_violence": "sexual violence",
    "material_damage": "damage to personal property",
    "confidentiality": "disclosure of personal information without consent",
    "unlawful_detention": "being detained without legal grounds",
    "extortion": "demands for money",
    "eviction": "being forced to leave their housing",
    "domestic_violence": "violence at home",
}
_NO_VIOLATION_PHRASE = "an incident"
_PERPETRATOR_PHRASES: dict[str, str] = {
    "healthcare": "at a healthcare facility",
    "police": "involving law enforcement officers",
    "state_services": "involving a state institution",
    "individuals": "involving a private person",
}
_NO_PERPETRATOR_PHRASE = "with no perpetrator identified"
_FOLLOW_UPS: tuple[str, ...] = (
    "The documenter recorded the details and offered legal counselling.",
    "The client was informed about available support services.",
    "A follow-up meeting was agreed with the client.",
    "The case was discussed with a partner organization.",
    "Further steps were agreed with the client.",
)
if set(_VIOLATION_PHRASES) != set(VIOLATIONS.codes):
    raise ValueError("every violation needs a narrative phrase")
if set(_PERPETRATOR_PHRASES) != set(PERPETRATOR_GROUPS.codes):
    raise ValueError("every perpetrator group needs a narrative phrase")


def _description_texts() -> pd.api.extensions.ExtensionArray:
    """Every narrative, indexed by (opener, main violation, dominant group, follow-up)."""
    violations = [_VIOLATION_PHRASES[code] for code in VIOLATIONS.codes] + [_NO_VIOLATION_PHRASE]
    perpetrators = [_PERPETRATOR_PHRASES[code] for code in PERPETRATOR_GROUPS.codes]
    perpetrators.append(_NO_PERPETRATOR_PHRASE)
    texts = [
        f"{opener} {violation} {perpetrator}. {follow_up}"
        for opener in _OPENERS
        for violation in violations
        for perpetrator in perpetrators
        for follow_up in _FOLLOW_UPS
    ]
    return pd.array(texts, dtype="str")


_DESCRIPTIONS = _description_texts()
_MAIN_VIOLATION_OF_COMBO = np.array(
    [VIOLATIONS.codes.index(combo[0]) if combo else len(VIOLATIONS.codes)
     for combo in _VIOLATION_TABLE.combos],
    dtype=np.intp,
)


def _render_descriptions(
    rng: np.random.Generator, violation_combo: np.ndarray, dominant: np.ndarray
) -> pd.Series:
    n_violations = len(VIOLATIONS.codes) + 1
    n_groups = len(PERPETRATOR_GROUPS.codes) + 1
    opener = rng.integers(0, len(_OPENERS), violation_combo.size)
    follow_up = rng.integers(0, len(_FOLLOW_UPS), violation_combo.size)
    main = _MAIN_VIOLATION_OF_COMBO[violation_combo]
    index = ((opener * n_violations + main) * n_groups + dominant) * len(_FOLLOW_UPS) + follow_up
    return pd.Series(_DESCRIPTIONS.take(index))


def _text_table(values: Sequence[str]) -> pd.api.extensions.ExtensionArray:
    return pd.array(list(values), dtype="str")


_AGE_TEXT = _text_table([str(age) for age in range(_MAX_AGE + 1)] + [""])
_QUALIFIED_TEXT = _text_table(["no", "yes"])


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
        rows.append([
            weight * math.prod(emphasis.get(code, 1.0) for code in combo)
            for combo, weight in _KEY_POPULATION_MIX
        ])
    return np.array(rows, dtype=float)


def _first_trait(
    combo: tuple[str, ...], traits: Sequence[tuple[str, _T]], default: _T
) -> _T:
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
        "typical_age": np.array([_first_trait(c, _TYPICAL_AGE_BY_TRAIT, _DEFAULT_TYPICAL_AGE)
                                 for c in combos], dtype=float),
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
_require_shape(_REPORT_GROUP_WEIGHTS, len(_KEY_POPULATION_TABLE), len(_REPORT_GROUP_TABLE),
               "report group")
_require_shape(_PERPETRATOR_WEIGHTS, _NO_REPORT_GROUP + 1, len(_PERPETRATOR_TABLE), "perpetrator")
_require_shape(_VIOLATION_WEIGHTS, _NO_PERPETRATOR + 1, len(_VIOLATION_TABLE), "violation")
_require_shape(_STATUS_WEIGHTS, 1, len(_STATUS_TABLE), "reaction status")
_require_shape(_REFUSAL_WEIGHTS, 2 * _N_REFUSAL_KINDS, len(_REFUSAL_TABLE), "refusal reason")
for _table, _weights in ((_PROVIDED_TABLE, _PROVIDED_WEIGHTS), (_REFERRED_TABLE, _REFERRED_WEIGHTS),
                         (_UNAVAILABLE_TABLE, _UNAVAILABLE_WEIGHTS)):
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

    return pd.DataFrame({
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
        "services_provided": _PROVIDED_TABLE.render(
            _draw_conditional(rng, unhelped, _PROVIDED_WEIGHTS), labelled),
        "services_referred": _REFERRED_TABLE.render(
            _draw_conditional(rng, unhelped, _REFERRED_WEIGHTS), labelled),
        "services_unavailable": _UNAVAILABLE_TABLE.render(
            _draw_conditional(rng, unhelped, _UNAVAILABLE_WEIGHTS), labelled),
        "reaction_status": _STATUS_TABLE.render(status, labelled),
        "refusal_reasons": _REFUSAL_TABLE.render(reasons, labelled),
        "region": pd.Series(layout.regions.take(region[case_client])),
        "organization": pd.Series(layout.organizations.take(organization)),
        "description": _render_descriptions(rng, violations, dominant),
    })


def _day_number(text: str) -> int:
    """Days since 1970-01-01 of an ISO date."""
    return int(np.datetime64(date.fromisoformat(text), "D").astype(np.int64))


def _finalise(
    draft: pd.DataFrame, profiles: Sequence[_CountryProfile], countries: Sequence[str],
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
    case_id = (prefix + "-" + pd.Series(year).astype(str) + "-"
               + pd.Series(number_in_year).astype(str).str.zfill(_CASE_NUMBER_WIDTH))

    keys, client_of_case = np.unique(draft["_client"].to_numpy(), return_inverse=True)
    key_country = np.empty(keys.size, dtype=country.dtype)
    key_country[client_of_case] = country
    key_order = np.lexsort((rng.random(keys.size), key_country))
    sorted_country = key_country[key_order]
    client_number = np.empty(keys.size, dtype=np.int64)
    client_number[key_order] = (
        np.arange(keys.size) - np.searchsorted(sorted_country, sorted_country, side="left") + 1
    )
    client_id = (prefix + "-C-" + pd.Series(client_number[client_of_case]).astype(str)
                 .str.zfill(_CLIENT_NUMBER_WIDTH))

    first = int(day.min())
    dates = np.arange(first, int(day.max()) + 1).astype("datetime64[D]")
    date_text = _text_table(np.datetime_as_string(dates, unit="D").tolist())
    content = draft.drop(columns=list(_DRAFT_KEYS))
    content["case_id"] = case_id
    content["client_id"] = client_id
    content["country"] = pd.Series(_text_table(countries).take(country))
    content["registered_on"] = pd.Series(date_text.take(day - first))
    return content[list(COLUMNS)]


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="str") for column in COLUMNS})


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
        Columns :data:`COLUMNS`, every value a string (``""`` when not recorded), rows sorted
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
    case_client = np.concatenate(
        [np.arange(n_clients), rng.integers(0, n_clients, n_cases - n_clients)]
    )
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


# --------------------------------------------------------------------------------------------
# The seed slice: Tajikistan 2023-H1, calibrated to the published factsheet.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _SeedTargets:
    """The published numbers of the seed factsheet, as counts under contract section 4."""

    country: str
    first_day: str
    last_day: str
    clients: int
    cases: int
    qualified: int
    key_populations: Mapping[str, int]  # distinct clients per group
    gender: Mapping[str, int]  # cases; the remaining cases have no gender recorded
    age_groups: Mapping[str, int]  # cases
    report_groups: Mapping[str, int]  # cases; the remaining cases have no report group
    perpetrators: Mapping[str, Mapping[str, int]]  # report group -> perpetrator group -> mentions
    reaction_status: Mapping[str, int]  # cases; the remaining cases have no status recorded
    refusal_reasons: Mapping[str, int]  # mentions


_SEED = _SeedTargets(
    country="Tajikistan",
    first_day="2023-01-01",
    last_day="2023-06-30",
    clients=520,
    cases=522,
    qualified=480,
    key_populations=_in_order(
        KEY_POPULATIONS, (279, 56, 71, 71, 35, 49, 49, 46, 38, 26, 14, 25, 6, 6, 2, 3)),
    gender=_in_order(GENDER, (272, 244, 2, 2, 1)),
    age_groups=_in_order(AGE_GROUPS, (3, 2, 269, 221, 27)),
    report_groups=_in_order(REPORT_GROUPS, (265, 50, 41, 34)),
    # Perpetrator groups in published order: healthcare, police, state services, individuals.
    perpetrators=_in_order(REPORT_GROUPS, (
        _in_order(PERPETRATOR_GROUPS, (24, 12, 4, 226)),
        _in_order(PERPETRATOR_GROUPS, (1, 17, 0, 32)),
        _in_order(PERPETRATOR_GROUPS, (6, 49, 0, 75)),
        _in_order(PERPETRATOR_GROUPS, (11, 96, 0, 26)),
    )),
    reaction_status=_in_order(REACTION_STATUS, (72, 344, 11, 6, 22, 3, 2, 54, 0)),
    refusal_reasons=_in_order(REFUSAL_REASONS, (13, 9, 33, 3, 15, 18, 18, 6)),
)

# The clients with two cases in the slice (cases - clients of them): (report group, gender).
# Giving them a fixed profile lets every other count be split exactly between clients.
_SEED_REPEATED_CLIENTS: tuple[tuple[str, str], ...] = (("plhiv", "female"), ("", "male"))
_SEED_REPEATED_AGE_GROUP = "19-35"

# Primary memberships of the clients without a report group who are not no_kpg/undisclosed;
# "other" takes whatever remains.
_SEED_UNGROUPED_PRIMARIES: dict[str, int] = {
    "plhiv": 5, "pwud": 6, "sex_worker": 2, "lgbtiq": 3, "migrant": 18, "former_prisoner": 14,
    "tb": 8, "partner_pwid": 4, "disability": 2,
}
_SEED_REMAINDER_PRIMARY = "other"
_require_codes(KEY_POPULATIONS, [*_SEED_UNGROUPED_PRIMARIES, _SEED_REMAINDER_PRIMARY])

# Weights for giving a client an additional membership: (base, {trait: factor}). Traits are
# "kp:<key population>", "class:<report group of the client's cases>" or "gender:<code>".
# Dict order is the order memberships are added; it covers every non-exclusive group.
_SEED_MEMBERSHIP_RULES: dict[str, tuple[float, dict[str, float]]] = {
    "plhiv": (0.5, {"class:pwid": 6, "class:sw": 4, "class:msm_trans": 5}),
    "pwud": (0.5, {"class:plhiv": 3, "class:sw": 3, "gender:male": 2}),
    "sex_worker": (0.2, {"gender:female": 10, "gender:trans_female": 20, "class:pwid": 2,
                         "class:plhiv": 1.5, "gender:male": 0.3}),
    "lgbtiq": (0.3, {"gender:male": 6, "class:plhiv": 1.5, "class:sw": 2, "gender:female": 0.7}),
    "tb": (0.6, {"kp:plhiv": 4, "kp:pwud": 2, "kp:former_prisoner": 2}),
    "former_prisoner": (0.4, {"kp:pwud": 4, "gender:male": 2.5, "kp:tb": 2, "kp:plhiv": 1.5,
                              "kp:sex_worker": 0.5, "kp:lgbtiq": 0.4}),
    "hepc": (0.2, {"kp:pwud": 12, "kp:former_prisoner": 2, "kp:plhiv": 2}),
    "migrant": (1.0, {"gender:male": 1.4, "kp:former_prisoner": 0.6}),
    "alcohol": (0.4, {"kp:pwud": 3, "kp:former_prisoner": 2.5, "gender:male": 1.5}),
    "partner_pwid": (0.3, {"gender:female": 8, "kp:plhiv": 2, "kp:pwud": 0, "class:pwid": 0}),
    "other": (1.0, {}),
    "disability": (1.0, {"kp:tb": 1.5}),
    "homeless": (0.3, {"kp:pwud": 4, "kp:alcohol": 4, "kp:former_prisoner": 3, "kp:migrant": 1.5}),
    "prisoner": (0.5, {"kp:plhiv": 2, "kp:tb": 3, "kp:pwud": 2, "gender:female": 0.4}),
}

# Female weight of a client by report-group class, then factors by primary membership.
_SEED_FEMALE_WEIGHT: dict[str, float] = {"plhiv": 1.6, "pwid": 0.35, "sw": 15.0,
                                         "msm_trans": 0.0, "": 1.0}
_SEED_FEMALE_FACTORS: dict[str, float] = {"sex_worker": 15, "pwud": 0.35, "former_prisoner": 0.3,
                                          "lgbtiq": 0.4, "partner_pwid": 8, "migrant": 0.6}
_require_codes(KEY_POPULATIONS, _SEED_FEMALE_FACTORS)

# Age groups are assigned rarest first; each lists memberships/genders that rule a client out
# and weight rules; clients left over get _SEED_REPEATED_AGE_GROUP.
_SEED_AGE_RULES: dict[str, tuple[tuple[str, ...], tuple[float, dict[str, float]]]] = {
    "0-15": (tuple("kp:" + code for code in _NOT_CHILDREN)
             + ("gender:trans_female", "gender:trans_male"),
             (1.0, {"kp:plhiv": 3})),
    "16-18": (tuple("kp:" + code for code in _NOT_MINORS), (1.0, {"kp:lgbtiq": 2})),
    "56+": ((), (1.0, {"kp:tb": 1.5, "kp:no_kpg": 1.5, "kp:other": 1.5, "kp:disability": 3,
                       "kp:sex_worker": 0.1, "kp:lgbtiq": 0.2, "kp:pwud": 0.5,
                       "kp:partner_pwid": 0.3, "gender:trans_female": 0.1,
                       "gender:trans_male": 0.1})),
    "36-55": ((), (1.0, {"kp:pwud": 1.6, "kp:former_prisoner": 1.5, "kp:hepc": 1.4, "kp:tb": 1.2,
                         "kp:sex_worker": 0.6, "kp:lgbtiq": 0.35, "kp:partner_pwid": 0.8})),
}
# Whole-year span drawn inside each age group (children and the oldest group narrowed).
_AGE_SPANS: dict[str, tuple[int, int]] = {
    code: (lower, upper)
    for code, lower, upper in zip(
        AGE_GROUPS.codes,
        AGE_GROUP_LOWER_BOUNDS,
        [bound - 1 for bound in AGE_GROUP_LOWER_BOUNDS[1:]] + [AGE_GROUP_LOWER_BOUNDS[-1] + 17],
        strict=True,
    )
}
_AGE_SPANS[AGE_GROUPS.codes[0]] = (5, AGE_GROUP_LOWER_BOUNDS[1] - 1)

# Detailed perpetrator weights inside each group, by report group of the case.
_DETAILED_PERPETRATOR_WEIGHTS: dict[str, float] = {
    "medical_worker": 3, "healthcare_facility": 2, "police": 6, "investigator": 3,
    "prosecutor": 1, "social_services": 3, "education": 2, "local_authority": 2,
    "migration_service": 1, "penitentiary": 1, "court": 1, "family": 5, "partner": 3,
    "neighbour": 2, "employer": 2, "sw_client": 0, "acquaintance": 2, "community_member": 2,
    "unknown_person": 1.5,
}
_DETAILED_PERPETRATOR_OVERRIDES: dict[str, dict[str, float]] = {
    "plhiv": {"family": 6, "partner": 4},
    "pwid": {"family": 4, "acquaintance": 3, "unknown_person": 2},
    "sw": {"sw_client": 8, "partner": 3, "unknown_person": 3, "family": 1},
    "msm_trans": {"family": 3, "acquaintance": 3, "unknown_person": 3},
}
_require_codes(PERPETRATORS, _DETAILED_PERPETRATOR_WEIGHTS)
_require_codes(REPORT_GROUPS, _DETAILED_PERPETRATOR_OVERRIDES)

# Status weights for picking the cases that were not qualified as violations.
_SEED_UNQUALIFIED_WEIGHT: dict[str, float] = {
    "no_resolution_required": 15, "": 3, "lost_contact": 2, "no_help": 2, "in_progress": 1.5,
    "client_refused": 1.5, "resolved_negative": 1, "partially_resolved": 1,
    "resolved_positive": 0.6, "passed_away": 1,
}
# Besides the refusing clients, a pool of other cases that give reasons (weights by status).
_SEED_REASON_POOL_EXTRA = 50
_SEED_REASON_POOL_WEIGHT: dict[str, float] = {
    "no_help": 3, "lost_contact": 3, "partially_resolved": 2, "resolved_negative": 2,
    "in_progress": 1, "": 1,
}
_SEED_REFUSED_PULL = 4.0
# Reasons that only make sense for some clients: they go to clients of the group, from outside
# the pool when the pool has too few; the tiny floor only guarantees feasibility.
_SEED_OUTSIDE_POOL_PULL = 0.05
_SEED_REASON_AFFINITY: dict[str, tuple[str, float]] = {
    "fear_hiv_disclosure": ("kp:plhiv", 1.0),
    "fear_sogi_disclosure": ("kp:lgbtiq", 1.0),
}
_SEED_AFFINITY_FLOOR = 1e-4
_SEED_DISTRUST_POLICE_PULL = 3.0
_require_codes(REFUSAL_REASONS, _SEED_REASON_AFFINITY)


def _validate_rule_traits(rules: Iterable[tuple[float, Mapping[str, float]]]) -> None:
    vocabularies = {"kp": KEY_POPULATIONS, "class": REPORT_GROUPS, "gender": GENDER}
    for _, factors in rules:
        for trait in factors:
            kind, _, value = trait.partition(":")
            _require_codes(vocabularies[kind], [value])


_require_codes(KEY_POPULATIONS, _SEED_MEMBERSHIP_RULES)
_validate_rule_traits(_SEED_MEMBERSHIP_RULES.values())
_validate_rule_traits(rule for _, rule in _SEED_AGE_RULES.values())
_validate_rule_traits(
    (0.0, dict.fromkeys(excluded, 0.0)) for excluded, _ in _SEED_AGE_RULES.values()
)
_require_codes(AGE_GROUPS, [*_SEED_AGE_RULES, _SEED_REPEATED_AGE_GROUP])
_require_codes(REACTION_STATUS, [s for s in _SEED_UNQUALIFIED_WEIGHT if s])
_require_codes(REACTION_STATUS, [s for s in _SEED_REASON_POOL_WEIGHT if s])
if set(_SEED_MEMBERSHIP_RULES) != set(KEY_POPULATIONS.codes) - set(EXCLUSIVE_KEY_POPULATIONS):
    raise ValueError("membership rules must cover every non-exclusive key population")


@dataclass
class _SeedClients:
    """The slice's clients: report-group class, memberships, gender, age, repeat clients."""

    klass: np.ndarray  # report group of the client's cases, "" for none
    member: np.ndarray  # bool (clients, key populations) in KEY_POPULATIONS order
    gender: np.ndarray  # gender code, "" when not recorded
    age: np.ndarray  # whole years
    repeated: np.ndarray  # indices of the clients with a second case

    def trait(self, trait: str) -> np.ndarray:
        kind, _, value = trait.partition(":")
        if kind == "kp":
            return self.member[:, KEY_POPULATIONS.codes.index(value)]
        return (self.klass if kind == "class" else self.gender) == value

    def weights(self, rule: tuple[float, Mapping[str, float]]) -> np.ndarray:
        base, factors = rule
        weights = np.full(self.klass.size, base)
        for trait, factor in factors.items():
            weights[self.trait(trait)] *= factor
        return weights

    def count(self, code: str) -> int:
        return int(self.trait("kp:" + code).sum())


def _seed_client_classes() -> np.ndarray:
    """Report-group class per client: the group's cases minus the repeat clients' second cases."""
    cases_per_class = dict(_SEED.report_groups)
    cases_per_class[""] = _SEED.cases - sum(_SEED.report_groups.values())
    for klass, _ in _SEED_REPEATED_CLIENTS:
        cases_per_class[klass] -= 1
    if len(_SEED_REPEATED_CLIENTS) != _SEED.cases - _SEED.clients:
        raise RuntimeError("repeat clients must make up the difference of cases and clients")
    return np.repeat(np.array(list(cases_per_class), dtype=object), list(cases_per_class.values()))


def _assign_seed_primaries(rng: np.random.Generator, clients: _SeedClients) -> None:
    """Each client's first membership: their report group's, or exclusive, or a listed one."""
    column = KEY_POPULATIONS.codes.index
    for group, key_population in REPORT_GROUP_KEY_POPULATION.items():
        clients.member[clients.klass == group, column(key_population)] = True
    ungrouped = rng.permutation(np.flatnonzero(clients.klass == ""))
    primaries = [code for code in EXCLUSIVE_KEY_POPULATIONS
                 for _ in range(_SEED.key_populations[code])]
    for code, count in _SEED_UNGROUPED_PRIMARIES.items():
        primaries += [code] * count
    remainder = ungrouped.size - len(primaries)
    if remainder < 0 or remainder > _SEED.key_populations[_SEED_REMAINDER_PRIMARY]:
        raise RuntimeError("ungrouped primaries do not fit the seed's client counts")
    primaries += [_SEED_REMAINDER_PRIMARY] * remainder
    for client, code in zip(ungrouped, primaries, strict=True):
        clients.member[client, column(code)] = True


def _assign_seed_genders(rng: np.random.Generator, clients: _SeedClients) -> None:
    """Client genders so that cases (repeat clients counted twice) match the seed exactly."""
    per_client = dict(_SEED.gender)
    for _, gender in _SEED_REPEATED_CLIENTS:
        per_client[gender] -= 1
    unset = np.full(clients.klass.size, True)

    def assign(gender: str, count: int, weights: np.ndarray) -> None:
        what = f"{gender or 'unrecorded'} clients"
        chosen = _pick(rng, np.where(unset, weights, 0.0), count, what)
        clients.gender[chosen] = gender
        unset[chosen] = False

    msm = (clients.klass == "msm_trans").astype(float)
    lgbtiq_ungrouped = ((clients.klass == "") & clients.trait("kp:lgbtiq")).astype(float)
    assign("trans_female", per_client["trans_female"], msm)
    assign("trans_male", per_client["trans_male"], msm + 1.5 * lgbtiq_ungrouped)
    ungrouped = (clients.klass == "").astype(float)
    assign("unknown", per_client["unknown"], ungrouped)
    assign("", clients.klass.size - sum(per_client.values()), ungrouped)
    female = np.array([_SEED_FEMALE_WEIGHT[klass] for klass in clients.klass])
    for code, factor in _SEED_FEMALE_FACTORS.items():
        female[clients.trait("kp:" + code) & (clients.klass == "")] *= factor
    assign("female", per_client["female"], female)
    if unset.sum() != per_client["male"]:
        raise RuntimeError("seed gender counts do not add up")
    clients.gender[unset] = "male"


def _add_seed_memberships(rng: np.random.Generator, clients: _SeedClients) -> None:
    """Further memberships until every group has exactly the seed's number of clients."""
    exclusive = np.zeros(clients.klass.size, dtype=bool)
    for code in EXCLUSIVE_KEY_POPULATIONS:
        exclusive |= clients.trait("kp:" + code)
    for code, rule in _SEED_MEMBERSHIP_RULES.items():
        has = clients.trait("kp:" + code)
        weights = np.where(exclusive | has, 0.0, clients.weights(rule))
        missing = _SEED.key_populations[code] - int(has.sum())
        chosen = _pick(rng, weights, missing, f"{code} clients")
        clients.member[chosen, KEY_POPULATIONS.codes.index(code)] = True


def _choose_seed_repeat_clients(rng: np.random.Generator, clients: _SeedClients) -> None:
    repeated = []
    for klass, gender in _SEED_REPEATED_CLIENTS:
        fits = (clients.klass == klass) & (clients.gender == gender)
        for code in EXCLUSIVE_KEY_POPULATIONS:
            fits &= ~clients.trait("kp:" + code)
        fits[repeated] = False
        repeated.append(int(_pick(rng, fits.astype(float), 1, "repeat clients")[0]))
    clients.repeated = np.array(repeated, dtype=np.intp)


def _assign_seed_ages(rng: np.random.Generator, clients: _SeedClients) -> None:
    """Ages so that cases (repeat clients counted twice) match the seed's age groups."""
    per_client = dict(_SEED.age_groups)
    per_client[_SEED_REPEATED_AGE_GROUP] -= clients.repeated.size
    group = np.full(clients.klass.size, "", dtype=object)
    group[clients.repeated] = _SEED_REPEATED_AGE_GROUP
    for code, (excluded, rule) in _SEED_AGE_RULES.items():
        weights = np.where(group == "", clients.weights(rule), 0.0)
        for trait in excluded:
            weights[clients.trait(trait)] = 0.0
        group[_pick(rng, weights, per_client[code], f"clients aged {code}")] = code
    group[group == ""] = _SEED_REPEATED_AGE_GROUP
    if (group == _SEED_REPEATED_AGE_GROUP).sum() != per_client[_SEED_REPEATED_AGE_GROUP]:
        raise RuntimeError("seed age-group counts do not add up")
    for code, (lower, upper) in _AGE_SPANS.items():
        members = group == code
        clients.age[members] = rng.integers(lower, upper + 1, int(members.sum()))


def _seed_clients(rng: np.random.Generator) -> _SeedClients:
    klass = _seed_client_classes()
    n = klass.size
    clients = _SeedClients(
        klass=klass,
        member=np.zeros((n, len(KEY_POPULATIONS.codes)), dtype=bool),
        gender=np.full(n, "", dtype=object),
        age=np.zeros(n, dtype=np.int64),
        repeated=np.empty(0, dtype=np.intp),
    )
    _assign_seed_primaries(rng, clients)
    _assign_seed_genders(rng, clients)
    _add_seed_memberships(rng, clients)
    _choose_seed_repeat_clients(rng, clients)
    _assign_seed_ages(rng, clients)
    return clients


def _spread_mentions(
    rng: np.random.Generator, n_cases: int, totals: Mapping[str, int]
) -> dict[str, np.ndarray]:
    """Split each perpetrator group's mention total over ``n_cases`` cases as evenly as possible.

    A case names each detailed type once, so a group has at most as many mentions in a case as
    it has detailed types. Spreading evenly, and topping up the cases with the fewest mentions
    first, stays under that cap and leaves no case without a perpetrator when totals allow.
    """
    group_size = {group: list(PERPETRATOR_GROUP_OF.values()).count(group)
                  for group in PERPETRATOR_GROUPS.codes}
    mentions = np.zeros(n_cases, dtype=np.int64)
    counts: dict[str, np.ndarray] = {}
    for group in sorted(totals, key=lambda g: -totals[g]):
        total = totals[group]
        if total > group_size[group] * n_cases:
            raise RuntimeError(f"{total} {group} mentions cannot fit in {n_cases} cases")
        base, extra = divmod(total, n_cases)
        column = np.full(n_cases, base, dtype=np.int64)
        column[np.lexsort((rng.random(n_cases), mentions))[:extra]] += 1
        counts[group] = column
        mentions += column
    return counts


def _seed_group_perpetrators(
    rng: np.random.Generator, report_group: str, n_cases: int
) -> list[tuple[str, ...]]:
    """Detailed perpetrators of the seed's cases of one report group, hitting its totals."""
    counts = _spread_mentions(rng, n_cases, _SEED.perpetrators[report_group])
    weight_of = {**_DETAILED_PERPETRATOR_WEIGHTS, **_DETAILED_PERPETRATOR_OVERRIDES[report_group]}
    cases: list[tuple[str, ...]] = []
    for case in range(n_cases):
        chosen: list[str] = []
        for group, column in counts.items():
            codes = [code for code, g in PERPETRATOR_GROUP_OF.items() if g == group]
            weights = np.array([weight_of[code] for code in codes], dtype=float)
            picked = _pick(rng, weights, int(column[case]), f"{group} perpetrators")
            chosen += [codes[index] for index in picked]
        cases.append(tuple(chosen))
    return cases


def _seed_statuses(rng: np.random.Generator) -> np.ndarray:
    codes = list(_SEED.reaction_status) + [""]
    recorded = list(_SEED.reaction_status.values())
    counts = recorded + [_SEED.cases - sum(recorded)]
    return rng.permutation(np.repeat(np.array(codes, dtype=object), counts))


def _seed_qualified(rng: np.random.Generator, status: np.ndarray) -> np.ndarray:
    weights = np.array([_SEED_UNQUALIFIED_WEIGHT[code] for code in status])
    qualified = np.ones(status.size, dtype=bool)
    qualified[_pick(rng, weights, _SEED.cases - _SEED.qualified, "unqualified cases")] = False
    return qualified


def _seed_refusal_reasons(
    rng: np.random.Generator,
    status: np.ndarray,
    member: np.ndarray,
    police_involved: np.ndarray,
) -> list[list[str]]:
    """Reasons for the slice: mostly on refusing clients, every reason count exact.

    Each reason goes to a set of distinct cases of a pool (all refusals plus some other cases),
    so no cell repeats a reason.
    """
    refused = status == "client_refused"
    other_weights = np.array([_SEED_REASON_POOL_WEIGHT.get(code, 0.0) for code in status])
    pool = np.zeros(status.size, dtype=bool)
    pool[refused] = True
    pool[_pick(rng, np.where(refused, 0.0, other_weights), _SEED_REASON_POOL_EXTRA,
               "cases giving reasons")] = True
    pull = np.where(refused, _SEED_REFUSED_PULL, 1.0) * pool
    reasons: list[list[str]] = [[] for _ in range(status.size)]
    for code in sorted(_SEED.refusal_reasons, key=lambda c: -_SEED.refusal_reasons[c]):
        weights = pull.copy()
        if code in _SEED_REASON_AFFINITY:
            trait, factor = _SEED_REASON_AFFINITY[code]
            fits = member[:, KEY_POPULATIONS.codes.index(trait.partition(":")[2])]
            # A disclosure fear needs a client of that group: reach beyond the pool if need be.
            reach = _SEED_OUTSIDE_POOL_PULL * (other_weights > 0)
            weights = np.where(fits, factor * np.maximum(pull, reach), _SEED_AFFINITY_FLOOR * pull)
        if code == "distrust_police":
            weights *= np.where(police_involved, _SEED_DISTRUST_POLICE_PULL, 1.0)
        for case in _pick(rng, weights, _SEED.refusal_reasons[code], f"cases giving {code}"):
            reasons[case].append(code)
    return reasons


def _seed_slice(
    rng: np.random.Generator, country_index: int, client_key_offset: int
) -> pd.DataFrame:
    """A draft of the seed slice: every published number is hit by construction."""
    clients = _seed_clients(rng)
    case_client = rng.permutation(np.concatenate([np.arange(clients.klass.size), clients.repeated]))
    n_cases = case_client.size
    report_group = clients.klass[case_client]

    perpetrators: list[tuple[str, ...]] = [()] * n_cases
    for group in REPORT_GROUPS.codes:
        cases = np.flatnonzero(report_group == group)
        chosen = _seed_group_perpetrators(rng, group, cases.size)
        for case, codes in zip(cases, chosen, strict=True):
            perpetrators[case] = codes
    # Cases without a report group are in no per-group chart: draw them like any other case.
    ungrouped = np.flatnonzero(report_group == "")
    free = _draw_conditional(rng, np.full(ungrouped.size, _NO_REPORT_GROUP), _PERPETRATOR_WEIGHTS)
    for case, combo in zip(ungrouped, free, strict=True):
        perpetrators[case] = _PERPETRATOR_TABLE.combos[combo]
    dominant = np.array([_dominant_group(chosen) for chosen in perpetrators], dtype=np.intp)
    police_involved = dominant == PERPETRATOR_GROUPS.codes.index("police")

    status = _seed_statuses(rng)
    qualified = _seed_qualified(rng, status)
    member = clients.member[case_client]
    reasons = _seed_refusal_reasons(rng, status, member, police_involved)
    violations = _draw_conditional(rng, dominant, _VIOLATION_WEIGHTS)
    unhelped = np.isin(status, _UNHELPED_STATUSES)
    layout = _RegionLayout.of([_PROFILES[_SEED.country]])
    region = layout.draw_regions(rng, np.zeros(clients.klass.size, dtype=np.intp))
    first, last = _day_number(_SEED.first_day), _day_number(_SEED.last_day)
    key_populations = [
        _join(KEY_POPULATIONS, np.asarray(KEY_POPULATIONS.codes)[row]) for row in clients.member
    ]
    draft = pd.DataFrame({
        "_country": np.full(n_cases, country_index),
        "_day": rng.integers(first, last + 1, n_cases),
        "_client": case_client.astype(np.int64) + client_key_offset,
        "qualified": np.where(qualified, "yes", "no"),
        "key_populations": np.asarray(key_populations, dtype=object)[case_client],
        "report_group": report_group,
        "gender": clients.gender[case_client],
        "age": clients.age[case_client].astype(str),
        "violations": _VIOLATION_TABLE.render(violations),
        "perpetrators": [_join(PERPETRATORS, chosen) for chosen in perpetrators],
        "services_provided": _PROVIDED_TABLE.render(
            _draw_conditional(rng, unhelped, _PROVIDED_WEIGHTS)),
        "services_referred": _REFERRED_TABLE.render(
            _draw_conditional(rng, unhelped, _REFERRED_WEIGHTS)),
        "services_unavailable": _UNAVAILABLE_TABLE.render(
            _draw_conditional(rng, unhelped, _UNAVAILABLE_WEIGHTS)),
        "reaction_status": status,
        "refusal_reasons": [_join(REFUSAL_REASONS, given) for given in reasons],
        "region": pd.Series(layout.regions.take(region[case_client])),
        "organization": pd.Series(layout.organizations.take(
            2 * region[case_client] + rng.integers(0, 2, n_cases))),
        "description": _render_descriptions(rng, violations, dominant),
    })
    return draft.astype({column: "str" for column in draft.columns if column not in _DRAFT_KEYS})


def _seed_figures(sample: pd.DataFrame) -> dict[str, object]:
    """The seed's figures counted from a sample under contract section 4 (codes only)."""
    in_slice = (sample["country"] == _SEED.country) & sample["registered_on"].between(
        _SEED.first_day, _SEED.last_day)
    cases = sample[in_slice]

    def cells(column: str) -> list[set[str]]:
        return [{part.strip() for part in cell.split(";") if part.strip()}
                for cell in cases[column]]

    def mentions(column: str, vocabulary: Vocabulary, rows: Iterable[set[str]]) -> dict[str, int]:
        found = [code for row in rows for code in row]
        return {code: found.count(code) for code in vocabulary.codes}

    memberships = pd.Series(cells("key_populations"), index=cases["client_id"].to_numpy())
    clients = memberships.groupby(level=0).first()
    perpetrators = {}
    for group in REPORT_GROUPS.codes:
        rows = [row for row, g in zip(cells("perpetrators"), cases["report_group"]) if g == group]
        per_group = [PERPETRATOR_GROUP_OF[code] for row in rows for code in row]
        perpetrators[group] = {g: per_group.count(g) for g in PERPETRATOR_GROUPS.codes}
    ages = pd.to_numeric(cases["age"]).to_numpy()
    bounds = list(AGE_GROUP_LOWER_BOUNDS) + [_MAX_AGE + 1]
    return {
        "clients": cases["client_id"].nunique(),
        "cases": len(cases),
        "qualified": int((cases["qualified"] == "yes").sum()),
        "key_populations": mentions("key_populations", KEY_POPULATIONS, clients),
        "gender": mentions("gender", GENDER, cells("gender")),
        "age_groups": {code: int(((ages >= low) & (ages < high)).sum())
                       for code, low, high in zip(AGE_GROUPS.codes, bounds, bounds[1:])},
        "report_groups": mentions("report_group", REPORT_GROUPS, cells("report_group")),
        "perpetrators": perpetrators,
        "reaction_status": mentions("reaction_status", REACTION_STATUS, cells("reaction_status")),
        "refusal_reasons": mentions("refusal_reasons", REFUSAL_REASONS, cells("refusal_reasons")),
    }


def _check_seed_slice(sample: pd.DataFrame) -> None:
    """Fail loudly when the sample no longer reproduces every number of the seed."""
    expected = {name: getattr(_SEED, name) for name in (
        "clients", "cases", "qualified", "key_populations", "gender", "age_groups",
        "report_groups", "perpetrators", "reaction_status", "refusal_reasons")}
    found = _seed_figures(sample)
    wrong = [name for name in expected if found[name] != expected[name]]
    if wrong:
        details = "; ".join(
            f"{name}: expected {expected[name]}, got {found[name]}" for name in wrong
        )
        raise RuntimeError(f"the sample does not reproduce the seed factsheet: {details}")


# --------------------------------------------------------------------------------------------
# The bundled sample.
# --------------------------------------------------------------------------------------------

_SAMPLE_YEARS = (2022, 2023, 2024)
_SAMPLE_BLOCK_LIMITS = (120, 400)  # cases per country and half year
_SAMPLE_VOLUME_NOISE = 0.1


def _half_years() -> list[tuple[int, int]]:
    """First and last day numbers of every half year of the sample."""
    return [
        (_day_number(f"{year}-{first}"), _day_number(f"{year}-{last}"))
        for year in _SAMPLE_YEARS
        for first, last in (("01-01", "06-30"), ("07-01", "12-31"))
    ]


def _sample_block_sizes(rng: np.random.Generator, profile: _CountryProfile) -> np.ndarray:
    """Cases per half year of one country: its volume, its growth and some noise."""
    n_blocks = 2 * len(_SAMPLE_YEARS)
    trend = 1 + profile.growth_per_half_year * (np.arange(n_blocks) - (n_blocks - 1) / 2)
    noise = rng.uniform(1 - _SAMPLE_VOLUME_NOISE, 1 + _SAMPLE_VOLUME_NOISE, n_blocks)
    sizes = np.rint(profile.cases_per_half_year * trend * noise)
    return np.clip(sizes, *_SAMPLE_BLOCK_LIMITS).astype(np.int64)


def _sample_generic_draft(
    rng: np.random.Generator, profiles: Sequence[_CountryProfile]
) -> pd.DataFrame:
    """Every sample case except the seed slice, with clients spanning half years."""
    seed_block = (COUNTRIES.index(_SEED.country), _half_years().index(
        (_day_number(_SEED.first_day), _day_number(_SEED.last_day))))
    client_country, case_client, case_day = [], [], []
    n_clients_so_far = 0
    for country, profile in enumerate(profiles):
        sizes = _sample_block_sizes(rng, profile)
        days = [
            rng.integers(first, last + 1, size)
            for block, ((first, last), size) in enumerate(zip(_half_years(), sizes, strict=True))
            if (country, block) != seed_block
        ]
        n_cases = sum(len(block) for block in days)
        n_clients = math.ceil(n_cases / _CASES_PER_CLIENT)
        repeats = rng.integers(0, n_clients, n_cases - n_clients)
        clients = np.concatenate([np.arange(n_clients), repeats])
        client_country.append(np.full(n_clients, country))
        case_client.append(n_clients_so_far + rng.permutation(clients))
        case_day.append(np.concatenate(days))
        n_clients_so_far += n_clients
    countries = np.concatenate(client_country)
    cases = np.concatenate(case_client)
    days = np.concatenate(case_day)
    order = np.lexsort((days, countries[cases]))
    return _draw_generic_cases(
        rng,
        profiles,
        np.array([country in LABELLED_COUNTRIES for country in COUNTRIES]),
        countries,
        cases[order],
        days[order],
        reference_day=_day_number(SAMPLE_FIRST_DAY),
    )


def generate_sample(seed: int = 2023) -> pd.DataFrame:
    """Generate the bundled sample of REAct cases.

    Six countries (:data:`COUNTRIES`), every half year of 2022-2024 with roughly 120-400 cases
    per country and half year. The Tajikistan cases of 2023-01-01..2023-06-30 reproduce every
    number of the published factsheet "Tajikistan. 2023 | Half year" under the contract's
    counting rules; this is checked on every call and raises ``RuntimeError`` if broken.

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``; the bundled CSV is ``generate_sample(2023)``.
        Any seed reproduces the seed factsheet; only the arrangement of cases changes.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, every value a string (``""`` when not recorded), rows sorted
        by country (in :data:`COUNTRIES` order) and date. Moldova's coded columns hold labels.

    Examples
    --------
    >>> sample = generate_sample()
    >>> tajikistan = sample[(sample["country"] == "Tajikistan")
    ...                     & sample["registered_on"].between("2023-01-01", "2023-06-30")]
    >>> len(tajikistan), tajikistan["client_id"].nunique()
    (522, 520)
    """
    generic_rng, slice_rng, id_rng = np.random.default_rng(seed).spawn(3)
    profiles = _profiles(COUNTRIES)
    generic = _sample_generic_draft(generic_rng, profiles)
    seed_slice = _seed_slice(
        slice_rng, COUNTRIES.index(_SEED.country), int(generic["_client"].max()) + 1
    )
    draft = pd.concat([generic, seed_slice], ignore_index=True)
    sample = _finalise(draft, profiles, COUNTRIES, id_rng)
    _check_seed_slice(sample)
    return sample


def write_sample(path: str | PathLike[str]) -> Path:
    """Write :func:`generate_sample` to a CSV file, byte-identical on every run.

    Parameters
    ----------
    path
        Target file; parent folders are created.

    Returns
    -------
    pathlib.Path
        The written file (UTF-8 without BOM, comma-separated, ``\\n`` line ends, no index).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_sample(Path(folder) / "sample_cases.csv")
    ...     written.read_text(encoding="utf-8").splitlines()[0].startswith("case_id,client_id")
    True
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    generate_sample().to_csv(target, index=False, encoding="utf-8", lineterminator="\n")
    return target
