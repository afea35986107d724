"""What a reader can work out from a publication: every linear relation between its counts.

Declared here, apart from the code that solves them (`reactlib.count.audit`,
`reactlib.count.protection`): the threat is written down once, and the protection and the audit
read the same declaration. An adversary knows every number a publication prints, the rule
(zeros are shown, so a suppressed count is at least 1) and these relations:

- within one table (a scope over a span of dates): the items of an additive chart add up to its
  n; each group's perpetrator mentions add up to theirs; counts bounded by the table's cases or
  clients (`BOUNDS`); key populations, which are not additive, are bounded by clients and cover
  them all (a client is in at least one);
- the data-quality appendix adds up: the report's cases and the scope's other cases make the
  scope's cases over all dates, and those with the other countries' make the file's rows;
- a regional count is the sum of its countries' (`is_additive`), where a regional report lists
  its countries every other one has none, elsewhere "other countries" may add some;
- a span is the sum of the spans it is made of (a year of its halves, quarters or months, a half
  of its quarters) whenever they are published: every span is cut at every other's ends into
  pieces, and each is the sum of its pieces (a piece no report shows is an unknown count ≥ 0);
- distinct clients (and key populations, counted in clients) are not additive: a regional or a
  longer span's count is at least each part's and at most their sum.

`previous` is the previous period's own table and a trend's series are its periods' own tables:
`reactlib.count.cells` gives them the same cells, so they need no relation of their own; nor do
the ``countries`` table and the index page, which print headline cells again.

Every relation is homogeneous: ``Σ coefficient × cell = 0`` or ``≤ 0``.

>>> relation = Relation("chart sum", ((CellKey("X", "2023-01-01", "2023-06-30", "charts/gender/n"), -1),), True)
>>> relation.describe()
'chart sum: -X 2023-01-01..2023-06-30 charts/gender/n = 0'
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reactlib.contract.categories import PERPETRATOR_GROUP_OF, PERPETRATOR_GROUPS
from reactlib.count.cells import ALL_TIME, CLIENT_CHART, OTHER_COUNTRY, OUTSIDE_PERIOD, CellKey, PublishedCells
from reactlib.count.periods import ALL_COUNTRIES

#: Charts whose items add up to their n (each case or mention is in exactly one item).
ADDITIVE_CHARTS = (
    "gender",
    "age_groups",
    "reaction_status",
    "refusal_reasons",
    "violations",
    "services_provided",
    "services_referred",
    "services_unavailable",
)

#: The scope standing for countries that a span's figures do not name: their counts are unknown.
OTHER_COUNTRIES = "(other countries)"


@dataclass(frozen=True)
class Bound:
    """Within one table: ``smaller ≤ factor × larger``.

    In the patterns, ``{name}`` is one path segment that is not ``n`` (a category code); the
    larger cell is the smaller's pattern's segments filled in.
    """

    smaller: str
    larger: str
    factor: int = 1


def _perpetrator_bounds() -> tuple[Bound, ...]:
    """A case names each detailed perpetrator once: a group's mentions ≤ its detailed types × cases."""
    sizes = {group: sum(1 for g in PERPETRATOR_GROUP_OF.values() if g == group) for group in PERPETRATOR_GROUPS.codes}
    return tuple(
        Bound(f"groups/{{group}}/perpetrators/{code}", "groups/{group}/cases", size) for code, size in sizes.items()
    )


#: The bounds within one table (a case is counted once in each of them).
BOUNDS: tuple[Bound, ...] = (
    Bound("qualified", "cases"),
    Bound("clients", "cases"),
    Bound("charts/gender/n", "cases"),
    Bound("charts/age_groups/n", "cases"),
    Bound("charts/reaction_status/n", "cases"),
    Bound("charts/violations/{code}", "cases"),
    Bound("charts/refusal_reasons/{code}", "cases"),
    Bound("charts/services_provided/{code}", "cases"),
    Bound("charts/services_referred/{code}", "cases"),
    Bound("charts/services_unavailable/{code}", "cases"),
    Bound(f"charts/{CLIENT_CHART}/{{code}}", "clients"),
    Bound("crosstabs/{table}/{row}/{column}", "cases"),
    Bound("crosstabs/violations_by_perpetrator/{row}/{column}", "charts/violations/{row}"),
    *_perpetrator_bounds(),
)


