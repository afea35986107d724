"""The report's parts built in-process: escaping, row accounting, provenance, folder names."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import case, csv_text

from reactlib.count.periods import parse_period
from reactlib.count.quality import account_rows
from reactlib.load.options import ReadOptions
from reactlib.render.publish import (
    create_staging,
    discard_staging,
    publish_staging,
    report_dir,
    scope_slug,
)
from reactlib.report.data import prepare_report, report_data_from_cases, validated_cases
from reactlib.report.provenance import ProvenanceError, file_sha256, git_commit, render_date

REPO = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(document.domain)</script>"  # no digit: a country's name has none


class TagCollector(HTMLParser):
    """The tags and text of an HTML fragment, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parsed(fragment: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(fragment)
    return collector


HOSTILE_ROWS = [
    case(1, country=SCRIPT, client_id="CANARY-CLIENT-1", case_id="CANARY-CASE-1"),
    case(
        2,
        country=SCRIPT,
        client_id="CANARY-CLIENT-1",
        case_id="CANARY-CASE-2",
        key_populations="lgbtiq",
        report_group="msm_trans",
    ),
    case(3, country=SCRIPT, registered_on="2023-08-01", case_id="CANARY-CASE-3"),
    case(4, country="Kyrgyzstan", case_id="CANARY-CASE-4"),
    case(5, country="Kyrgyzstan", registered_on="2022-12-31", case_id="CANARY-CASE-5"),
]
for _row in HOSTILE_ROWS:
    _row["description"] = "CANARY-DESCRIPTION narrative"


@dataclass(frozen=True)
class RunNotebook:
    """The report notebook run by papermill, and the reviewers' page nbconvert made of it."""

    notebook: nbformat.NotebookNode
    html: str

    @property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")


@pytest.fixture(scope="module")
def kernel():
    """One kernel for the module's notebook runs, reset to a fresh kernel's state before each, as a batch's.

    A batch and `reactlib report --watch` render their reports so (a warm render is byte for byte a
    cold one: tests/test_batch.py, tests/test_watch.py); a kernel of its own for each run cost
    2 to 3 core-s more (a new Python, its imports).
    """
    from reactlib.render.kernels import WarmKernel

    with WarmKernel() as warm:
        yield warm


def run_notebook(folder: Path, rows: list[dict[str, str]], kernel, **parameters) -> RunNotebook:
    """The country report notebook run by papermill in ``kernel`` on ``rows`` with ``parameters``, and its reviewers' HTML."""
    from reactlib.render.execute import execute_notebook
    from reactlib.render.html import to_html

    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "cases.csv"
    data.write_text(csv_text(rows), encoding="utf-8")
    executed = folder / "report.ipynb"
    execute_notebook(
        REPO / "notebooks" / "country_report.ipynb", {"data": str(data), "period": "2023-H1", **parameters},
        executed, kernel=kernel,
    )  # fmt: skip
    notebook = nbformat.read(str(executed), as_version=4)
    return RunNotebook(notebook, to_html(notebook, "report"))


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, kernel) -> RunNotebook:
    """The notebook on a country whose name is markup, with markup in its contact line and notes."""
    notes = {"msm_trans": SCRIPT, "plhiv": "a & b"}
    return run_notebook(
        tmp_path_factory.mktemp("hostile"), HOSTILE_ROWS, kernel, scope=SCRIPT, contact=SCRIPT, group_notes=notes
    )


@pytest.fixture(scope="module")
def suppressed_run(tmp_path_factory, kernel) -> RunNotebook:
    """The notebook on 7 women and 1 man in Tajikistan, with counts below 5 hidden."""
    rows = [case(i) for i in range(1, 8)] + [case(8, gender="male"), case(9, country="Kyrgyzstan")]
    return run_notebook(tmp_path_factory.mktemp("suppressed"), rows, kernel, scope="Tajikistan", min_cell=5)


