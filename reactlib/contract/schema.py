"""The input contract, declared: columns, their kinds, and the checks on the typed table.

The declaration is data; `reactlib._validate` is the code that applies it. Section 1 of the
data contract is the source of every entry here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reactlib.contract.categories import (
    COLUMN_VOCABULARIES,
    EXCLUSIVE_KEY_POPULATIONS,
    KEY_POPULATIONS,
    REPORT_GROUP_KEY_POPULATION,
    Vocabulary,
)

if TYPE_CHECKING:
    import pandera.pandas as pa


class Kind(Enum):
    """How a raw cell is read."""

    TEXT = "text"
    PRIVATE_TEXT = "private text"  # pseudonymous codes: validated, never echoed in messages
    FREE_TEXT = "free text"  # read only to be discarded
    DATE = "date"
    YES_NO = "yes/no"
    AGE = "age"
    SINGLE = "single code"
    MULTI = "multi code"


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the input contract."""

    name: str
    kind: Kind
    required: bool = False
    categorical: bool = False  # text that repeats its values: stored as a categorical

    @property
    def vocabulary(self) -> Vocabulary | None:
        return COLUMN_VOCABULARIES.get(self.name)

    @property
    def codes(self) -> Vocabulary:
        """The vocabulary of a coded column; an error for a column that holds no codes."""
        if self.vocabulary is None:
            raise TypeError(f"column {self.name!r} holds no codes")
        return self.vocabulary


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("case_id", Kind.PRIVATE_TEXT, required=True),
    # Text, not a categorical: client codes hardly repeat, and a categorical of a million of them
    # costs a sort of every code and more memory than the codes themselves.
    ColumnSpec("client_id", Kind.PRIVATE_TEXT, required=True),
    ColumnSpec("country", Kind.TEXT, required=True, categorical=True),
    ColumnSpec("registered_on", Kind.DATE, required=True),
    ColumnSpec("qualified", Kind.YES_NO, required=True),
    ColumnSpec("key_populations", Kind.MULTI, required=True),
    ColumnSpec("report_group", Kind.SINGLE),
    ColumnSpec("gender", Kind.SINGLE),
    ColumnSpec("age", Kind.AGE),
    ColumnSpec("violations", Kind.MULTI),
    ColumnSpec("perpetrators", Kind.MULTI),
    ColumnSpec("services_provided", Kind.MULTI),
    ColumnSpec("services_referred", Kind.MULTI),
    ColumnSpec("services_unavailable", Kind.MULTI),
    ColumnSpec("reaction_status", Kind.SINGLE),
    ColumnSpec("refusal_reasons", Kind.MULTI),
    ColumnSpec("region", Kind.TEXT, categorical=True),
    ColumnSpec("organization", Kind.TEXT, categorical=True),
    ColumnSpec("description", Kind.FREE_TEXT),
)

COLUMNS_BY_NAME: dict[str, ColumnSpec] = {spec.name: spec for spec in COLUMNS}
REQUIRED_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in COLUMNS if spec.required)
MULTI_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in COLUMNS if spec.kind is Kind.MULTI)
COLUMN_NAMES: tuple[str, ...] = tuple(spec.name for spec in COLUMNS)

#: Every accepted spelling of yes and no (compared in lower case, ё as е): English, Russian and
#: Ukrainian words, letters and the values spreadsheets write for TRUE and FALSE in each language.
YES_NO_SPELLINGS: dict[str, bool] = {
    "yes": True, "no": False, "true": True, "false": False, "1": True, "0": False, "y": True, "n": False,
    "да": True, "нет": False, "д": True, "н": False, "истина": True, "ложь": False,
    "так": True, "ні": False, "істина": True, "хибність": False,
}  # fmt: skip

AGE_RANGE: tuple[int, int] = (0, 120)
#: The first day a case may be registered on: REAct's records begin after it, so an earlier date
#: is a typing error (year 1, 1900, a two-digit year read in the wrong century).
EARLIEST_DATE = dt.date(2010, 1, 1)
#: Keys of the loaded table's ``attrs``: how many blank rows the file had (counted, not loaded),
#: and how it was read (the notes `reactlib validate` prints).
BLANK_ROWS_ATTR = "blank_rows"
READ_NOTES_ATTR = "read_notes"


def indicator_column(field: str, code: str) -> str:
    """Name of the boolean column that says whether a case's ``field`` holds ``code``.

    >>> indicator_column("violations", "extortion")
    'violations:extortion'
    """
    return f"{field}:{code}"


