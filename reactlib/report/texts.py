"""The fixed wording of the country report: the published factsheet's texts and chart titles.

The sentences are the seed factsheet's (``shared/seeds/000_c536505ad0b6b4a0.txt``), word for
word, so that a rendered report can be checked against it; only its typing slips are mended
(an apostrophe for ``*``, single spaces). Country-specific texts (the contact line, the notes of a
report group) are settings, not constants: their defaults are in ``reactlib/data/report_settings.yaml``
(see `reactlib.report.settings`).
"""

from __future__ import annotations

from typing import Final

HEADLINE_LABELS: Final = {
    "clients": "Clients",
    "cases": "Cases",
    "qualified": "Qualified as human rights violations",
}

NOTE_HEADING: Final = "Note:"

#: The "Note:" paragraphs printed under every report group's sentence.
GROUP_NOTE: Final = (
    "In one case several perpetrators and several types of violations may be recorded (for "
    "example, the victim suffers from domestic violence by an intimate partner, and at the same "
    "time does not receive adequate protection from law enforcement agencies when contacting "
    "them), therefore, the amount of all types of violations exceeds the total number of cases.",
    "Sometimes a client belongs to several key groups at the same time. In such cases, we include "
    "this case in the statistics of that key group, which is more relevant to the type of "
    "violation, described in this case.",
)

SERVICES_PARAGRAPH: Final = (
    "The REAct system is aimed not only at documenting cases of human rights violations, but also "
    "at the consolidation of efforts and resources for the purpose of high-quality legal response "
    "(punish / re-educate the perpetrator) and medical and social response (assistance to the "
    "victim) through the provision of services directly by REActors and their NGOs, or by "
    "referring to other NGOs or government agencies. We also record requests for services that "
    "were required but were not available. This information can be useful for planning programs "
    "and interventions in the country."
)

REACTION_STATUS_INTRO: Final = (
    "Case status (reaction status)",
    "is primarily an indicator of the LEGAL response to the incident. What actions were taken by "
    "the reactor and its NGO in order to restore justice and punish the perpetrator for the "
    "violation, and what was the result of such actions.",
)

#: Every reaction status as the factsheet explains it: (term, definition), in its order.
REACTION_STATUS_DEFINITIONS: Final = (
    (
        "In progress, the assistance is being provided",
        "it means that the case is documented and the reactor plans to further assist the client "
        "by providing services.",
    ),
    (
        "Assistance was provided, resolved positively for the client",
        "the reactor or any other partner organization has provided the client with legal services "
        "in order to resolve his case and everything ended well.",
    ),
    (
        "Assistance was provided, resolved negatively for the client",
        "the reactor or any other partner organization did everything possible on their behalf to "
        "solve the case, but the outcome of events turned out to be unfavorable for the client.",
    ),
    (
        "Assistance was provided, partially resolved",
        "it means that a part of the desired services was provided and some were not, due to the "
        "fact that the client does not contact the providers, passed away, or for other reasons",
    ),
    (
        "Case not resolved, no assistance provided",
        "the reactor or any other partner organization did not respond to the case in any way, "
        "they did not help the client in any way, although such assistance and services were "
        "required, and the client was ready to receive them.",
    ),
    (
        "Case not resolved, contact with the client is lost",
        "the reactor or any other partner organization did not provide any services, since after "
        "reporting the case, the client immediately disappeared and does not get in touch.",
    ),
    (
        "Case not resolved, the client passed away",
        "the client died before he could begin to receive services and his death was the result "
        "of a violation of his rights described in the case.",
    ),
    (
        "Case not resolved, the client did not want to solve the case",
        "it means that immediately after reporting the case, the client refused to take any legal "
        "actions (write a complaint, write an application, contact lawyer etc.), although these "
        "were offered to him.",
    ),
    (
        "The case did not require a solution",
        "it means that the case is already old and no legal services can already be provided, or "
        "if the victim is unknown and there is no possibility to establish a connection with it "
        "(cases from mass media), or if the client himself solved his problem, or if the case is "
        "not qualified as a violation of rights and legal assistance was not provided.",
    ),
)

#: Chart titles as the factsheet numbers them within their section, by figures.json key.
CHART_TITLES: Final = {
    "key_populations": "1 Key populations",
    "gender": "2 Gender",
    "age_groups": "3 Age groups",
    "perpetrators": "1 Most common perpetrators",
    "services_provided": "1 Services provided by REActors and their NGOs",
    "services_referred": "2 Services provided by referral to other NGOs or state bodies",
    "services_unavailable": "3 Services that were needed but not available",
    "reaction_status": "1 Reaction status",
    "refusal_reasons": "2 Why the client did not want to solve the case",
    "violations": "1 Types of violations",
}

#: What each chart counts and over what n; ``{n}`` is the chart's n, ``{cases}`` the group's cases.
CHART_CAPTIONS: Final = {
    "key_populations": (
        "Number of clients, of {n} clients; a client counts in every key population they belong "
        "to, so the bars add up to more than the clients"
    ),
    "gender": "% of {n} cases with a recorded gender",
    "age_groups": "% of {n} cases with a recorded age",
    "perpetrators": (
        "% of {n} perpetrator mentions in the group's {cases} cases; each perpetrator of a case "
        "counts once in its group"
    ),
    "services_provided": "% of {n} mentions of a service provided, in the cases of the report",
    "services_referred": "% of {n} mentions of a service obtained by referral, in the cases of the report",
    "services_unavailable": (
        "% of {n} mentions of a service needed but not available, in the cases of the report"
    ),
    "reaction_status": "% of {n} cases with a recorded reaction status",
    "refusal_reasons": "% of {n} mentions of a reason, in the cases of the report",
    "violations": (
        "% of {n} mentions of a violation type, in the cases of the report; one case may record "
        "several types"
    ),
}

#: Shown instead of a chart that has nothing to draw.
EMPTY_CHART: Final = "No values recorded for this chart in this report."

#: Explains ``<5`` wherever small-cell suppression hides a count.
SUPPRESSION_NOTE: Final = (
    "Counts from 1 to {below} are shown as “<{min_cell}”, and their percentages are hidden, so "
    "that small numbers cannot identify people. Where a hidden count could be worked out from "
    "the total and the other counts, one more count is shown as “hidden” to protect it."
)

DATA_TABLE_HEADERS: Final = ("Category", "Count", "%")

#: The label of the table of contents that opens the report.
CONTENTS_HEADING: Final = "Contents"

VIOLATIONS_HEADING: Final = "Types of violations"
DATA_QUALITY_HEADING: Final = "Data quality"
PROVENANCE_HEADING: Final = "Provenance"

DATA_QUALITY_INTRO: Final = (
    "Every row of the data file is accounted for below. A file with invalid rows is refused "
    "before a report is made, so no row is dropped silently."
)

#: Rows of the data-quality appendix, by `reactlib.count.quality.RowAccounting` field.
ROW_ACCOUNTING_LABELS: Final = {
    "in_report": "In this report (scope and period)",
    "outside_period": "Same scope, registered outside the period",
    "other_country": "Other countries",
    "invalid": "Invalid (refused)",
    "total": "Rows in the data file",
}

PROVENANCE_INTRO: Final = (
    "The same data file, parameters and package version make the same report, byte for byte."
)

PROVENANCE_LABELS: Final = {
    "data_file": "Data file",
    "data_sha256": "SHA-256 of the data file",
    "parameters": "Parameters",
    "package_version": "reactlib version",
    "git_commit": "reactlib git commit",
    "render_date": "Rendered on",
}
