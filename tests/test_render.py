"""`reactlib report` end to end: files, reproducibility, privacy, atomic output, failures.

The Tajikistan 2023-H1 report is rendered once per test session (`rendered_report` in
conftest.py, shared by pytest-xdist workers through a lock file) from a copy of the bundled sample whose client codes,
case ids and case descriptions carry canaries; every figure stays the same, so the seed checks
in ``test_report_seed.py`` use the same render.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import SEED_TAJIKISTAN_NOTE, case, spoil_once_planned
from helpers.renders import CANARY, EPOCH, RenderedReport, report_in_process
from pypdf import PdfReader

from reactlib.cli import main
from reactlib.render.execute import RenderError

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "country_report.ipynb"
REPORT_FILES = ["figures.json", "figures.xlsx", "report.html", "report.ipynb", "report.pdf"]
SCRIPT = "<script>alert(document.domain)</script>"  # no digit: a country's name has none


def text_of(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


# The files of a report --------------------------------------------------------------------------


@pytest.mark.slow
def test_report_folder_holds_the_five_files(rendered_report):
    assert sorted(p.name for p in rendered_report.directory.iterdir()) == REPORT_FILES
    siblings = [p.name for p in rendered_report.directory.parent.iterdir()]
    assert siblings == ["2023-H1"], "no staging or backup folder is left behind"


@pytest.mark.slow
def test_figures_json_holds_the_seeds_numbers(rendered_report):
    # The seed's numbers as typed in by hand (test_seed.py), not reactlib's own output copied back.
    from helpers.seed import GROUP_CASES, GROUP_PERPETRATORS, HEADLINE, KEY_POPULATION_CLIENTS

    raw = rendered_report.path("figures.json").read_bytes()
    figures = json.loads(raw)
    assert raw.endswith(b"}\n") and "January–June".encode() in raw, "UTF-8 text with a final newline"
    assert (figures["scope"], figures["period"]) == ("Tajikistan", "2023-H1")
    assert {key: figures[key] for key in HEADLINE} == HEADLINE
    clients = {i["label"]: i["count"] for i in figures["charts"]["key_populations"]["items"] if i["count"]}
    assert clients == KEY_POPULATION_CLIENTS
    assert {code: group["cases"] for code, group in figures["groups"].items()} == GROUP_CASES
    police = {code: next(i["percent"] for i in group["perpetrators"]["items"] if i["label"] == "Police")
              for code, group in figures["groups"].items()}  # fmt: skip
    assert police == {code: shares["Police"] for code, shares in GROUP_PERPETRATORS.items()}


@pytest.mark.slow
def test_html_is_one_offline_page_without_code(rendered_report):
    html, soup = rendered_report.html, rendered_report.soup
    assert soup.title.get_text() == "Tajikistan. 2023 | Half year: January–June"
    assert soup.find("h1").get_text() == "Tajikistan. 2023 | Half year: January–June"
    assert soup.find_all("script") == [] and soup.find_all("link") == []
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "nothing is fetched from the network"
    assert not soup.select(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, pre, code.language-python")
    text = text_of(html)
    for code_word in ("prepare_report", "sections.", "import ", "In [", "Out[", "injected", "group_notes"):
        assert code_word not in text, code_word
    images = soup.find_all("img")
    assert len(images) >= 12
    assert all(img["src"].startswith("data:image/") and img["alt"].strip() for img in images)
    assert all(img.find_parent("figure").find("figcaption") for img in images)


@pytest.mark.slow
def test_each_chart_states_unit_and_n(rendered_report):
    captions = [c.get_text() for c in rendered_report.soup.find_all("figcaption")]
    assert "% of 521 cases with a recorded gender" in captions
    assert "% of 522 cases with a recorded age" in captions
    assert "% of 514 cases with a recorded reaction status" in captions
    assert any(c.startswith("Number of clients, of 520 clients") for c in captions)
    assert any(c.startswith("% of 266 perpetrator mentions in the group's 265 cases") for c in captions)
    assert any(c.startswith("% of 115 mentions of a reason") for c in captions)


@pytest.mark.slow
def test_report_links_its_figures_files_in_its_own_folder(rendered_report):
    soup = rendered_report.soup
    links = {a.get_text(): a["href"] for a in soup.select("a[href^='figures.']")}
    assert links == {"figures.xlsx": "figures.xlsx", "figures.json": "figures.json"}
    paragraph = soup.find("a", href="figures.xlsx").find_parent("p")
    assert " ".join(paragraph.get_text().split()) == "Download the figures: figures.xlsx (spreadsheet), figures.json"
    assert paragraph.find_previous("dl", class_="counters") is not None, "after the headline figures"
    assert paragraph.find_previous("h2") is None, "near the top"
    for name in links.values():
        assert rendered_report.path(name).is_file(), "the link reaches a file beside the page"


@pytest.mark.slow
def test_cross_tabulations_are_heatmaps_of_cases_in_their_own_section(rendered_report):
    soup = rendered_report.soup
    figures = json.loads(rendered_report.path("figures.json").read_text(encoding="utf-8"))
    section = soup.find("h2", string="Who does what to whom")
    assert section.find_previous("h2").get_text() == "Types of violations"
    assert section.find_next("h2").get_text() == "Data quality"
    titles = ["1 Types of violations by perpetrator group", "2 Key populations by perpetrator group"]
    assert [h3.get_text() for h3 in section.find_all_next("h3")][:2] == titles
    for title, name in zip(titles, ["violations_by_perpetrator", "key_populations_by_perpetrator"], strict=True):
        figure = soup.find("h3", string=title).find_next("figure")
        assert figure.figcaption.get_text().startswith("Number of cases ")
        alt = figure.img["alt"]
        assert alt.startswith(f"{title}, heatmap of cases: ")
        table = figures["crosstabs"][name]
        # Every cell of figures.json is in the alt text, as "row, column count".
        for row, counts in zip(table["row_labels"], table["counts"], strict=True):
            for column, count in zip(table["column_labels"], counts, strict=True):
                assert f"{row}, {column} {count}" in alt


@pytest.mark.slow
def test_appendix_accounts_for_every_row_and_names_the_inputs(rendered_report):
    # The rows are counted here from the CSV text with the standard library, not with reactlib's loader.
    with rendered_report.data.open(encoding="utf-8", newline="") as stream:
        every_row = list(csv.DictReader(stream))
    blank = sum(not any(cell.strip() for cell in row.values()) for row in every_row)
    rows_of_file = [(row["country"], row["registered_on"]) for row in every_row]
    tajik = [day for country, day in rows_of_file if country == "Tajikistan"]
    in_period = sum("2023-01-01" <= day <= "2023-06-30" for day in tajik)
    soup = rendered_report.soup
    table = soup.find("table", class_="accounting")
    rows = {tr.th.get_text(): int(tr.td.get_text()) for tr in table.find_all("tr")}
    assert rows == {
        "In this report (scope and period)": in_period,
        "Same scope, registered outside the period": len(tajik) - in_period,
        "Other countries": len(rows_of_file) - len(tajik) - blank,
        "Blank rows (every cell empty), skipped": blank,
        "Invalid (refused)": 0,
        "Rows in the data file": len(rows_of_file),
    }
    assert rows["In this report (scope and period)"] == 522
    provenance = soup.find("dl", class_="provenance").get_text(" ")
    assert hashlib.sha256(rendered_report.data.read_bytes()).hexdigest() in provenance
    assert "sample_copy.csv" in provenance and "2023-11-14" in provenance
    assert str(rendered_report.data.parent) not in provenance, "the file's folder is not shown"
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert (commit.stdout.strip() or "unknown") in provenance


@pytest.mark.slow
def test_executed_notebook_is_stable_and_complete(rendered_report):
    notebook = nbformat.read(str(rendered_report.path("report.ipynb")), as_version=4)
    run = notebook.metadata["papermill"]
    assert not {"start_time", "end_time", "duration"} & set(run)
    assert run["input_path"] == "country_report.ipynb" and run["output_path"] == "report.ipynb"
    assert run["parameters"]["scope"] == "Tajikistan"
    injected = [c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert [c.id for c in injected] == ["injected-parameters"]
    for cell in notebook.cells:
        assert "execution" not in cell.metadata
        assert not {"start_time", "end_time", "duration"} & set(cell.metadata.get("papermill", {}))
        for output in cell.get("outputs", []):
            assert output.output_type != "error"


@pytest.fixture(scope="module")
def pdf_pages(rendered_report) -> list[str]:
    """The text pypdf extracts from each page of the report's PDF: extracted once (about 0.8 core-s) for the tests that read it."""
    return [page.extract_text() for page in PdfReader(rendered_report.path("report.pdf")).pages]