def is_additive(item: str) -> bool:
    """Whether a count is a sum over countries and over dates: all but distinct clients (and the appendix's).

    >>> is_additive("cases"), is_additive("clients"), is_additive("charts/key_populations/tb")
    (True, False, False)
    """
    return not (
        item == "clients" or item.startswith(f"charts/{CLIENT_CHART}/") or item in (OUTSIDE_PERIOD, OTHER_COUNTRY)
    )


@dataclass(frozen=True)
class Relation:
    """``Σ coefficient × cell = 0`` (``equal``) or ``≤ 0``; ``kind`` says which relation of the threat it is."""

    kind: str
    terms: tuple[tuple[CellKey, int], ...]
    equal: bool

    def describe(self) -> str:
        sides = " ".join(f"{'+' if c > 0 else '-'}{'' if abs(c) == 1 else abs(c)}{k.describe()}" for k, c in self.terms)
        return f"{self.kind}: {sides.lstrip('+')} {'=' if self.equal else '≤'} 0"


def _sum(kind: str, parts: Iterable[CellKey], total: CellKey) -> Relation:
    return Relation(kind, (*((part, 1) for part in parts), (total, -1)), True)


def _at_most(kind: str, smaller: CellKey, larger: CellKey, factor: int = 1) -> Relation:
    return Relation(kind, ((smaller, 1), (larger, -factor)), False)


# Within one table ---------------------------------------------------------------------------------


def _pattern(template: str) -> re.Pattern[str]:
    parts = [
        f"(?P<{part[1:-1]}>(?!n$)[^/]+)" if part.startswith("{") else re.escape(part) for part in template.split("/")
    ]
    return re.compile("/".join(parts))


_BOUND_PATTERNS = tuple((_pattern(bound.smaller), bound) for bound in BOUNDS)


def table_relations(items: Mapping[str, CellKey]) -> list[Relation]:
    """The relations among one table's published cells (``items``: its cells by item path)."""
    relations = []
    for chart in ADDITIVE_CHARTS:
        total = items.get(f"charts/{chart}/n")
        if total is not None:
            parts = [key for item, key in items.items() if item.startswith(f"charts/{chart}/") and key is not total]
            relations.append(_sum("chart sum", parts, total))
    groups = sorted({item.split("/")[1] for item in items if item.startswith("groups/")})
    for group in groups:
        total = items.get(f"groups/{group}/perpetrators/n")
        if total is not None:
            prefix = f"groups/{group}/perpetrators/"
            parts = [key for item, key in items.items() if item.startswith(prefix) and key is not total]
            relations.append(_sum("chart sum", parts, total))
    if "cases" in items and groups:
        relations.append(
            Relation(
                "groups within cases",
                (
                    *((items[f"groups/{g}/cases"], 1) for g in groups if f"groups/{g}/cases" in items),
                    (items["cases"], -1),
                ),
                False,
            )
        )
    client_items = [key for item, key in items.items() if item.startswith(f"charts/{CLIENT_CHART}/")]
    if client_items and "clients" in items:  # every client is in at least one key population
        relations.append(
            Relation("key populations cover clients", (*((k, -1) for k in client_items), (items["clients"], 1)), False)
        )
    for item, key in items.items():
        for pattern, bound in _BOUND_PATTERNS:
            if (match := pattern.fullmatch(item)) and (larger := items.get(bound.larger.format(**match.groupdict()))):
                relations.append(_at_most("bounded", key, larger, bound.factor))
    return relations


def accounting_relations(cells: PublishedCells) -> list[Relation]:
    """The data-quality appendix: report + outside the period = the scope's cases over all dates;
    those + the other countries' = the file's rows."""
    relations = []
    for key in cells.values:
        if key.item == OUTSIDE_PERIOD:
            in_report = CellKey(key.scope, key.start, key.end, "cases")
            every = CellKey(key.scope, *ALL_TIME, "cases")
            relations.append(Relation("appendix sum", ((key, 1), (in_report, 1), (every, -1)), True))
        elif key.item == OTHER_COUNTRY and key.scope != ALL_COUNTRIES:
            every = CellKey(key.scope, *ALL_TIME, "cases")
            rows = CellKey(ALL_COUNTRIES, *ALL_TIME, "cases")
            relations.append(Relation("appendix sum", ((key, 1), (every, 1), (rows, -1)), True))
    return relations


# Across tables ------------------------------------------------------------------------------------


