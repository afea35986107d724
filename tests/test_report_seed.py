"""The rendered Tajikistan 2023-H1 report holds every line of the published factsheet (the seed).

The seed is read line by line and each line checked where it belongs in the page's text:
the title, the headline counters, every "label, value" of every chart (in the data table under
that chart, in that section), and every sentence and note. The seed writes "doesn*t" where the
report writes "doesn't"; whitespace, and a full stop the seed put on a line of its own, do not
count.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from helpers.seed import normalise, read_seed

#: The report's heading over the first page's charts, which the seed prints under no heading.
OVERVIEW_HEADING = "Key populations, gender and age"


def test_the_seed_is_read_completely():
    seed = read_seed()
    assert seed.title == "Tajikistan. 2023 | Half year"
    assert seed.counters == {"Clients": "520", "Cases": "522", "Qualified as human rights violations": "480"}
    assert len(seed.values) == 16 + 5 + 5 + 4 + 3 + 3 + 3 + 8 + 8
    assert len(seed.headings) == 6 + 3 + 4 + 2
    assert len(seed.sentences) == 4 * 4 + 1 + 1 + 1 + 9  # groups; country note; services; status intro and definitions


@pytest.fixture(scope="module")
def page(rendered_report) -> BeautifulSoup:
    return rendered_report.soup


@pytest.fixture(scope="module")
def blocks(page) -> dict[tuple[str | None, str], Tag]:
    """Each chart's block (`chart_block`) of the seed's values, gathered once: several values share a chart."""
    return {(section, title): chart_block(page, section, title) for section, title, _, _ in read_seed().values}


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
def test_every_chart_value_is_in_its_charts_table(blocks):
    missing = []
    for section, title, label, value in read_seed().values:
        rows = blocks[section, title].select("table.chart-data tbody tr")
        # pandas writes the category as the row's first cell, then its count and percent
        cells = {
            normalise(first.get_text()): [cell.get_text() for cell in rest]
            for first, *rest in (row.find_all(["th", "td"]) for row in rows)
        }
        if value not in cells.get(label, []):
            missing.append(f"{section} / {title}: {label}, {value} (found {cells.get(label)})")
    assert not missing, "\n".join(missing)


@pytest.mark.slow
def test_every_chart_value_is_in_its_images_alt_text(blocks):
    for section, title, label, value in read_seed().values:
        alt = normalise(blocks[section, title].img["alt"])
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
