"""The Tajikistan 2023-H1 report rendered in Russian and Ukrainian: their words, numbers and files.

Both languages, and their trend reports, are rendered by one `reactlib batch`; the reports are
rendered again by a second batch into another folder, for the byte-for-byte check (the first by
the test command service, the second a command of its own: no Python of one is a fork of the
other's). A batch renders each report through the pipeline `reactlib report --language ...` uses
(`reactlib.render.pipeline`, the language one of its parameters); tests/test_batch.py proves a
batch's files byte for byte those of `reactlib report` for one English report (Moldova 2023-H1)
only, never for Russian or Ukrainian.
The Russian regional report with small counts hidden is the session's `reviewer_pages` (conftest.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from helpers.batch_runs import run
from helpers.renders import batch_cli
from pypdf import PdfReader

from reactlib import sample_data_path

#: Latin-script words a Russian or Ukrainian report may show: names (the system, the package,
#: the tool), file names, and technical names in the provenance labels (SHA-256, git).
ALLOWED_LATIN = {"REAct", "reactlib", "git", "SHA", "figures", "xlsx", "json"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
#: A period as the analyst gives it (``--period 2023-H1``), which the data-quality line repeats.
_PERIOD_CODE = re.compile(r"\b\d{4}-(?:H[12]|Q[1-4])\b")
REPORT_FILES = ("report.html", "report.ipynb", "report.pdf", "figures.json", "figures.xlsx")


@dataclass(frozen=True)
class Rendered:
    language: str
    first: Path
    second: Path

    @property
    def html(self) -> str:
        return (self.first / "report.html").read_text(encoding="utf-8")


#: The reports (HTML and PDF) in both languages, and (``trends``) their trends 2022-H2 to 2023-H2.
BATCH = """\
scopes: [Tajikistan]
periods: [2023-H1]
formats: [html, pdf]
languages: [ru, uk]
{trends}
"""


def reactlib_batch(folder: Path, trends: str, *, fresh: bool = False) -> Path:
    """`reactlib batch` of `BATCH` (on the bundled sample, reactlib's default settings) into ``folder``/out.

    By the command service, or (``fresh``) as a command of its own: its Pythons then have hash
    seeds and imports of their own, so a rerender compared with the service's can differ where
    an output depends on a process.
    """
    spec, out = folder / "batch.yaml", folder / "out"
    spec.write_text(BATCH.format(trends=trends), encoding="utf-8")
    if fresh:
        done = run("batch", str(spec), "--out", str(out), "--workers", "1")
        assert done.returncode == 0, done.stderr
    else:
        batch_cli(spec, out)
    return out


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> tuple[Path, Path]:
    """The first batch's folder (reports and trends) and the second's (the reports again)."""
    first = reactlib_batch(tmp_path_factory.mktemp("first"), "trends: [{from: 2022-H2, to: 2023-H2}]")
    second = reactlib_batch(tmp_path_factory.mktemp("second"), "", fresh=True)
    return first, second


@pytest.fixture(scope="module", params=["ru", "uk"])
def rendered(request, batches) -> Rendered:
    # A report not in English: its language's folder.
    folders = [out / "tajikistan" / "2023-H1" / request.param for out in batches]
    return Rendered(request.param, *folders)


def visible_text(html: str) -> str:
    """The page's text as a reader meets it: its words, and the charts' alt texts."""
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["style", "script", "title"]):
        hidden.decompose()
    # The provenance block's values are technical (file name, hash, parameters, version, date);
    # its labels stay, and must be translated.
    for value in page.select("dl.provenance dd"):
        value.decompose()
    alts = [image.get("alt", "") for image in page.find_all("img")]
    return " ".join([page.get_text(" "), *map(str, alts)])


def latin_words(text: str) -> set[str]:
    return set(_LATIN_WORD.findall(_PERIOD_CODE.sub(" ", _EMAIL.sub(" ", text)))) - ALLOWED_LATIN


@pytest.mark.slow
def test_the_page_has_no_english_words(rendered):
    assert latin_words(visible_text(rendered.html)) == set()


@pytest.mark.slow
def test_the_contact_line_and_the_tajikistan_note_are_in_the_report_language(rendered):
    page = BeautifulSoup(rendered.html, "html.parser")
    contacts = [paragraph.get_text(" ") for paragraph in page.select("p.contact")]
    notes = [paragraph.get_text(" ") for paragraph in page.select("p.group-note")]
    # The line opens and closes the report; Tajikistan has one note, in the MSM and trans* section.
    assert len(contacts) == 2 and contacts[0] == contacts[1] and len(notes) == 1
    assert contacts[0].endswith("kalyniuk@aph.org.ua") and latin_words(contacts[0]) == set()
    assert {"ru": "ЛГБТИК", "uk": "ЛГБТІК"}[rendered.language] in notes[0]
    assert latin_words(notes[0]) == set()


@pytest.mark.slow
def test_the_page_says_its_language(rendered):
    assert f'<html lang="{rendered.language}">' in rendered.html


@pytest.mark.slow
def test_percents_use_a_decimal_comma(rendered):
    text = visible_text(rendered.html)
    assert re.search(r"\d,\d\s%", text), "a percent written the local way, e.g. 52,2 %"
    assert not re.search(r"\d\.\d\s?%", text), "no percent with a decimal point"


@pytest.mark.slow
def test_a_rerender_is_byte_identical(rendered):
    for name in REPORT_FILES:
        assert (rendered.first / name).read_bytes() == (rendered.second / name).read_bytes(), name


@pytest.mark.slow
def test_the_pdf_text_is_cyrillic(rendered):
    text = " ".join(page.extract_text() for page in PdfReader(rendered.first / "report.pdf").pages)
    words = set(re.findall(r"\w+", text))
    assert {"ru": {"Клиенты", "Случаи"}, "uk": {"Клієнти", "Випадки"}}[rendered.language] <= words
    assert len(re.findall(r"[А-Яа-яЁёІіЇїЄєҐґ]", text)) > 1000


@pytest.mark.slow
def test_the_changes_against_the_previous_period_are_in_the_reports_language(rendered):
    # Tajikistan: 522 cases in 2023-H1, 285 in 2022-H2 (counted with plain pandas from the sample).
    cases = pd.read_csv(sample_data_path(), dtype=str)
    tajikistan = cases[cases["country"] == "Tajikistan"]
    before = tajikistan["registered_on"].between("2022-07-01", "2022-12-31").sum()
    now = tajikistan["registered_on"].between("2023-01-01", "2023-06-30").sum()
    page = BeautifulSoup(rendered.html, "html.parser")
    changes = [dd.get_text() for dd in page.select("dl.counters dd.change")]
    word = {"ru": "к", "uk": "щодо"}[rendered.language]
    assert changes[1] == f"(+{now - before} {word} 2022-H2)"
    header = page.find("table", id="T_gender").thead.get_text(" ", strip=True)
    assert {"ru": "Изменение (п.\xa0п.)", "uk": "Зміна (в.\xa0п.)"}[rendered.language] in header
    points = page.find("table", id="T_gender").tbody.find_all("tr")[0].find_all("td")[-1].get_text()
    assert re.fullmatch(r"(\+|−|±)\d+,\d\xa0(п\.\xa0п\.|в\.\xa0п\.)\*?", points), points  # "*": within the noise


# A trend report in Russian and Ukrainian: the same rule, no English words ---------------------------


@pytest.fixture(scope="module", params=["ru", "uk"])
def trend_page(request, batches) -> tuple[str, str]:
    out = batches[0]
    html = (out / "tajikistan" / "trend-2022-H2_to_2023-H2" / request.param / "report.html").read_text(encoding="utf-8")
    return request.param, html


@pytest.mark.slow
def test_a_trend_report_has_no_english_words(trend_page):
    language, html = trend_page
    text = visible_text(html)
    assert latin_words(text) == set()
    assert {"ru": "Таджикистан. Динамика по полугодиям", "uk": "Таджикистан. Динаміка за півріччями"}[language] in text
    assert re.search(r"\d,\d\s%", text) and not re.search(r"\d\.\d\s?%", text)


@pytest.mark.slow
def test_the_regional_report_with_small_counts_hidden_has_no_english_words(reviewer_pages):
    # The regional report adds its countries table and chart; min_cell adds the suppression note.
    # It is the one tests/test_pages_accessible.py reads (2023-H1, min_cell 5, HTML), rendered once.
    html = (reviewer_pages / "all" / "2023-H1" / "ru" / "report.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert latin_words(text) == set()
    assert "Все страны. 2023 | Полугодие:" in text and "январь–июнь" in text
    assert "Таджикистан" in text and "Молдова" in text  # the countries, named in Russian
