"""One name per country in a case table: spellings that read alike are one country.

``GEORGIA`` in some rows and ``georgia`` in others, or ``Tajikistan`` and ``Tajikistan\\x00`` (a
NUL pasted in), are one country to a reader. Counted apart, two reports of one country would be
rendered, the second overwriting the first or a case dropping out of its country's report. So
the spellings of a country (one `reactlib.language.country_names.reading_key`) become one of them:
one without invisible characters if there is one, else the one of the most rows, else the first
in code-point order; a warning names every spelling with its rows, so the analyst can correct
the export. A country written one way only is left as it is written; a name without any visible
character is no name, and is made empty for the schema to report as a required cell left empty.

>>> import pandas as pd, warnings
>>> written = pd.Series(["Georgia", "GEORGIA", "Georgia", "Tajikistan", "Tajikistan\\x00"], dtype="category")
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     read = one_name_per_country(written)
>>> list(read)
['Georgia', 'Georgia', 'Georgia', 'Tajikistan', 'Tajikistan']
>>> print(caught[0].message)
the data writes 2 countries in several ways that read alike; each is counted as one country:
  'Georgia' (2 rows), 'GEORGIA' (1 row): counted as 'Georgia'
  'Tajikistan' (1 row), 'Tajikistan\\x00' (1 row): counted as 'Tajikistan'
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from reactlib.contract.schema import reads_as_country_name
from reactlib.errors import ReactlibWarning, describe_cell
from reactlib.language.country_names import reading_key, visible_name
from reactlib.terminal import shown

#: How many countries written in several ways a warning names; the rest are counted.
COUNTRIES_NAMED = 10


def one_name_per_country(countries: pd.Series) -> pd.Series:
    """``countries`` (categorical) with every spelling of a country made one; warns naming those merged."""
    rows = countries.value_counts(sort=False)
    spellings_of: dict[str, list[str]] = {}
    for spelling in countries.cat.categories:
        spellings_of.setdefault(reading_key(spelling), []).append(str(spelling))
    renamed: dict[str, str] = {}
    merged: list[str] = []
    for key, spellings in spellings_of.items():
        if not key:  # nothing visible: no name
            renamed |= {spelling: "" for spelling in spellings if spelling}
        elif len(spellings) > 1:
            ordered = sorted(
                spellings, key=lambda spelling: (visible_name(spelling) != spelling, -rows[spelling], spelling)
            )
            renamed |= {spelling: ordered[0] for spelling in ordered[1:]}
            written = ", ".join(f"{_spelling(spelling)} ({_rows(rows[spelling])})" for spelling in ordered)
            merged.append(f"  {written}: counted as {_spelling(ordered[0])}")
    if merged:
        warnings.warn(ReactlibWarning(_merged_message(merged)), stacklevel=2)
    return _renamed(countries, renamed) if renamed else countries


def _spelling(spelling: str) -> str:
    """A spelling as a warning shows it: quoted and escaped, or described when it may not be a name at all."""
    return f"'{shown(spelling)}'" if reads_as_country_name(spelling) else describe_cell(spelling)


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _merged_message(merged: list[str]) -> str:
    more = len(merged) - COUNTRIES_NAMED
    lines = merged[:COUNTRIES_NAMED] + ([f"  … and {more} more"] if more > 0 else [])
    return (
        f"the data writes {len(merged)} {'country' if len(merged) == 1 else 'countries'} in several ways that "
        "read alike; each is counted as one country:\n" + "\n".join(lines)
    )


def _renamed(countries: pd.Series, renamed: dict[str, str]) -> pd.Series:
    """``countries`` with each category named in ``renamed`` replaced, in one pass over the codes."""
    names = [renamed.get(str(category), str(category)) for category in countries.cat.categories]
    categories = list(dict.fromkeys(names))
    position = {name: index for index, name in enumerate(categories)}
    new_code = np.array([position[name] for name in names] + [-1])  # the last: a missing value stays missing
    values = pd.Categorical.from_codes(new_code[countries.cat.codes.to_numpy()], categories=categories)
    return pd.Series(values, index=countries.index, name=countries.name)
