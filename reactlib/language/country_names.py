"""Country names as people read them, and a country's names in English, Russian and Ukrainian.

A documenter types a country's name, and an export carries it however it was typed or pasted:
in capitals, in decomposed Unicode, with a no-break space, a zero-width space, a byte-order
mark or a NUL in it. A reader sees one name in all of these, and so does reactlib: two names
are one when their `reading_key` is the same (case folded, Unicode's compatibility
normalization NFKC, invisible characters removed, blanks and apostrophe or dash look-alikes
made one).

>>> reading_key("Tajikistan\\x00") == reading_key(" TAJIKISTAN ") == reading_key("Tajiki\\u200bstan")
True
>>> reading_key("Côte d’Ivoire") == reading_key("CÔTE D'IVOIRE"), reading_key("Georgia") == reading_key("Georgien")
(True, False)

A country has other names too: its names in the report languages, from CLDR through Babel, and
its ISO 3166 code. `territory_code` finds the country of any of them, so that settings written
for "Tajikistan" find data that writes «Таджикистан» or ``TJ``:

>>> territory_code("Таджикистан"), territory_code("tajikistan"), territory_code("TJ"), territory_code("Atlantis")
('TJ', 'TJ', 'TJ', None)
>>> country_identity("Таджикистан") == country_identity("TJ"), country_identity("ATLANTIS") == country_identity("Atlantis")
(True, True)

Only CLDR's names are known (Russian «Киргизия», not «Кыргызстан»); any other name is one
country with every spelling of the same `reading_key`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from babel import Locale

from reactlib.language.catalogs import LANGUAGES

#: Characters drawn as nothing: Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt),
#: besides the control and format characters (categories Cc and Cf) removed with them.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
#: Apostrophes and dashes that read as ``'`` and ``-`` (CLDR writes «Côte d’Ivoire», people type ').
_LOOK_ALIKES = str.maketrans({char: "'" for char in "’‘ʼʹ`´′"} | {char: "-" for char in "‐‑‒–—―−"})


class _Seen(dict[int, str | None]):
    """How a reader sees each character, for `str.translate`: a blank as a space, an invisible one
    as nothing, any other as it is. Filled as characters are met: a table of millions of names
    costs one dictionary lookup per character."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if char.isspace():
            seen: str | None = " "
        elif unicodedata.category(char) in ("Cc", "Cf") or _IGNORABLE.fullmatch(char):
            seen = None
        else:
            seen = char
        self[code] = seen
        return seen


_SEEN = _Seen()


def visible_name(name: str) -> str:
    """``name`` as it is seen: invisible characters removed, blanks made single spaces, composed (NFC).

    Case and spelling stay the writer's.

    >>> visible_name("\\ufeffTajikistan\\u00a0 \\x00"), visible_name("Co\\u0302te d'Ivoire") == "Côte d'Ivoire"
    ('Tajikistan', True)
    """
    return " ".join(unicodedata.normalize("NFC", str(name).translate(_SEEN)).split())


def reading_key(name: str) -> str:
    """What a reader sees of ``name``, for comparing: `visible_name`, NFKC and case-folded, look-alikes made one.

    >>> reading_key("ＧＥＯＲＧＩＡ"), reading_key("Bosnia\\u2011and\\u00a0Herzegovina")
    ('georgia', 'bosnia-and herzegovina')
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible_name(name)).casefold())
    return " ".join(folded.translate(_LOOK_ALIKES).split())


@functools.cache
def territory_names(language: str) -> dict[str, str]:
    """`reading_key` of each country's CLDR name in ``language`` → its ISO 3166 code (``tajikistan`` → ``TJ``).

    Countries and territories only: regions (``001``, the world) and their names are left out.
    """
    territories = Locale(language).territories
    return {reading_key(name): code for code, name in territories.items() if len(code) == 2 and code.isalpha()}


@functools.cache
def _codes() -> dict[str, str]:
    """Any report language's name of a country, or its ISO code, as a `reading_key` → the code."""
    codes: dict[str, str] = {}
    for language in LANGUAGES:
        codes |= {key: code for key, code in territory_names(language).items() if key not in codes}
    return codes | {reading_key(code): code for code in set(codes.values())}


def territory_code(name: str) -> str | None:
    """The ISO 3166 code of the country ``name`` names in English, Russian or Ukrainian (or by code)."""
    return _codes().get(reading_key(name))


def country_identity(name: str) -> str:
    """One value for all the names of one country: its ISO code, else the name's `reading_key`."""
    code = territory_code(name)
    return f"iso:{code}" if code is not None else f"name:{reading_key(name)}"