@pytest.fixture
def hostile_report(write_cases):
    """The figures of the hostile file, computed in-process."""
    return prepare_report(write_cases(HOSTILE_ROWS), scope=SCRIPT, period="2023-H1")


def table_rows(table) -> dict[str, list[str]]:
    """A table's rows as its first cell (the label) and the text of the others."""
    rows = (tr.find_all(["th", "td"]) for tr in table.select("tbody tr"))
    return {first.get_text(): [cell.get_text() for cell in rest] for first, *rest in rows}


@pytest.mark.slow
def test_markup_in_country_names_contact_and_notes_stays_text(hostile_run):
    html = hostile_run.html
    result = parsed(html)
    assert "script" not in result.tags
    assert "<script" not in html and "&lt;script&gt;alert(document.domain)&lt;/script&gt;" in html
    text = "".join(result.text)
    assert f"{SCRIPT}. 2023 | Half year: January–June" in text  # shown to the reader as the name it is
    # title, contact line at the start and the end, the MSM note, scope in data quality and provenance
    assert text.count(SCRIPT) >= 6 and "a & b" in text


@pytest.mark.slow
def test_no_case_level_value_reaches_the_notebook_or_the_page(hostile_run):
    assert "CANARY" not in hostile_run.html
    assert "CANARY" not in nbformat.writes(hostile_run.notebook)


@pytest.mark.slow
def test_every_row_is_accounted_for(hostile_run, hostile_report):
    accounting = hostile_report.accounting
    assert (accounting.total, accounting.in_report, accounting.outside_period) == (5, 2, 1)
    assert (accounting.other_country, accounting.invalid) == (2, 0)
    assert sum(accounting.parts().values()) == accounting.total
    assert table_rows(hostile_run.soup.find("table", class_="accounting")) == {
        "In this report (scope and period)": ["2"],
        "Same scope, registered outside the period": ["1"],
        "Other countries": ["2"],
        "Blank rows (every cell empty), skipped": ["0"],
        "Invalid (refused)": ["0"],
        "Rows in the data file": ["5"],
    }


def test_accounting_of_all_countries_has_no_other_country(sample_cases):
    from reactlib import sample_data_path

    period = parse_period("2023")
    accounting = account_rows(sample_cases, "all", period)
    # Counted from the CSV's text with plain pandas, not from the loader's dates.
    raw = pd.read_csv(sample_data_path(), dtype=str, keep_default_na=False)
    in_year = int(raw["registered_on"].str.startswith("2023-").sum())
    assert (accounting.in_report, accounting.other_country) == (in_year, 0)
    assert accounting.outside_period == len(raw) - in_year


@pytest.mark.slow
def test_small_counts_are_hidden_everywhere_when_min_cell_is_on(suppressed_run):
    soup = suppressed_run.soup
    counters = {div.dt.get_text(): div.dd.get_text() for div in soup.select("dl.counters > div")}
    assert counters == {"Clients": "8", "Cases": "8", "Qualified as human rights violations": "8"}
    note = soup.select_one("p.suppression-note").get_text()
    assert "shown as “suppressed”" in note and "An audit of " in note
    gender = next(h for h in soup.find_all("h3") if h.get_text() == "2 Gender")
    assert table_rows(gender.find_next("table", class_="chart-data")) == {
        # 8 - 7 would give the male 1 away: the female 7 is suppressed too, with the same mark, and
        # neither has an interval. 0 of 8: Wilson's upper bound z² / (8 + z²) = 3.84 / 11.84 = 32.4 %.
        "Female": ["suppressed", "–", "–"],
        "Male": ["suppressed", "–", "–"],
        "Transgender female": ["0", "0.0 %", "0.0–32.4"],
        "Transgender male": ["0", "0.0 %", "0.0–32.4"],
        "Gender unknown": ["0", "0.0 %", "0.0–32.4"],
    }
    # Both keep their labels and show their marks, never a count or a share.
    assert gender.find_next("img")["alt"].endswith("bar chart: Female suppressed; Male suppressed.")
    # Kyrgyzstan's 1 case would be the file's 9 rows less these 8: the rows are suppressed too
    # (an appendix row goes before a headline counter, which stays shown).
    accounting = table_rows(soup.find("table", class_="accounting"))
    assert accounting["Other countries"] == ["suppressed"] and accounting["Rows in the data file"] == ["suppressed"]


