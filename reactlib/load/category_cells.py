"""Category cells in any report language: the spellings a case file may use, and the file's language.

A category cell may hold a code (``female``), its English label (``Female``) or its label in
Russian or Ukrainian (``Женщина``, ``Жінка``), in any case and with blanks around it. The
translated labels are those the reports print: the ``reactlib`` catalogs' translations of the
English labels, in the context of their vocabulary (`reactlib.language.category_labels.labels_in`). They are
gathered once per vocabulary and process, not per cell.

A value that is none of these gets a suggestion in the file's language: the language whose
labels the file's recognised cells use most, or, when none is recognised, the one its letters
are written in (`FileLabels.language`), found only when a message needs it.

Examples
--------
>>> from reactlib.contract.categories import GENDER
>>> lookup = spellings_of(GENDER).codes
>>> lookup[spelling_key(" female ")], lookup[spelling_key("ЖЕНЩИНА")] == lookup[spelling_key("Female")]
('female', True)
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reactlib.contract.categories import COLUMN_VOCABULARIES, Vocabulary
from reactlib.errors import ParameterError
from reactlib.language import DEFAULT_LANGUAGE, LANGUAGES
from reactlib.language.category_labels import labels_in

#: Apostrophes a Ukrainian label may be typed with (сім'я, сім’я, сімʼя): all read as ``'``.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})
#: Letters only Ukrainian (і ї є ґ) or only Russian (ы э ъ ё) of the two writes.
_UKRAINIAN_LETTERS = re.compile("[іїєґ]", re.IGNORECASE)
_RUSSIAN_LETTERS = re.compile("[ыэъё]", re.IGNORECASE)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
#: How near in spelling a value must be to a known one to be suggested (`difflib`'s ratio).
SUGGESTION_CUTOFF = 0.6
#: How many of a file's distinct category values tell its language: more would tell no more.
LANGUAGE_SAMPLE = 10_000

#: Words documenters type for a category instead of its label (other word forms, abbreviations of the
#: region, English shorthands), by vocabulary, keyed as `spelling_key` makes them. They are only ever
#: suggested, never read as the category: a hand-typed word may mean something else in another file.
HAND_TYPED: dict[str, dict[str, str]] = {
    "gender": {
        "женский": "female", "жен": "female", "ж": "female", "женщины": "female",
        "мужской": "male", "муж": "male", "м": "male", "мужчины": "male",
        "жіноча": "female", "жіночий": "female", "жін": "female",
        "чоловіча": "male", "чоловічий": "male", "чол": "male",
        "f": "female", "m": "male", "woman": "female", "man": "male",
    },
    "key_populations": {
        "лжв": "plhiv", "лжвс": "plhiv", "луин": "pwud", "лун": "pwud", "пин": "pwud", "лвін": "pwud",
        "лвн": "pwud", "ксб": "sex_worker", "секс-работница": "sex_worker", "секс-працівниця": "sex_worker",
        "лгбт": "lgbtiq", "лгбти": "lgbtiq", "лгбтк": "lgbtiq", "лгбт+": "lgbtiq", "мсм": "lgbtiq",
        "plwh": "plhiv", "pwid": "pwud", "sw": "sex_worker", "lgbt": "lgbtiq", "msm": "lgbtiq",
    },
    "report_group": {
        "лжв": "plhiv", "лжвс": "plhiv", "луин": "pwid", "пин": "pwid", "лвін": "pwid", "ксб": "sw",
        "мсм": "msm_trans", "мсм и тг": "msm_trans", "мсм і тг": "msm_trans",
        "plwh": "plhiv", "pwud": "pwid", "msm": "msm_trans",
    },
    "reaction_status": {
        "в работе": "in_progress", "в процессе работы": "in_progress", "в роботі": "in_progress",
        "в процесі роботи": "in_progress",
    },
}  # fmt: skip


def spelling_key(value: str) -> str:
    """How a cell's value is compared with the accepted spellings: case, blanks, ё and apostrophes aside.

    >>> spelling_key("  Сім’я "), spelling_key("Ёлка") == spelling_key("елка")
    ("сім'я", True)
    """
    return value.strip().lower().replace("ё", "е").translate(_APOSTROPHES)


def spelling_keys(values: pd.Series) -> pd.Series:
    """`spelling_key` of every value, with pandas' vectorised string methods (a column may hold a million).

    >>> spelling_keys(pd.Series(["  Сім’я ", "Ёлка"], dtype="str")).tolist()
    ["сім'я", 'елка']
    """
    keys = values.str.strip().str.lower().str.replace("ё", "е", regex=False)
    for apostrophe in _APOSTROPHES:
        keys = keys.str.replace(chr(apostrophe), "'", regex=False)
    return keys


def key_positions(keys: pd.Series, spellings: Iterable[str]) -> np.ndarray:
    """The position of each key among ``spellings`` (in their order), -1 where it is none of them."""
    return pd.Index(list(spellings), dtype="str").get_indexer(keys)


@dataclass(frozen=True)
class Spellings:
    """The accepted spellings of one vocabulary.

    ``codes`` maps each spelling (as `spelling_key` makes it) to its code; ``languages`` says
    whose spelling it is (a code counts as English); ``labels`` are each language's labels as
    published, in the vocabulary's order.
    """

    codes: dict[str, str]
    languages: dict[str, frozenset[str]]
    labels: dict[str, tuple[str, ...]]


@functools.cache
def spellings_of(vocabulary: Vocabulary) -> Spellings:
    """Every accepted spelling of ``vocabulary``'s codes: codes, and labels in every language.

    A translated label that two codes share would be ambiguous: it is not accepted (an English
    spelling always keeps its code).
    """
    codes = {spelling_key(code): code for code in vocabulary.codes}
    codes |= {spelling_key(label): code for code, label in vocabulary.items}
    languages = {key: frozenset({DEFAULT_LANGUAGE}) for key in codes}
    labels = {DEFAULT_LANGUAGE: vocabulary.labels}
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        try:
            translated = list(zip(vocabulary.codes, labels_in(vocabulary, language), strict=True))
        except ParameterError:  # a clone without the language's catalog: its labels are not known
            continue
        labels[language] = tuple(label for _, label in translated)
        by_key: dict[str, set[str]] = {}
        for (code, label), (_, english) in zip(translated, vocabulary.items, strict=True):
            if spelling_key(label) != spelling_key(english):  # untranslated: English, not this language
                by_key.setdefault(spelling_key(label), set()).add(code)
        for key, owners in by_key.items():
            if len(owners) > 1 or codes.get(key, next(iter(owners))) not in owners:
                continue  # ambiguous, or another code's English spelling
            codes[key] = next(iter(owners))
            languages[key] = languages.get(key, frozenset()) | {language}
    return Spellings(codes, languages, labels)


class FileLabels:
    """The spellings a case file may use, and its language for the suggestions of its messages.

    Parameters
    ----------
    values
        The file's distinct category values (a multi-valued cell's parts apart).
    """

    def __init__(self, values: Iterable[str]) -> None:
        self._values = values

    @staticmethod
    def lookup(vocabulary: Vocabulary) -> dict[str, str]:
        """Spelling (`spelling_key`) → code for ``vocabulary``."""
        return spellings_of(vocabulary).codes

    @functools.cached_property
    def language(self) -> str:
        """The file's language: whose labels its recognised cells use most, else its letters'.

        Russian and Ukrainian labels that are spelled alike count for both; codes and English
        labels count for none, so a file of codes with a few Russian labels is a Russian file.
        """
        parts = list(self._values)[:LANGUAGE_SAMPLE]
        owners = _languages_of_spellings()
        hits: Counter[str] = Counter()
        for part in parts:
            hits.update(owners.get(spelling_key(part), frozenset()) - {DEFAULT_LANGUAGE})
        ranked = hits.most_common()
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        return _language_of_letters(parts)

    def suggestion(self, value: str, vocabulary: Vocabulary) -> str | None:
        """The known value nearest to ``value``, in the file's language: a label, or a code in an English or coded file.

        Near in spelling (a letter lost, swapped or typed in another alphabet), or a word documenters
        type for it (`HAND_TYPED`: ``Женский`` for ``Женщина``, ``ЛЖВ``); None when nothing is near.
        """
        language = self.language
        labels = spellings_of(vocabulary).labels.get(language) if language != DEFAULT_LANGUAGE else None
        typed = HAND_TYPED.get(vocabulary.name, {}).get(spelling_key(value))
        if typed is not None:
            return labels[vocabulary.codes.index(typed)] if labels else typed
        # The file's own labels first; then codes and English labels (a code mistyped in any file).
        for by_key in ({spelling_key(label): label for label in labels or ()}, vocabulary.lookup()):
            match = difflib.get_close_matches(spelling_key(value), list(by_key), n=1, cutoff=SUGGESTION_CUTOFF)
            if match:
                return by_key[match[0]]
        return None

    def unknown_message(self, value: str, vocabulary: Vocabulary, suggest: bool = True) -> tuple[str, bool]:
        """What a message says of ``value``, unknown in ``vocabulary``, and whether it suggests a known value.

        The suggestion is a label of the file's language (a code in an English or coded file);
        without one (or with ``suggest`` False) the message lists the known values instead.
        """
        suggestion = self.suggestion(value, vocabulary) if suggest else None
        language = self.language
        labels = spellings_of(vocabulary).labels.get(language) if language != DEFAULT_LANGUAGE else None
        if suggestion is not None:
            noun = "code" if suggestion in vocabulary.codes else "label"
            return f"unknown {vocabulary.name} {noun}; did you mean {suggestion!r}?", True
        if labels:
            known = f"{'; '.join(labels)}; or the codes {', '.join(vocabulary.codes)}"
            return f"unknown {vocabulary.name} label (known: {known})", False
        return f"unknown {vocabulary.name} code (known: {', '.join(vocabulary.codes)})", False


@functools.cache
def _languages_of_spellings() -> dict[str, frozenset[str]]:
    """Whose spelling each accepted spelling of any column is."""
    owners: dict[str, frozenset[str]] = {}
    for vocabulary in COLUMN_VOCABULARIES.values():
        for key, languages in spellings_of(vocabulary).languages.items():
            owners[key] = owners.get(key, frozenset()) | languages
    return owners


def _language_of_letters(parts: Iterable[str]) -> str:
    """Ukrainian when the cells use its own letters more than Russian's, Russian for other Cyrillic."""
    text = " ".join(parts)
    if not _CYRILLIC.search(text):
        return DEFAULT_LANGUAGE
    return "uk" if len(_UKRAINIAN_LETTERS.findall(text)) > len(_RUSSIAN_LETTERS.findall(text)) else "ru"
