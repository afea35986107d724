"""The seed slice: Tajikistan 2023-H1 cases calibrated to the published factsheet.

The contract's counting rules applied to these cases reproduce every number of the seed
factsheet "Tajikistan. 2023 | Half year"; `check_seed_slice` proves it on every build of the
bundled sample.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
    Vocabulary,
)
from reactlib.sample.generator import (
    _DRAFT_KEYS,
    _day_number,
    _RegionLayout,
)
from reactlib.sample.plausibility import (
    _MAX_AGE,
    _NO_REPORT_GROUP,
    _NOT_CHILDREN,
    _NOT_MINORS,
    _PERPETRATOR_TABLE,
    _PERPETRATOR_WEIGHTS,
    _PROFILES,
    _PROVIDED_TABLE,
    _PROVIDED_WEIGHTS,
    _REFERRED_TABLE,
    _REFERRED_WEIGHTS,
    _UNAVAILABLE_TABLE,
    _UNAVAILABLE_WEIGHTS,
    _UNHELPED_STATUSES,
    _VIOLATION_TABLE,
    _VIOLATION_WEIGHTS,
    _dominant_group,
    _draw_conditional,
    _in_order,
    _join,
    _pick,
    _render_descriptions,
    _require_codes,
)

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
    key_populations=_in_order(KEY_POPULATIONS, (279, 56, 71, 71, 35, 49, 49, 46, 38, 26, 14, 25, 6, 6, 2, 3)),
    gender=_in_order(GENDER, (272, 244, 2, 2, 1)),
    age_groups=_in_order(AGE_GROUPS, (3, 2, 269, 221, 27)),
    report_groups=_in_order(REPORT_GROUPS, (265, 50, 41, 34)),
    # Perpetrator groups in published order: healthcare, police, state services, individuals.
    perpetrators=_in_order(
        REPORT_GROUPS,
        (
            _in_order(PERPETRATOR_GROUPS, (24, 12, 4, 226)),
            _in_order(PERPETRATOR_GROUPS, (1, 17, 0, 32)),
            _in_order(PERPETRATOR_GROUPS, (6, 49, 0, 75)),
            _in_order(PERPETRATOR_GROUPS, (11, 96, 0, 26)),
        ),
    ),
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
    "plhiv": 5,
    "pwud": 6,
    "sex_worker": 2,
    "lgbtiq": 3,
    "migrant": 18,
    "former_prisoner": 14,
    "tb": 8,
    "partner_pwid": 4,
    "disability": 2,
}
_SEED_REMAINDER_PRIMARY = "other"
_require_codes(KEY_POPULATIONS, [*_SEED_UNGROUPED_PRIMARIES, _SEED_REMAINDER_PRIMARY])

# Weights for giving a client an additional membership: (base, {trait: factor}). Traits are
# "kp:<key population>", "class:<report group of the client's cases>" or "gender:<code>".
# Dict order is the order memberships are added; it covers every non-exclusive group.
_SEED_MEMBERSHIP_RULES: dict[str, tuple[float, dict[str, float]]] = {
    "plhiv": (0.5, {"class:pwid": 6, "class:sw": 4, "class:msm_trans": 5}),
    "pwud": (0.5, {"class:plhiv": 3, "class:sw": 3, "gender:male": 2}),
    "sex_worker": (
        0.2,
        {"gender:female": 10, "gender:trans_female": 20, "class:pwid": 2, "class:plhiv": 1.5, "gender:male": 0.3},
    ),
    "lgbtiq": (0.3, {"gender:male": 6, "class:plhiv": 1.5, "class:sw": 2, "gender:female": 0.7}),
    "tb": (0.6, {"kp:plhiv": 4, "kp:pwud": 2, "kp:former_prisoner": 2}),
    "former_prisoner": (
        0.4,
        {"kp:pwud": 4, "gender:male": 2.5, "kp:tb": 2, "kp:plhiv": 1.5, "kp:sex_worker": 0.5, "kp:lgbtiq": 0.4},
    ),
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
_SEED_FEMALE_WEIGHT: dict[str, float] = {"plhiv": 1.6, "pwid": 0.35, "sw": 15.0, "msm_trans": 0.0, "": 1.0}
_SEED_FEMALE_FACTORS: dict[str, float] = {
    "sex_worker": 15,
    "pwud": 0.35,
    "former_prisoner": 0.3,
    "lgbtiq": 0.4,
    "partner_pwid": 8,
    "migrant": 0.6,
}
_require_codes(KEY_POPULATIONS, _SEED_FEMALE_FACTORS)

# Age groups are assigned rarest first; each lists memberships/genders that rule a client out
# and weight rules; clients left over get _SEED_REPEATED_AGE_GROUP.
_SEED_AGE_RULES: dict[str, tuple[tuple[str, ...], tuple[float, dict[str, float]]]] = {
    "0-15": (
        tuple("kp:" + code for code in _NOT_CHILDREN) + ("gender:trans_female", "gender:trans_male"),
        (1.0, {"kp:plhiv": 3}),
    ),
    "16-18": (tuple("kp:" + code for code in _NOT_MINORS), (1.0, {"kp:lgbtiq": 2})),
    "56+": (
        (),
        (
            1.0,
            {
                "kp:tb": 1.5,
                "kp:no_kpg": 1.5,
                "kp:other": 1.5,
                "kp:disability": 3,
                "kp:sex_worker": 0.1,
                "kp:lgbtiq": 0.2,
                "kp:pwud": 0.5,
                "kp:partner_pwid": 0.3,
                "gender:trans_female": 0.1,
                "gender:trans_male": 0.1,
            },
        ),
    ),
    "36-55": (
        (),
        (
            1.0,
            {
                "kp:pwud": 1.6,
                "kp:former_prisoner": 1.5,
                "kp:hepc": 1.4,
                "kp:tb": 1.2,
                "kp:sex_worker": 0.6,
                "kp:lgbtiq": 0.35,
                "kp:partner_pwid": 0.8,
            },
        ),
    ),
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
    "medical_worker": 3,
    "healthcare_facility": 2,
    "police": 6,
    "investigator": 3,
    "prosecutor": 1,
    "social_services": 3,
    "education": 2,
    "local_authority": 2,
    "migration_service": 1,
    "penitentiary": 1,
    "court": 1,
    "family": 5,
    "partner": 3,
    "neighbour": 2,
    "employer": 2,
    "sw_client": 0,
    "acquaintance": 2,
    "community_member": 2,
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
    "no_resolution_required": 15,
    "": 3,
    "lost_contact": 2,
    "no_help": 2,
    "in_progress": 1.5,
    "client_refused": 1.5,
    "resolved_negative": 1,
    "partially_resolved": 1,
    "resolved_positive": 0.6,
    "passed_away": 1,
}
# Besides the refusing clients, a pool of other cases that give reasons (weights by status).
_SEED_REASON_POOL_EXTRA = 50
_SEED_REASON_POOL_WEIGHT: dict[str, float] = {
    "no_help": 3,
    "lost_contact": 3,
    "partially_resolved": 2,
    "resolved_negative": 2,
    "in_progress": 1,
    "": 1,
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
_validate_rule_traits((0.0, dict.fromkeys(excluded, 0.0)) for excluded, _ in _SEED_AGE_RULES.values())
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
    primaries = [code for code in EXCLUSIVE_KEY_POPULATIONS for _ in range(_SEED.key_populations[code])]
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
    repeated: list[int] = []
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


def _spread_mentions(rng: np.random.Generator, n_cases: int, totals: Mapping[str, int]) -> dict[str, np.ndarray]:
    """Split each perpetrator group's mention total over ``n_cases`` cases as evenly as possible.

    A case names each detailed type once, so a group has at most as many mentions in a case as
    it has detailed types. Spreading evenly, and topping up the cases with the fewest mentions
    first, stays under that cap and leaves no case without a perpetrator when totals allow.
    """
    group_size = {group: list(PERPETRATOR_GROUP_OF.values()).count(group) for group in PERPETRATOR_GROUPS.codes}
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


def _seed_group_perpetrators(rng: np.random.Generator, report_group: str, n_cases: int) -> list[tuple[str, ...]]:
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
    pool[_pick(rng, np.where(refused, 0.0, other_weights), _SEED_REASON_POOL_EXTRA, "cases giving reasons")] = True
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


def _seed_slice(rng: np.random.Generator, country_index: int, client_key_offset: int) -> pd.DataFrame:
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
    key_populations = [_join(KEY_POPULATIONS, np.asarray(KEY_POPULATIONS.codes)[row]) for row in clients.member]
    draft = pd.DataFrame(
        {
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
            "services_provided": _PROVIDED_TABLE.render(_draw_conditional(rng, unhelped, _PROVIDED_WEIGHTS)),
            "services_referred": _REFERRED_TABLE.render(_draw_conditional(rng, unhelped, _REFERRED_WEIGHTS)),
            "services_unavailable": _UNAVAILABLE_TABLE.render(_draw_conditional(rng, unhelped, _UNAVAILABLE_WEIGHTS)),
            "reaction_status": status,
            "refusal_reasons": [_join(REFUSAL_REASONS, given) for given in reasons],
            "region": pd.Series(layout.regions.take(region[case_client])),
            "organization": pd.Series(layout.organizations.take(2 * region[case_client] + rng.integers(0, 2, n_cases))),
            "description": _render_descriptions(rng, violations, dominant),
        }
    )
    return draft.astype({column: "str" for column in draft.columns if column not in _DRAFT_KEYS})


def _seed_figures(sample: pd.DataFrame) -> dict[str, object]:
    """The seed's figures counted from a sample under contract section 4 (codes only)."""
    in_slice = (sample["country"] == _SEED.country) & sample["registered_on"].between(_SEED.first_day, _SEED.last_day)
    cases = sample[in_slice]

    def cells(column: str) -> list[set[str]]:
        return [{part.strip() for part in cell.split(";") if part.strip()} for cell in cases[column]]

    def mentions(column: str, vocabulary: Vocabulary, rows: Iterable[set[str]]) -> dict[str, int]:
        found = [code for row in rows for code in row]
        return {code: found.count(code) for code in vocabulary.codes}

    memberships = pd.Series(cells("key_populations"), index=cases["client_id"].to_numpy())
    clients = memberships.groupby(level=0).first()
    perpetrators = {}
    for group in REPORT_GROUPS.codes:
        rows = [row for row, g in zip(cells("perpetrators"), cases["report_group"], strict=True) if g == group]
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
        "age_groups": {
            code: int(((ages >= low) & (ages < high)).sum())
            for code, low, high in zip(AGE_GROUPS.codes, bounds, bounds[1:], strict=False)
        },
        "report_groups": mentions("report_group", REPORT_GROUPS, cells("report_group")),
        "perpetrators": perpetrators,
        "reaction_status": mentions("reaction_status", REACTION_STATUS, cells("reaction_status")),
        "refusal_reasons": mentions("refusal_reasons", REFUSAL_REASONS, cells("refusal_reasons")),
    }


def _check_seed_slice(sample: pd.DataFrame) -> None:
    """Fail loudly when the sample no longer reproduces every number of the seed."""
    expected = {
        name: getattr(_SEED, name)
        for name in (
            "clients",
            "cases",
            "qualified",
            "key_populations",
            "gender",
            "age_groups",
            "report_groups",
            "perpetrators",
            "reaction_status",
            "refusal_reasons",
        )
    }
    found = _seed_figures(sample)
    wrong = [name for name in expected if found[name] != expected[name]]
    if wrong:
        details = "; ".join(f"{name}: expected {expected[name]}, got {found[name]}" for name in wrong)
        raise RuntimeError(f"the sample does not reproduce the seed factsheet: {details}")