def _day_after(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat() if day != ALL_TIME[1] else "9999-12-32"


def _pieces(spans: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The spans cut at every span's ends: consecutive pieces, together covering each span."""
    spans = set(spans)
    cuts = sorted({start for start, _ in spans} | {_day_after(end) for _, end in spans})
    pieces = []
    for start, after in itertools.pairwise(cuts):
        end = (
            ALL_TIME[1] if after == "9999-12-32" else (dt.date.fromisoformat(after) - dt.timedelta(days=1)).isoformat()
        )
        if any(s <= start and end <= e for s, e in spans):
            pieces.append((start, end))
    return pieces


def _inside(piece: tuple[str, str], span: tuple[str, str]) -> bool:
    return span[0] <= piece[0] and piece[1] <= span[1]


def publication_relations(cells: PublishedCells) -> list[Relation]:
    """Every relation of the threat among the cells of a publication, in a stable order."""
    tables = cells.tables()
    relations = [relation for table in sorted(tables) for relation in table_relations(tables[table])]
    relations += accounting_relations(cells)
    referenced = set(cells.values) | {key for relation in relations for key, _ in relation.terms}
    by_item: dict[str, set[CellKey]] = {}
    for key in referenced:
        by_item.setdefault(key.item, set()).add(key)
    countries = sorted({key.scope for key in referenced if key.scope != ALL_COUNTRIES})
    for item in sorted(by_item.keys() - {OUTSIDE_PERIOD, OTHER_COUNTRY}):  # the appendix's own relations hold these
        keys = by_item[item]
        if is_additive(item):
            relations += _additive_relations(item, keys, countries, cells.country_lists)
        else:
            relations += _distinct_relations(item, keys & set(cells.values), countries, cells.country_lists)
    return relations


def _additive_relations(
    item: str, keys: set[CellKey], countries: list[str], listed: Mapping[tuple[str, str], frozenset[str]]
) -> list[Relation]:
    """A span is the sum of its pieces; a regional count the sum of its countries'."""
    pieces = _pieces(key.span for key in keys)
    relations = []
    scopes = sorted({key.scope for key in keys})
    for scope in scopes:
        for span in sorted({key.span for key in keys if key.scope == scope}):
            inside = [piece for piece in pieces if _inside(piece, span)]
            if inside != [span]:
                parts = [CellKey(scope, *piece, item) for piece in inside]
                relations.append(_sum("span sum", parts, CellKey(scope, *span, item)))
    spans = sorted({key.span for key in keys} | set(pieces))
    for span in spans:
        members = [c for c in countries if span not in listed or c in listed[span] or CellKey(c, *span, item) in keys]
        parts = [CellKey(c, *span, item) for c in members]
        if span not in listed:
            parts.append(CellKey(OTHER_COUNTRIES, *span, item))
        relations.append(_sum("regional sum", parts, CellKey(ALL_COUNTRIES, *span, item)))
    return relations


def _distinct_relations(
    item: str, shown: set[CellKey], countries: list[str], listed: Mapping[tuple[str, str], frozenset[str]]
) -> list[Relation]:
    """Distinct clients: a whole is at least each part and at most the parts' sum, where all are published."""
    relations = []
    for span in sorted({key.span for key in shown}):
        total = CellKey(ALL_COUNTRIES, *span, item)
        parts = [CellKey(c, *span, item) for c in countries if CellKey(c, *span, item) in shown]
        if total in shown:
            relations += [_at_most("regional bound", part, total) for part in parts]
            if span in listed and all(CellKey(c, *span, item) in shown for c in listed[span]):
                relations.append(Relation("regional bound", (*((p, -1) for p in parts), (total, 1)), False))
    pieces = _pieces(key.span for key in shown)
    for scope in sorted({key.scope for key in shown}):
        spans = sorted(key.span for key in shown if key.scope == scope)
        for span in spans:
            whole = CellKey(scope, *span, item)
            relations += [
                _at_most("span bound", CellKey(scope, *other, item), whole)
                for other in spans
                if other != span and _inside(other, span)
            ]
            inside = [piece for piece in pieces if _inside(piece, span)]
            if len(inside) > 1 and all(CellKey(scope, *piece, item) in shown for piece in inside):
                terms = (*((CellKey(scope, *piece, item), -1) for piece in inside), (whole, 1))
                relations.append(Relation("span bound", terms, False))
    return relations
