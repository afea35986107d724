"""The rendered Tajikistan 2023-H1 report holds every line of the published factsheet (the seed).

The seed is read line by line and each line checked where it belongs in the page's text:
the title, the headline counters, every "label, value" of every chart (in the data table under
that chart, in that section), and every sentence and note. The seed writes "doesn*t" where the
report writes "doesn't"; whitespace, and a full stop the seed put on a line of its own, do not
count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from test_render import rendered_report  # noqa: F401 - the session's shared render

# A copy of the published seed factsheet (shared/seeds/000_c536505ad0b6b4a0.txt in the steering
# repository): the suite needs nothing outside the clone.
SEED = Path(__file__).resolve().parent / "data" / "seed_factsheet_tajikistan_2023_h1.txt"
SECTION_HEADINGS = {
    "People living with HIV",
    "Person, who injects drugs",
    "Sex worker",
    "MSM and trans* people",
    "Provision of services",
    "Reaction status",
}
COUNTER = re.compile(r"(Clients|Cases|Qualified as human rights violations)(\d+)")
CHART_TITLE = re.compile(r"\d [A-Z].*")
DATA_LINE = re.compile(r"(.+), (\d+\.\d %|\d+)")
#: The report's heading over the first page's charts, which the seed prints under no heading.
OVERVIEW_HEADING = "Key populations, gender and age"


@dataclass
class Seed:
    """The seed factsheet, sorted into the kinds of line the checks treat differently."""

    title: str = ""
    contact: str = ""
    counters: dict[str, str] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)  # sections and chart titles, in order
    values: list[tuple[str | None, str, str, str]] = field(default_factory=list)  # section, chart, label, value
    sentences: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    text = text.replace("doesn*t", "doesn't")
    text = " ".join(text.split())
    return re.sub(r" ([.,])", r"\1", text)


def read_seed() -> Seed:
    if not SEED.is_file():
        pytest.fail(f"the seed factsheet {SEED} is missing: the report cannot be checked against it")
    lines = [normalise(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if re.search(r"\w", line)]
    seed = Seed(title=lines[0], contact=lines[1])
    section, chart = None, None
    for line in lines[2:]:
        if match := COUNTER.fullmatch(line):
            seed.counters[match[1]] = match[2]
        elif line in SECTION_HEADINGS:
            section, chart = line, None
            seed.headings.append(line)
        elif CHART_TITLE.fullmatch(line) and not DATA_LINE.fullmatch(line):
            chart = line
            seed.headings.append(line)
        elif (match := DATA_LINE.fullmatch(line)) and chart:
            seed.values.append((section, chart, match[1], match[2]))
        elif line != seed.contact:
            seed.sentences.append(line)
    return seed


def test_the_seed_is_read_completely():
    seed = read_seed()
    assert seed.title == "Tajikistan. 2023 | Half year"
    assert seed.counters == {"Clients": "520", "Cases": "522", "Qualified as human rights violations": "480"}
    assert len(seed.values) == 16 + 5 + 5 + 4 + 3 + 3 + 3 + 8 + 8
    assert len(seed.headings) == 6 + 3 + 4 + 2
    assert len(seed.sentences) == 4 * 4 + 1 + 1 + 1 + 9  # groups; country note; services; status intro and definitions


@pytest.fixture(scope="module")
def page(rendered_report) -> BeautifulSoup:  # noqa: F811
    return rendered_report.soup


def chart_block(page: BeautifulSoup, section: str | None, title: str) -> Tag:
    """The chart titled ``title`` in ``section`` (None: before the first section).

    A chart is its ``<h3>`` title (a markdown cell) and what follows it up to the next heading
    (the cell that draws the chart and shows its table), gathered here into one block.
    """
    found = []
    for heading in page.find_all("h3"):
        section_heading = heading.find_previous("h2")
        in_section = section_heading.get_text(strip=True) if section_heading else None
        in_section = None if in_section == OVERVIEW_HEADING else in_section
        if heading.get_text(strip=True) == title and in_section == section:
            found.append(heading)
    assert len(found) == 1, f"chart {title!r} in {section!r}: found {len(found)}"
    block = BeautifulSoup("<section></section>", "html.parser").section
    for element in found[0].find_all_next(["h2", "h3", "figure", "table"]):
        if element.name in ("h2", "h3"):
            break
        if element.find_parent(["figure", "table"]) is None:
            block.append(BeautifulSoup(str(element), "html.parser"))
    return block


@pytest.mark.slow
def test_title_and_contact_lines(page):
    seed = read_seed()
    # The seed's title, with the months that tell its half from the other one.
    title = f"{seed.title}: January–June"
    assert page.title.get_text() == title and page.h1.get_text() == title
    contacts = [normalise(p.get_text()) for p in page.select("p.contact")]
    assert contacts == [seed.contact, seed.contact], "the contact line opens and closes the report"
    closing = page.select("p.contact")[-1]
    assert closing.find_previous("h2").get_text() == "Types of violations"


@pytest.mark.slow
def test_headline_counters(page):
    counters = {div.dt.get_text(): div.dd.get_text() for div in page.select("dl.counters > div")}
    assert counters == read_seed().counters


@pytest.mark.slow
def test_every_chart_value_is_in_its_charts_table(page):
    missing = []
    for section, title, label, value in read_seed().values:
        rows = chart_block(page, section, title).select("table.chart-data tbody tr")
        # pandas writes the category as the row's first cell, then its count and percent
        cells = {
            normalise(first.get_text()): [cell.get_text() for cell in rest]
            for first, *rest in (row.find_all(["th", "td"]) for row in rows)
        }
        if value not in cells.get(label, []):
            missing.append(f"{section} / {title}: {label}, {value} (found {cells.get(label)})")
    assert not missing, "\n".join(missing)


@pytest.mark.slow
def test_every_chart_value_is_in_its_images_alt_text(page):
    for section, title, label, value in read_seed().values:
        alt = normalise(chart_block(page, section, title).img["alt"])
        assert f"{label} {value}" in alt, (title, label)


@pytest.mark.slow
def test_sections_and_charts_come_in_the_seeds_order(page):
    shown = [normalise(h.get_text()) for h in page.find_all(["h2", "h3"])]
    positions = [shown.index(heading) for heading in dict.fromkeys(read_seed().headings)]
    assert positions == sorted(positions)
    sequence = iter(shown)
    assert all(heading in sequence for heading in read_seed().headings), "in order, repeats included"


@pytest.mark.slow
def test_every_sentence_and_note_is_in_the_page(page):
    text = normalise(page.get_text(" "))
    missing = [sentence for sentence in read_seed().sentences if sentence not in text]
    assert not missing, "\n".join(missing)


@pytest.mark.slow
def test_country_note_is_in_the_msm_section_only(page):
    notes = page.select("p.group-note")
    assert len(notes) == 1 and notes[0].find_previous("h2").get_text() == "MSM and trans* people"
    assert normalise(notes[0].get_text()).startswith("In the second half of 2021, employees of the Tiberius")