def section_text(soup: BeautifulSoup, heading: str) -> str:
    """The text between the ``<h2>`` ``heading`` and the next one."""
    start = next(h for h in soup.find_all("h2") if h.get_text() == heading)
    parts = []
    for element in start.find_all_next(string=True):
        if element.find_parent("h2") is not None and element.find_parent("h2") is not start:
            break
        parts.append(element)
    return " ".join(" ".join(parts).split())


@pytest.mark.slow
def test_group_section_has_sentence_note_and_country_note(hostile_run):
    msm = section_text(hostile_run.soup, "MSM and trans* people")
    assert "Registered 1 cases, in which a victim is MSM and trans* people" in msm
    assert "Note: In one case several perpetrators" in msm and SCRIPT in msm
    assert "1 Most common perpetrators" in msm and "Healthcare 1 100.0 %" in msm
    assert SCRIPT not in section_text(hostile_run.soup, "Sex worker"), "no note given, none shown"


@pytest.mark.slow
def test_empty_chart_says_so_instead_of_an_image(hostile_run):
    soup = hostile_run.soup
    heading = next(h for h in soup.find_all("h2") if h.get_text() == "Sex worker")
    figure = heading.find_next("figure")
    assert "Registered 0 cases" in section_text(soup, "Sex worker")
    assert figure.img is None and "No values recorded" in figure.get_text()


@pytest.mark.slow
def test_provenance_names_file_hash_parameters_and_version(hostile_run, hostile_report):
    record = hostile_report.provenance
    assert record.data_file == "cases.csv"
    provenance = hostile_run.soup.find("dl", class_="provenance")
    text = provenance.get_text(" ")
    assert re.fullmatch(r"[0-9a-f]{64}", record.data_sha256) and record.data_sha256 in text
    assert table_rows(provenance.find("table", class_="parameters"))["scope"] == [SCRIPT]
    assert record.package_version in text and record.git_commit in text


def test_provenance_hash_is_the_files_sha256(write_cases):
    path = write_cases([case(1)])
    report = prepare_report(path, scope="Tajikistan", period="2023")
    assert report.provenance.data_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "/" not in report.provenance.data_file  # the name only, never the folder


def test_a_data_file_is_hashed_once_for_all_the_reports_planned_from_it(write_cases, monkeypatch):
    path = write_cases([case(1), case(2, country="Georgia")])
    read = []
    digest = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda stream, name: read.append(name) or digest(stream, name))
    cases = validated_cases(path, "")
    reports = [
        report_data_from_cases(cases, str(path), "", ReadOptions(), scope, "2023", 0)
        for scope in ("Tajikistan", "Georgia", "all")
    ]
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    assert [report.provenance.data_sha256 for report in reports] == [expected] * 3
    assert read == ["sha256"]