# Privacy -----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_no_client_code_case_id_or_description_in_any_output(rendered_report, pdf_pages):
    for name in REPORT_FILES:
        raw = rendered_report.path(name).read_bytes()
        assert CANARY.encode() not in raw and CANARY.lower().encode() not in raw.lower(), name
    pdf_text = "".join(pdf_pages)
    assert CANARY not in pdf_text.upper()
    # the canaries are real: the data file does hold them
    assert rendered_report.data.read_text(encoding="utf-8").count(CANARY) > 3 * 8000


# PDF ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_pdf_has_the_headline_numbers_page_numbers_and_a_pinned_date(rendered_report, pdf_pages):
    reader = PdfReader(rendered_report.path("report.pdf"))
    pages = pdf_pages
    assert len(pages) == len(reader.pages)
    text = " ".join(" ".join(pages).split())
    assert 2 <= len(pages) <= 15
    assert "Tajikistan. 2023 | Half year: January–June" in text
    assert reader.metadata["/Title"] == "Tajikistan. 2023 | Half year: January–June", (
        "the PDF's own title tells the halves apart"
    )
    for label, number in [("Clients", "520"), ("Cases", "522"), ("Qualified as human rights violations", "480")]:
        assert re.search(rf"{label}\s*{number}", text), label
    assert all(f"{number} / {len(pages)}" in page for number, page in enumerate(pages, start=1))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)  # A4 in mm
    assert reader.metadata["/CreationDate"] == "D:20231114000000+00'00'"
    assert reader.metadata["/ModDate"] == "D:20231114000000+00'00'"