def indicator_columns(field: str) -> list[str]:
    """All indicator columns of a multi-valued field, in published order."""
    vocabulary = COLUMN_VOCABULARIES[field]
    return [indicator_column(field, code) for code in vocabulary.codes]


# Messages keyed by check name; the validator turns failures into problems with these texts.
#: A country is printed in report titles, folder names and the index page: a cell that does not
#: read as a name (a digit, more words or characters than any country's name has) is a client code
#: or a note typed in the wrong column, and would be published.
COUNTRY_NAME_LENGTH = 60
COUNTRY_NAME_WORDS = 6

CHECK_MESSAGES: dict[str, str] = {
    "not_empty": "is required but empty",
    "country_name": (
        f"does not read as a country's name (it has a digit, more than {COUNTRY_NAME_WORDS} words or more than "
        f"{COUNTRY_NAME_LENGTH} characters); is a client code or a note in this column?"
    ),
    "unique": "repeats a case_id already used; each case needs its own",
    "age_in_range": f"must be a whole number of years from {AGE_RANGE[0]} to {AGE_RANGE[1]}",
    "not_in_future": "lies in the future",
    "not_before_earliest_date": f"lies before {EARLIEST_DATE.isoformat()}, before REAct's first records; check the year",
    "key_population_recorded": ("is required but empty; use 'undisclosed' when the client does not say"),
    "exclusive_key_population": ("combines 'no_kpg' or 'undisclosed' with another key group; they stand alone"),
    "report_group_in_key_populations": ("names a report group whose key population is missing from key_populations"),
}