def test_a_data_file_changed_since_it_was_hashed_is_hashed_again(write_cases):
    def hashed_as_it_is() -> bool:
        return file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()

    path = write_cases([case(1)])
    kept = path.stat().st_mtime_ns
    assert hashed_as_it_is()
    write_cases([case(1), case(2)])  # longer, its modification time then set back
    os.utime(path, ns=(kept, kept))
    assert hashed_as_it_is()
    # As long as before, only its bytes and its modification time differ.
    size = path.stat().st_size
    path.write_bytes(path.read_bytes().replace(b"Tajikistan", b"Kazakhstan"))
    later = kept + 1_000_000_000
    os.utime(path, ns=(later, later))
    assert path.stat().st_size == size and hashed_as_it_is()
    # Another file of the same size and modification time put in its place (rsync -a, cp -p).
    other = path.with_name("other.csv")
    other.write_bytes(path.read_bytes().replace(b"Kazakhstan", b"Tajikistan"))
    os.utime(other, ns=(later, later))
    other.replace(path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (size, later) and hashed_as_it_is()


def test_render_date_follows_source_date_epoch():
    assert render_date({"SOURCE_DATE_EPOCH": "0"}) == dt.date(1970, 1, 1)
    assert render_date({"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    assert render_date({}) == dt.date.today()
    with pytest.raises(ProvenanceError, match="SOURCE_DATE_EPOCH"):
        render_date({"SOURCE_DATE_EPOCH": "yesterday"})


def test_git_commit_outside_a_clone_is_unknown(tmp_path):
    assert git_commit(tmp_path) == "unknown"
    assert re.fullmatch(r"[0-9a-f]{40}|unknown", git_commit())


@pytest.mark.parametrize(
    ("scope", "slug"),
    [("Tajikistan", "tajikistan"), ("Côte d'Ivoire", "cote-d-ivoire"), ("all", "all"),
     (SCRIPT, "script-alert-document-domain-script"), ("../../etc", "etc"), ("Bosnia & Herzegovina", "bosnia-herzegovina")],
)  # fmt: skip
def test_scope_slugs_are_plain_folder_names(scope, slug):
    assert scope_slug(scope) == slug


@pytest.mark.parametrize(("scope", "slug"), [("../", ""), ("..", ""), ("/", ""), ("Кыргызстан", "kyrgyzstan")])
def test_scope_slugs_transliterate_and_may_be_empty(scope, slug):
    assert scope_slug(scope) == slug


def test_report_folder_stays_inside_out(tmp_path):
    target = report_dir(tmp_path / "out", "../../x", parse_period("2023-01-01..2023-02-01").slug, ["../../x"])
    assert target == tmp_path / "out" / "x" / "2023-01-01_to_2023-02-01"


def test_a_staged_report_replaces_the_old_one_only_when_published(tmp_path):
    target = tmp_path / "out" / "tj" / "2023"

    def stage(text: str) -> Path:
        staging = create_staging(target)
        (staging / "report.html").write_text(text)
        return staging

    publish_staging(stage("first"), target)
    discard_staging(stage("half"))  # a render that failed half way
    assert (target / "report.html").read_text() == "first"
    publish_staging(stage("second"), target)
    assert (target / "report.html").read_text() == "second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["2023"]


def test_notebook_arranges_and_does_not_count():
    notebook = nbformat.read(str(REPO / "notebooks" / "country_report.ipynb"), as_version=4)
    code = "\n".join(
        c.source for c in notebook.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    )
    for forbidden in ("import pandas", "pd.", ".sum(", "len(", "value_counts", "groupby", "/ ", "round("):
        assert forbidden not in code, forbidden
    headings = [c.source for c in notebook.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert headings[:7] == [
        "## Title and headline figures",
        "## Key populations, gender and age",
        "## People living with HIV",
        "## Person, who injects drugs",
        "## Sex worker",
        "## MSM and trans\\* people",
        "## Provision of services",
    ]


def test_contents_link_each_section_heading_and_keep_markup_as_text():
    from reactlib.render.html import with_contents

    page = with_contents(
        "<main><header><h1>T</h1></header><h2>&lt;b&gt;Contents</h2><h2>Contents</h2><h2>Sex worker</h2></main>"
    )
    nav = BeautifulSoup(page, "html.parser").find("nav")
    assert [(a["href"], a.get_text()) for a in nav.find_all("a")] == [
        ("#b-contents", "<b>Contents"), ("#contents-2", "Contents"), ("#sex-worker", "Sex worker"),
    ]  # fmt: skip
    assert "<b>" not in page and page.count('id="contents"') == 1, "the label's id is taken by no section"
    assert page.index("</header><nav") < page.index("<h2")