#: The report's sections, in order, with the anchors a link to each may rely on.
SECTIONS = [
    ("key-populations-gender-and-age", "Key populations, gender and age"),
    ("people-living-with-hiv", "People living with HIV"),
    ("person-who-injects-drugs", "Person, who injects drugs"),
    ("sex-worker", "Sex worker"),
    ("msm-and-trans-people", "MSM and trans* people"),
    ("provision-of-services", "Provision of services"),
    ("reaction-status", "Reaction status"),
    ("types-of-violations", "Types of violations"),
    ("who-does-what-to-whom", "Who does what to whom"),
    ("data-quality", "Data quality"),
    ("provenance", "Provenance"),
]
LIGATURES = re.compile("[\ufb00-\ufb06]")


def outline_titles(entries: list, depth: int = 0) -> list[tuple[int, str]]:
    """The PDF's bookmarks as (depth, title), in order; pypdf nests a bookmark's children in a list."""
    titles = []
    for entry in entries:
        if isinstance(entry, list):
            titles += outline_titles(entry, depth + 1)
        else:
            titles.append((depth, entry.title))
    return titles


@pytest.mark.slow
def test_pdf_is_tagged_and_bookmarks_its_headings(rendered_report):
    reader = PdfReader(rendered_report.path("report.pdf"))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "the PDF has a structure tree"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    bookmarks = outline_titles(reader.outline)
    assert bookmarks[0] == (0, "Tajikistan. 2023 | Half year: January–June")
    assert [title for depth, title in bookmarks if depth == 1] == [title for _, title in SECTIONS]
    assert (2, "1 Key populations") in bookmarks and (2, "2 Why the client did not want to solve the case") in bookmarks


@pytest.mark.slow
def test_pdf_text_is_extracted_without_ligatures(pdf_pages):
    text = " ".join(pdf_pages)
    assert LIGATURES.findall(text) == []
    words = " ".join(text.split())
    # chart labels (drawn in the images) and running text alike
    for phrase in ("Person affected by TB", "Violation of confidentiality", "effort", "difficult", "qualified"):
        assert phrase in words, phrase


