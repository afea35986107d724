"""The published category labels (data contract §2) in a report's language.

`reactlib.contract.categories.Vocabulary` stays English: it is the contract. Each label is a
``reactlib`` catalog message whose context is its vocabulary's name (extracted by
`reactlib.language.vocabulary_messages`), because one English word may need two translations:
the perpetrator "Social services" is an institution, the service "Social services" is help given.

Examples
--------
>>> from reactlib.contract.categories import GENDER, PERPETRATORS, SERVICES
>>> label_in(GENDER, "female", "ru"), label_in(GENDER, "female", "uk"), label_in(GENDER, "female", "en")
('Женщина', 'Жінка', 'Female')
>>> label_in(SERVICES, "social", "uk"), label_in(PERPETRATORS, "social_services", "uk")
('Соціальні послуги', 'Соціальні служби')
"""

from __future__ import annotations

from reactlib.contract.categories import (
    AGE_GROUPS,
    COLUMN_VOCABULARIES,
    PERPETRATOR_GROUPS,
    Vocabulary,
)
from reactlib.language.messages import text_in_context

#: Every vocabulary whose labels a report shows: the coded columns', the age groups' and the
#: perpetrator groups'.
VOCABULARIES: tuple[Vocabulary, ...] = tuple(
    {id(v): v for v in (*COLUMN_VOCABULARIES.values(), AGE_GROUPS, PERPETRATOR_GROUPS)}.values()
)


def label_in(vocabulary: Vocabulary, code: str, language: str) -> str:
    """The published label of ``code`` in ``language``."""
    return text_in_context(vocabulary.name, vocabulary.label(code), language)


def labels_in(vocabulary: Vocabulary, language: str) -> tuple[str, ...]:
    """Every label of ``vocabulary`` in ``language``, in published order.

    >>> from reactlib.contract.categories import REPORT_GROUPS
    >>> labels_in(REPORT_GROUPS, "ru")[0]
    'Люди, живущие с ВИЧ'
    """
    return tuple(label_in(vocabulary, code, language) for code in vocabulary.codes)


def vocabulary_of(codes: tuple[str, ...]) -> Vocabulary | None:
    """The vocabulary whose codes are exactly ``codes`` in that order; None when none is.

    >>> vocabulary_of(("female", "male", "trans_female", "trans_male", "unknown")).name
    'gender'
    """
    return next((vocabulary for vocabulary in VOCABULARIES if vocabulary.codes == tuple(codes)), None)
