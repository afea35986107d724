"""The published categories of REAct: codes, English labels and their order.

This module is the single place where codes and labels are written down (contract section 2).
Every other module, the notebooks and the tests take labels and orders from here.

Examples
--------
>>> GENDER.label("trans_male")
'Transgender male'
>>> KEY_POPULATIONS.codes[:2]
('plhiv', 'tb')
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of category codes with their published English labels.

    Parameters
    ----------
    name
        The column (or chart) the vocabulary belongs to.
    items
        ``(code, label)`` pairs in published order.
    """

    name: str
    items: tuple[tuple[str, str], ...]
    _labels: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_labels", dict(self.items))

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes in published order."""
        return tuple(code for code, _ in self.items)

    @property
    def labels(self) -> tuple[str, ...]:
        """Labels in published order."""
        return tuple(label for _, label in self.items)

    def label(self, code: str) -> str:
        """The published label of ``code``."""
        return self._labels[code]

    def lookup(self) -> dict[str, str]:
        """Map every accepted spelling (code or label, lower-cased) to its code."""
        accepted = {code.lower(): code for code in self.codes}
        accepted.update({label.lower(): code for code, label in self.items})
        return accepted


KEY_POPULATIONS = Vocabulary(
    "key_populations",
    (
        ("plhiv", "People living with HIV"),
        ("tb", "Person affected by TB"),
        ("former_prisoner", "Former prisoner"),
        ("pwud", "People who use drugs"),
        ("hepc", "Person with HepC"),
        ("sex_worker", "Sex worker"),
        ("lgbtiq", "LGBTIQ"),
        ("no_kpg", "Client does not belong to any KPG"),
        ("migrant", "Migrant"),
        ("alcohol", "Person, addicted to alcohol"),
        ("partner_pwid", "Sexual partner of PWID"),
        ("other", "Other"),
        ("disability", "Person with disabilities"),
        ("homeless", "Homeless Person"),
        ("prisoner", "Prisoner"),
        ("undisclosed", "Client does not want to divulge KPG"),
    ),
)

#: Key-population codes that stand alone: a client with one of them has no other group.
EXCLUSIVE_KEY_POPULATIONS: tuple[str, ...] = ("no_kpg", "undisclosed")

REPORT_GROUPS = Vocabulary(
    "report_group",
    (
        ("plhiv", "People living with HIV"),
        ("pwid", "Person, who injects drugs"),
        ("sw", "Sex worker"),
        ("msm_trans", "MSM and trans* people"),
    ),
)

#: The key population a case must have when its ``report_group`` is set.
REPORT_GROUP_KEY_POPULATION: dict[str, str] = {
    "plhiv": "plhiv",
    "pwid": "pwud",
    "sw": "sex_worker",
    "msm_trans": "lgbtiq",
}

GENDER = Vocabulary(
    "gender",
    (
        ("female", "Female"),
        ("male", "Male"),
        ("trans_female", "Transgender female"),
        ("trans_male", "Transgender male"),
        ("unknown", "Gender unknown"),
    ),
)

AGE_GROUPS = Vocabulary(
    "age_groups",
    (
        ("0-15", "aged 0-15"),
        ("16-18", "aged 16-18"),
        ("19-35", "aged 19-35"),
        ("36-55", "aged 36-55"),
        ("56+", "more than 55"),
    ),
)

#: Inclusive lower bound of each age group, in the order of ``AGE_GROUPS``.
AGE_GROUP_LOWER_BOUNDS: tuple[int, ...] = (0, 16, 19, 36, 56)

PERPETRATORS = Vocabulary(
    "perpetrators",
    (
        ("medical_worker", "Medical worker"),
        ("healthcare_facility", "Healthcare facility"),
        ("police", "Police"),
        ("investigator", "Investigator"),
        ("prosecutor", "Prosecutor"),
        ("social_services", "Social services"),
        ("education", "Education"),
        ("local_authority", "Local authority"),
        ("migration_service", "Migration service"),
        ("penitentiary", "Penitentiary"),
        ("court", "Court"),
        ("family", "Family"),
        ("partner", "Partner"),
        ("neighbour", "Neighbour"),
        ("employer", "Employer"),
        ("sw_client", "Sex worker's client"),
        ("acquaintance", "Acquaintance"),
        ("community_member", "Community member"),
        ("unknown_person", "Unknown person"),
    ),
)

PERPETRATOR_GROUPS = Vocabulary(
    "perpetrator_groups",
    (
        ("healthcare", "Healthcare"),
        ("police", "Police"),
        ("state_services", "State services"),
        ("individuals", "Individuals"),
    ),
)

#: The published group of every detailed perpetrator type.
PERPETRATOR_GROUP_OF: dict[str, str] = {
    "medical_worker": "healthcare",
    "healthcare_facility": "healthcare",
    "police": "police",
    "investigator": "police",
    "prosecutor": "police",
    "social_services": "state_services",
    "education": "state_services",
    "local_authority": "state_services",
    "migration_service": "state_services",
    "penitentiary": "state_services",
    "court": "state_services",
    "family": "individuals",
    "partner": "individuals",
    "neighbour": "individuals",
    "employer": "individuals",
    "sw_client": "individuals",
    "acquaintance": "individuals",
    "community_member": "individuals",
    "unknown_person": "individuals",
}

VIOLATIONS = Vocabulary(
    "violations",
    (
        ("refusal_of_services", "Refusal to provide services"),
        ("discrimination", "Stigma / discrimination"),
        ("physical_violence", "Physical violence"),
        ("emotional_violence", "Emotional violence"),
        ("sexual_violence", "Sexual violence"),
        ("material_damage", "Material damage"),
        ("confidentiality", "Violation of confidentiality"),
        ("unlawful_detention", "Unlawful detention"),
        ("extortion", "Extortion"),
        ("eviction", "Eviction"),
        ("domestic_violence", "Domestic violence"),
    ),
)

SERVICES = Vocabulary(
    "services",
    (
        ("legal_primary", "Primary legal assistance"),
        ("legal_secondary", "Secondary legal assistance"),
        ("psychosocial", "Psychosocial assistance"),
        ("medical", "Medical services"),
        ("social", "Social services"),
        ("mediation", "Mediation"),
        ("shelter", "Shelter"),
        ("other", "Other"),
    ),
)

REACTION_STATUS = Vocabulary(
    "reaction_status",
    (
        ("in_progress", "In Progress"),
        ("resolved_positive", "Resolved positively"),
        ("resolved_negative", "Resolved negatively"),
        ("no_help", "Not resolved, no help provided"),
        ("client_refused", "Unresolved - Client did not want to resolve this case"),
        ("no_resolution_required", "No resolution required"),
        ("lost_contact", "Unresolved - Lost contacts with a client"),
        ("partially_resolved", "Partially resolved"),
        ("passed_away", "Unresolved - Client passed away"),
    ),
)

REFUSAL_REASONS = Vocabulary(
    "refusal_reasons",
    (
        ("safety", "The client worries about his life and safety"),
        (
            "distrust_police",
            "The client is afraid / does not trust police, due to negative experiences in the past",
        ),
        ("self_stigma", "The client experiences deep self-stigma"),
        (
            "fear_sogi_disclosure",
            "The client is afraid / doesn't want to disclose their sexual orientation or gender identity",
        ),
        ("fear_hiv_disclosure", "The client is afraid / doesn't want to disclose HIV status"),
        (
            "not_worth_effort",
            "The client does not want to waste time and effort, as the process is likely to be difficult",
        ),
        ("no_belief", "The client does not believe in a positive case solution"),
        ("other", "Other"),
    ),
)

#: The vocabulary of every coded input column.
COLUMN_VOCABULARIES: dict[str, Vocabulary] = {
    "key_populations": KEY_POPULATIONS,
    "report_group": REPORT_GROUPS,
    "gender": GENDER,
    "violations": VIOLATIONS,
    "perpetrators": PERPETRATORS,
    "services_provided": SERVICES,
    "services_referred": SERVICES,
    "services_unavailable": SERVICES,
    "reaction_status": REACTION_STATUS,
    "refusal_reasons": REFUSAL_REASONS,
}