@pytest.mark.slow
def test_heading_levels_never_skip(rendered_report):
    levels = [int(heading.name[1]) for heading in rendered_report.soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and levels.count(1) == 1
    skips = [(before, after) for before, after in itertools.pairwise(levels) if after > before + 1]
    assert skips == []


@pytest.mark.slow
def test_report_opens_with_a_table_of_contents_linking_each_section(rendered_report):
    soup = rendered_report.soup
    contents = soup.select("nav.contents")
    assert len(contents) == 1
    nav = contents[0]
    assert nav.find_previous("h1") is not None and nav.find_previous("h2") is None, "right after the title"
    assert nav.find_next("dl", class_="counters") is not None, "before the headline figures"
    links = [(a["href"], a.get_text()) for a in nav.find_all("a")]
    assert links == [(f"#{anchor}", title) for anchor, title in SECTIONS]
    headings = [(h2.get("id"), h2.get_text()) for h2 in soup.find_all("h2")]
    assert headings == SECTIONS
    for anchor, _ in SECTIONS:
        assert len(soup.find_all(id=anchor)) == 1, anchor


# Reproducibility -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_same_inputs_give_byte_identical_files(rendered_report, tmp_path):
    # Rendered again in this process: another process than the first render's, its own kernel and browser.
    result = report_in_process(rendered_report.data, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again" / "tajikistan" / "2023-H1"
    for name in REPORT_FILES:
        assert (again / name).read_bytes() == rendered_report.path(name).read_bytes(), name


@pytest.mark.slow
def test_a_report_without_settings_is_the_sample_batch_report(rendered_report, tmp_path):
    # The sample batch as `make reports` runs it, on the report's data, scope and period.
    import yaml

    batch = yaml.safe_load((REPO / "params" / "sample.yaml").read_text(encoding="utf-8"))
    batch.update(
        data=str(rendered_report.data), scopes=["Tajikistan"], periods=["2023-H1"], formats=["html"], languages=["en"]
    )
    spec = tmp_path / "sample.yaml"
    spec.write_text(yaml.safe_dump(batch), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "reactlib.cli",
        "batch",
        str(spec),
        "--out",
        str(tmp_path / "out"),
        "--workers",
        "1",
    ]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=600)
    assert result.returncode == 0, result.stderr
    batch_report = tmp_path / "out" / "tajikistan" / "2023-H1"
    for name in ("report.html", "report.ipynb", "figures.json"):
        assert (batch_report / name).read_bytes() == rendered_report.path(name).read_bytes(), name
    assert SEED_TAJIKISTAN_NOTE in text_of(rendered_report.html)


@pytest.mark.slow
def test_published_files_name_the_data_file_without_its_folder(rendered_report):
    folder = str(rendered_report.data.parent)
    for name in ("report.ipynb", "report.html"):
        text = rendered_report.path(name).read_text(encoding="utf-8")
        assert folder not in text, name
        assert rendered_report.data.name in text, name


def test_published_parameters_name_the_data_file_and_column_map_only(tmp_path):
    from papermill.parameterize import parameterize_notebook

    from reactlib.render.execute import normalise
    from reactlib.render.request import published_parameters

    folder = tmp_path / "private folder of an analyst"
    ran_with = {"data": str(folder / "cases.csv"), "column_map": str(folder / "map.yaml"), "encoding": "",
                "scope": "Tajikistan", "min_cell": 5, "group_notes": {}}  # fmt: skip
    notebook = nbformat.read(str(NOTEBOOK), as_version=4)
    notebook.metadata["papermill"] = {}
    for cell in notebook.cells:  # as papermill prepares a notebook before parameterizing it
        cell.metadata.setdefault("tags", [])
    notebook = parameterize_notebook(notebook, ran_with, kernel_name="python3")

    normalise(notebook, "country_report.ipynb", "report.ipynb", published_parameters(ran_with))

    written = nbformat.writes(notebook)
    assert str(tmp_path) not in written
    injected = next(c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'data = "cases.csv"' in injected.source and 'column_map = "map.yaml"' in injected.source
    assert "min_cell = 5" in injected.source and 'scope = "Tajikistan"' in injected.source
    shown = notebook.metadata.papermill.parameters
    assert shown == {**ran_with, "data": "cases.csv", "column_map": "map.yaml"}


# Failures leave the previous report as it was ------------------------------------------------------


def previous_report(rendered_report: RenderedReport, out: Path) -> dict[str, bytes]:
    target = out / "tajikistan" / "2023-H1"
    shutil.copytree(rendered_report.directory, target)
    return {p.name: p.read_bytes() for p in target.iterdir()}


def assert_untouched(out: Path, before: dict[str, bytes]) -> None:
    target = out / "tajikistan" / "2023-H1"
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in target.parent.iterdir()] == ["2023-H1"], "no staging folder is left"


@pytest.mark.slow
def test_a_failing_pdf_step_leaves_the_previous_report(rendered_report, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    before = previous_report(rendered_report, out)

    def broken(*args, **kwargs):
        raise RenderError("printing the PDF failed: injected failure")

    # `reactlib report` prints with the batch's printer (one PdfPrinter on its thread).
    monkeypatch.setattr("reactlib.render.pdf.PdfPrinter.print_pdf", broken)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    code = main(["report", "--data", str(rendered_report.data), "--scope", "Tajikistan",
                 "--period", "2023-H1", "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "injected failure" in err and "Traceback" not in err
    assert_untouched(out, before)


@pytest.mark.slow
def test_a_failing_cell_names_its_section(rendered_report, tmp_path, monkeypatch, capsys):
    broken = nbformat.read(str(NOTEBOOK), as_version=4)
    cell = next(c for c in broken.cells if c.get("id") == "reaction-status")
    cell.source = "raise KeyError('boom')"
    broken_path = tmp_path / "country_report.ipynb"
    nbformat.write(broken, str(broken_path))
    from reactlib.render import kinds

    monkeypatch.setattr(kinds, "COUNTRY_REPORT", kinds.own_notebook(broken_path))
    out = tmp_path / "out"
    before = previous_report(rendered_report, out)
    code = main(["report", "--data", str(rendered_report.data), "--scope", "Tajikistan",
                 "--period", "2023-H1", "--out", str(out), "--format", "html"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == "reactlib: error: the report section 'Reaction status' failed: KeyError: 'boom'"
    assert_untouched(out, before)


# Security -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_country_named_like_markup_is_text_and_its_folder_a_slug(write_cases, tmp_path, capsys):
    data = write_cases([case(1, country=SCRIPT), case(2, country=SCRIPT, gender="male")])
    out = tmp_path / "out"
    code = main(["report", "--data", str(data), "--scope", SCRIPT, "--period", "2023-H1",
                 "--out", str(out), "--format", "html"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files == [".reactlib.lock"] + [  # the lock every command writing to --out holds
        f"script-alert-document-domain-script/2023-H1/{name}"
        for name in ("figures.json", "figures.xlsx", "report.html", "report.ipynb")
    ]
    html = (out / "script-alert-document-domain-script" / "2023-H1" / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all("script") == [] and "<script>alert" not in html
    assert soup.title.get_text() == f"{SCRIPT}. 2023 | Half year: January–June"
    assert soup.find("h1").get_text() == f"{SCRIPT}. 2023 | Half year: January–June"


@pytest.mark.slow
def test_a_country_that_is_only_a_path_renders_inside_out(write_cases, tmp_path, capsys):
    data = write_cases([case(1, country="../"), case(2, country="../", gender="male")])
    out = tmp_path / "out"
    code = main(["report", "--data", str(data), "--scope", "../", "--period", "2023-H1",
                 "--out", str(out), "--format", "html"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    # printf '%s' ../ | sha256sum: fa08499e…
    assert sorted(p.name for p in out.iterdir()) == [".reactlib.lock", "country--fa08499e"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.csv", "out"]


# The notebook on its own ---------------------------------------------------------------------------


@pytest.mark.slow
def test_notebook_runs_top_to_bottom_with_its_defaults(tmp_path):
    import papermill

    executed = papermill.execute_notebook(
        str(NOTEBOOK), str(tmp_path / "defaults.ipynb"), kernel_name="python3",
        cwd=str(NOTEBOOK.parent), progress_bar=False,
    )  # fmt: skip
    outputs = [o for c in executed.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    text = text_of(html)
    assert "Tajikistan. 2023 | Half year: January–June" in text and SEED_TAJIKISTAN_NOTE in text
    assert "Registered 265 cases, in which the victim was a person living with HIV." in text


@pytest.mark.slow
def test_the_second_half_has_a_title_of_its_own(rendered_report, tmp_path):
    result = report_in_process(rendered_report.data, tmp_path / "out", "--period", "2023-H2")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "tajikistan" / "2023-H2"
    soup = BeautifulSoup((folder / "report.html").read_text(encoding="utf-8"), "html.parser")
    title = "Tajikistan. 2023 | Half year: July–December"
    assert (soup.title.get_text(), soup.find("h1").get_text()) == (title, title)
    assert PdfReader(folder / "report.pdf").metadata["/Title"] == title
    assert json.loads((folder / "figures.json").read_text(encoding="utf-8"))["title"] == title
    assert soup.title.get_text() != rendered_report.soup.title.get_text()


@pytest.mark.slow
def test_the_data_are_read_once_per_report_and_handed_to_the_kernel(tmp_path, monkeypatch, capsys):
    """The kernel takes the report data computed in-process: it never reads the data file again.

    Once the report is planned, the file is overwritten with bytes no loader can read, its size
    and modification time kept; a kernel that loaded it again would fail.
    """
    from reactlib import sample_data_path
    from reactlib.render import pipeline

    data = tmp_path / "cases.csv"
    shutil.copy(sample_data_path(), data)
    spoil_once_planned(monkeypatch, pipeline, "plan", data)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out"
    code = main(["report", "--data", str(data), "--scope", "Tajikistan", "--period", "2023-H1",
                 "--out", str(out), "--format", "html"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    html = (out / "tajikistan" / "2023-H1" / "report.html").read_text(encoding="utf-8")
    assert "Half year: January–June" in html