def _not_empty(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Measure each category once, not each of a million cells.
        lengths = np.asarray(values.cat.categories.str.len())
        return pd.Series(lengths[values.cat.codes.to_numpy()] > 0, index=values.index)
    return values.str.len() > 0


def reads_as_country_name(name: str) -> bool:
    """Whether ``name`` may be a country's: no digit, at most `COUNTRY_NAME_WORDS` words and `COUNTRY_NAME_LENGTH` characters.

    >>> reads_as_country_name("Bosnia and Herzegovina"), reads_as_country_name("TJ-0042")
    (True, False)
    """
    return (
        not any(character.isdigit() for character in name)
        and len(name) <= COUNTRY_NAME_LENGTH
        and len(name.split()) <= COUNTRY_NAME_WORDS
    )


def _a_country_name(values: pd.Series) -> pd.Series:
    """True for each cell that reads as a country's name (`COUNTRY_NAME_LENGTH`, `COUNTRY_NAME_WORDS`); each category tested once."""
    names = pd.Series(values.cat.categories, dtype=str)
    reads = (
        ~names.str.contains(r"\d", regex=True)
        & (names.str.len() <= COUNTRY_NAME_LENGTH)
        & (names.str.split().str.len() <= COUNTRY_NAME_WORDS)
    ).to_numpy(dtype=bool)
    codes = values.cat.codes.to_numpy()
    return pd.Series(np.where(codes < 0, True, reads[codes]), index=values.index)


def _first_of_its_value(values: pd.Series) -> pd.Series:
    """False for each value that repeats one of an earlier row.

    Sorted stably by value, a value equal to the one before it repeats it: no hash table of a
    million case ids (which costs ten times their size), only their order.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(values.to_numpy(dtype=object)) if values.dtype == object else pa.array(values)
    order = pc.sort_indices(array).to_numpy()
    ordered = array.take(pa.array(order))
    repeats = pc.equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False)
    first = np.ones(len(values), dtype=bool)
    first[order[1:][repeats]] = False
    return pd.Series(first, index=values.index)


def _key_population_recorded_ok(frame: pd.DataFrame) -> pd.Series:
    return frame[indicator_columns("key_populations")].any(axis=1)


def _exclusive_key_population_ok(frame: pd.DataFrame) -> pd.Series:
    groups = frame[indicator_columns("key_populations")]
    exclusive = frame[[indicator_column("key_populations", c) for c in EXCLUSIVE_KEY_POPULATIONS]]
    return ~(exclusive.any(axis=1) & (groups.sum(axis=1) > 1))


def _report_group_agrees_ok(frame: pd.DataFrame) -> pd.Series:
    agrees = frame["report_group"].isna()
    for group, key_population in REPORT_GROUP_KEY_POPULATION.items():
        has_population = frame[indicator_column("key_populations", key_population)]
        agrees |= (frame["report_group"] == group).fillna(False) & has_population
    return agrees


def _in_age_range(ages: pd.Series) -> pd.Series:
    """True for an age from `AGE_RANGE`'s first to its last year; NA for no age (a nullable rule passes it)."""
    return ages.between(*AGE_RANGE)


@dataclass(frozen=True)
class Rule:
    """One rule of the typed case table: a named, vectorised check, True for each row that keeps it.

    ``column`` is the column the rule checks, or None for a rule over several columns
    (`WIDE_CHECK_INPUTS` says which; `WIDE_CHECK_COLUMNS` which input column it is about). A
    rule of a column is about its values: an empty (NA) cell keeps it, as does a cell the check
    says NA of; ``nullable`` says whether the column may have empty cells at all (an unreadable
    date or age is left empty, and reported by the parser).
    """

    name: str
    column: str | None
    check: Callable[[pd.Series | pd.DataFrame], pd.Series]
    nullable: bool = False


def typed_rules(today: dt.date) -> tuple[Rule, ...]:
    """The rules of the typed case table (after every cell was parsed), in the order problems are reported.

    Parsing failures (an unknown code, an unreadable date) are found while parsing; these rules
    are on parsed values, the contract's cross-field rules included. Plain vectorised functions
    that the validator calls one by one, without pandera: its import alone cost a fifth of a
    second of every load (`typed_schema` gives the same rules as a pandera schema).
    """
    return (
        Rule("not_empty", "case_id", _not_empty),
        Rule("unique", "case_id", _first_of_its_value),
        Rule("not_empty", "client_id", _not_empty),
        Rule("not_empty", "country", _not_empty),
        Rule("country_name", "country", _a_country_name),
        Rule("not_in_future", "registered_on", lambda dates: dates <= pd.Timestamp(today), nullable=True),
        Rule(
            "not_before_earliest_date",
            "registered_on",
            lambda dates: dates >= pd.Timestamp(EARLIEST_DATE),
            nullable=True,
        ),
        Rule("age_in_range", "age", _in_age_range, nullable=True),
        # Each given only the columns it reads (`WIDE_CHECK_INPUTS`).
        *(Rule(name, None, function) for name, function in _WIDE_CHECKS.items()),
    )


def typed_schema(today: dt.date) -> pa.DataFrameSchema:
    """`typed_rules` as a pandera schema, for an analyst to validate a typed table with (``.validate``).

    The loader applies the rules themselves (`reactlib.load.cases`), without pandera's import.
    """
    import pandera.pandas as pa

    columns: dict[str, list[pa.Check]] = {}
    nullable: dict[str, bool] = {}
    wide = []
    for rule in typed_rules(today):
        check = pa.Check(rule.check, name=rule.name, ignore_na=rule.column is not None)
        if rule.column is None:
            wide.append(check)
        else:
            columns.setdefault(rule.column, []).append(check)
            nullable[rule.column] = rule.nullable
    return pa.DataFrameSchema(
        {name: pa.Column(checks=checks, nullable=nullable[name]) for name, checks in columns.items()},
        checks=wide,
        strict=False,
        coerce=False,
    )


_WIDE_CHECKS = {
    "key_population_recorded": _key_population_recorded_ok,
    "exclusive_key_population": _exclusive_key_population_ok,
    "report_group_in_key_populations": _report_group_agrees_ok,
}
#: The columns of the typed table each dataframe-wide check reads.
WIDE_CHECK_INPUTS: dict[str, tuple[str, ...]] = {
    "key_population_recorded": tuple(indicator_columns("key_populations")),
    "exclusive_key_population": tuple(indicator_columns("key_populations")),
    "report_group_in_key_populations": ("report_group", *indicator_columns("key_populations")),
}
#: Which input column a dataframe-wide check is about (for the problem's column).
WIDE_CHECK_COLUMNS: dict[str, str] = {
    "key_population_recorded": "key_populations",
    "exclusive_key_population": "key_populations",
    "report_group_in_key_populations": "report_group",
}

__all__ = [
    "AGE_RANGE",
    "BLANK_ROWS_ATTR",
    "CHECK_MESSAGES",
    "COLUMNS",
    "COLUMNS_BY_NAME",
    "COUNTRY_NAME_LENGTH",
    "COUNTRY_NAME_WORDS",
    "EARLIEST_DATE",
    "KEY_POPULATIONS",
    "MULTI_COLUMNS",
    "READ_NOTES_ATTR",
    "REQUIRED_COLUMNS",
    "WIDE_CHECK_COLUMNS",
    "WIDE_CHECK_INPUTS",
    "YES_NO_SPELLINGS",
    "ColumnSpec",
    "Kind",
    "Rule",
    "indicator_column",
    "indicator_columns",
    "reads_as_country_name",
    "typed_rules",
    "typed_schema",
]
