"""The plausibility tables of the synthetic case data: who the clients are and what happens to them.

Shared by the random tables of `reactlib.sample.generator`, the seed slice of
`reactlib.sample.calibration` and the bundled sample of `reactlib.sample.bundled`: country
profiles, key-population mixes, gender and age by trait, perpetrators, statuses, reasons and the
invented narratives. Every table types codes, so each is checked against the contract's
vocabularies at import time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np
import pandas as pd

from reactlib.contract.categories import (
    GENDER,
    KEY_POPULATIONS,
    PERPETRATOR_GROUP_OF,
    PERPETRATOR_GROUPS,
    PERPETRATORS,
    REACTION_STATUS,
    REFUSAL_REASONS,
    REPORT_GROUPS,
    SERVICES,
    VIOLATIONS,
    Vocabulary,
)

_T = TypeVar("_T")


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


def _draw_conditional(rng: np.random.Generator, condition: np.ndarray, weights: np.ndarray) -> np.ndarray:
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
        "TJ",
        290,
        0.05,
        {"migrant": 1.6},
        (
            "Capital District",
            "Northern Valley Region",
            "Southern Lowlands Region",
            "Eastern Highlands Region",
            "Central Foothills Region",
        ),
        (
            "Sunrise Health Initiative",
            "Community Rights Bureau",
            "Open Door Support Centre",
            "Mountain Hope Association",
        ),
    ),
    "Kyrgyzstan": _CountryProfile(
        "KG",
        200,
        0.03,
        {"migrant": 1.3, "sex_worker": 1.2},
        ("Capital Area", "Lakeside Region", "Upper Valley Region", "Southern Oasis Region", "Western Pass Region"),
        ("Clear Path Community Fund", "Equal Voice Association", "Steppe Outreach Network"),
    ),
    "Kazakhstan": _CountryProfile(
        "KZ",
        240,
        0.04,
        {"lgbtiq": 1.3, "former_prisoner": 1.2},
        (
            "Capital City",
            "Northern Steppe Region",
            "Southern Capital Region",
            "Western Coast Region",
            "Eastern Ridge Region",
            "Central Plains Region",
        ),
        ("Silver Steppe Foundation", "Legal Aid Collective", "Healthy Future Network", "Peer Support Union"),
    ),
    "Moldova": _CountryProfile(
        "MD",
        150,
        0.02,
        {"pwud": 1.3, "sex_worker": 1.3},
        ("Capital Municipality", "Northern District", "Central District", "Southern District", "Riverbank District"),
        ("Vineyard Peer Network", "Equal Access Centre", "Second Chance Initiative"),
    ),
    "Georgia": _CountryProfile(
        "GE",
        130,
        0.04,
        {"lgbtiq": 2.0, "pwud": 1.3, "hepc": 1.5},
        ("Capital City", "Western Lowlands", "Eastern Valley", "Coastal Region", "Mountain Region"),
        ("Bridge of Trust", "Rainbow Rights Centre", "Health and Dignity Fund"),
    ),
    "Ukraine": _CountryProfile(
        "UA",
        340,
        0.06,
        {"pwud": 1.5, "partner_pwid": 1.3},
        (
            "Capital City",
            "Northern Oblast",
            "Eastern Oblast",
            "Southern Oblast",
            "Western Oblast",
            "Central Oblast",
            "Coastal Oblast",
        ),
        ("Light of Hope Network", "Positive Steps Alliance", "Street Rights Project", "Women's Voice Centre"),
    ),
}
for _profile in _PROFILES.values():
    _require_codes(KEY_POPULATIONS, _profile.key_population_emphasis)
del _profile


def _fallback_profile(country: str) -> _CountryProfile:
    """A neutral profile for a country without one (benchmarks may name any country)."""
    letters = "".join(ch for ch in country.upper() if ch.isalpha())
    return _CountryProfile(
        (letters + "XX")[:2],
        200,
        0.0,
        {},
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
_NOT_CHILDREN = ("former_prisoner", "pwud", "sex_worker", "lgbtiq", "alcohol", "partner_pwid", "prisoner")
_NOT_MINORS = ("former_prisoner", "prisoner", "partner_pwid", "sex_worker", "alcohol", "pwud", "hepc")
_CHILD_SHARE = 0.008
_MINOR_SHARE = 0.006
_AGE_MISSING_SHARE = 0.012
_require_codes(KEY_POPULATIONS, (trait for trait, _ in _TYPICAL_AGE_BY_TRAIT))
_require_codes(KEY_POPULATIONS, _NOT_CHILDREN + _NOT_MINORS)

# Perpetrators by report group (columns: plhiv, pwid, sw, msm_trans, no group): mostly
# individuals and police; sex workers' clients only in sex-work cases.
_PERPETRATOR_TABLE, _PERPETRATOR_WEIGHTS = _weighted_table(
    PERPETRATORS,
    (
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
    ),
)
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
_VIOLATION_TABLE, _VIOLATION_WEIGHTS = _weighted_table(
    VIOLATIONS,
    (
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
    ),
)

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
_PROVIDED_TABLE, _PROVIDED_WEIGHTS = _weighted_table(
    SERVICES,
    (
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
    ),
)
_REFERRED_TABLE, _REFERRED_WEIGHTS = _weighted_table(
    SERVICES,
    (
        ((), (55, 80)),
        (("legal_secondary",), (12, 2)),
        (("medical",), (8, 2)),
        (("social",), (8, 2)),
        (("psychosocial",), (5, 2)),
        (("legal_secondary", "psychosocial"), (3, 0)),
        (("medical", "social"), (3, 1)),
        (("shelter",), (1.5, 0.5)),
        (("other",), (1, 1)),
    ),
)
_UNAVAILABLE_TABLE, _UNAVAILABLE_WEIGHTS = _weighted_table(
    SERVICES,
    (
        ((), (88, 70)),
        (("shelter",), (4, 6)),
        (("legal_secondary",), (3, 6)),
        (("medical",), (2, 4)),
        (("social",), (2, 4)),
        (("psychosocial",), (1, 3)),
        (("other",), (1, 2)),
    ),
)

# Refusal reasons of clients who refused to pursue the case, by the client's groups (columns:
# PLHIV only, LGBTIQ only, both, neither): disclosure fears follow the group.
_REFUSAL_TABLE, _REFUSED_WEIGHTS = _weighted_table(
    REFUSAL_REASONS,
    (
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
    ),
)
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
    [VIOLATIONS.codes.index(combo[0]) if combo else len(VIOLATIONS.codes) for combo in _VIOLATION_TABLE.combos],
    dtype=np.intp,
)


def _render_descriptions(rng: np.random.Generator, violation_combo: np.ndarray, dominant: np.ndarray) -> pd.Series:
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
