"""Batches in several languages (issue 14 item 1): the batch file's ``languages``, each report's
folder, publishing beside other languages, the index page's rows, and one real batch of three."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.batch_service import run_in_service

from reactlib.batch.index_page import IndexEntry, render_index
from reactlib.batch.spec import load_batch
from reactlib.count.periods import parse_period
from reactlib.language.messages import text_in
from reactlib.load.settings_file import SettingsError
from reactlib.render.publish import create_staging, language_folder, publish_staging, report_dir

H1 = parse_period("2023-H1")


def batch_file(tmp_path: Path, languages: str | None) -> Path:
    lines = ["scopes: [Tajikistan]", "periods: [2023-H1]", "formats: [html]"]
    if languages is not None:
        lines.append(f"languages: {languages}")
    path = tmp_path / "batch.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- The batch file -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "languages"),
    [
        (None, ("en",)),
        ("[en, ru, uk]", ("en", "ru", "uk")),
        ("[uk]", ("uk",)),
        ("ru", ("ru",)),  # one language may be written without brackets, as a scope may
        ("[RU, en, ru]", ("ru", "en")),  # any case; each once, in the file's order
    ],
)
def test_languages_of_a_batch_file(tmp_path, written, languages):
    assert load_batch(batch_file(tmp_path, written)).languages == languages


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("[en, fr]", "languages: unknown language 'fr' (known: en, ru, uk)"),
        ("[]", "languages: must be a non-empty list"),
        ("[en, 3]", "languages: 3 is not text; write it in quotes"),
        ("{en: yes}", "languages: must be a non-empty list"),
    ],
)
def test_a_wrong_language_is_named_with_the_file_and_key(tmp_path, written, words):
    path = batch_file(tmp_path, written)
    with pytest.raises(SettingsError) as caught:
        load_batch(path)
    assert str(caught.value) == f"{path}: {words}"


# --- Where each report goes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "languages", "folder"),
    [
        ("en", (), "tajikistan/2023-H1"),  # reactlib report, as before languages
        ("en", ("en",), "tajikistan/2023-H1"),  # a batch of English only, as before
        ("ru", (), "tajikistan/2023-H1/ru"),  # reactlib report --language ru
        ("uk", ("uk",), "tajikistan/2023-H1/uk"),
        ("en", ("en", "ru"), "tajikistan/2023-H1/en"),  # a batch of several: each in its folder
        ("ru", ("en", "ru"), "tajikistan/2023-H1/ru"),
    ],
)
def test_report_folder_by_language(tmp_path, language, languages, folder):
    target = report_dir(tmp_path, "Tajikistan", H1.slug, ["Tajikistan", "Moldova"], language, languages)
    assert target == tmp_path / folder
    assert (language_folder(language, languages) is None) == (folder == "tajikistan/2023-H1")


def test_publishing_an_english_report_again_keeps_the_other_languages_inside_its_folder(tmp_path):
    english = report_dir(tmp_path, "Tajikistan", H1.slug, ["Tajikistan"])
    russian = report_dir(tmp_path, "Tajikistan", H1.slug, ["Tajikistan"], "ru")
    for target, text in ((english, "first English"), (russian, "Russian"), (english, "second English")):
        staging = create_staging(target)
        (staging / "report.html").write_text(text, encoding="utf-8")
        publish_staging(staging, target)
    assert (english / "report.html").read_text(encoding="utf-8") == "second English"
    assert (russian / "report.html").read_text(encoding="utf-8") == "Russian"
    assert sorted(p.name for p in english.parent.iterdir()) == ["2023-H1"]  # no staging left


def test_a_batch_plans_each_scope_and_period_in_each_language(tmp_path):
    from reactlib.batch.plan import plan

    spec = load_batch(batch_file(tmp_path, "[en, ru, uk]"))
    jobs = plan(spec, tmp_path / "out", ["Tajikistan"])
    assert [job.name for job in jobs] == ["Tajikistan 2023-H1 en", "Tajikistan 2023-H1 ru", "Tajikistan 2023-H1 uk"]
    folder = tmp_path / "out" / "tajikistan" / "2023-H1"
    assert [job.target for job in jobs] == [folder / "en", folder / "ru", folder / "uk"]
    english_only = plan(load_batch(batch_file(tmp_path, None)), tmp_path / "out", ["Tajikistan"])
    assert [(job.name, job.target) for job in english_only] == [("Tajikistan 2023-H1", folder)]


# --- The index page ---------------------------------------------------------------------------------


def written_report(folder: Path, clients: int) -> Path:
    folder.mkdir(parents=True)
    figures = {"clients": clients, "cases": 20, "qualified": 15, "title": "t"}
    (folder / "figures.json").write_text(json.dumps(figures), encoding="utf-8")
    (folder / "report.html").write_text("<!DOCTYPE html><title>r</title>", encoding="utf-8")
    (folder / "figures.xlsx").write_bytes(b"xlsx")
    return folder


def test_the_index_has_one_row_per_report_with_each_languages_links(tmp_path):
    base = tmp_path / "tajikistan" / "2023-H1"
    entries = [
        IndexEntry("Tajikistan", "2023-H1", written_report(base / language, 10), "rendered", language)
        for language in ("ru", "en", "uk")
    ]
    entries.append(IndexEntry("Moldova", "2023-H1", None, "failed", "ru"))
    entries.append(IndexEntry("Moldova", "2023-H1", written_report(tmp_path / "moldova" / "2023-H1" / "en", 7),
                              "rendered", "en"))  # fmt: skip
    soup = BeautifulSoup(render_index(tmp_path, "REAct", entries, "ru"), "html.parser")
    assert soup.html["lang"] == "ru"
    rows = soup.select("table")[0].tbody.find_all("tr")
    assert len(rows) == 2
    tajikistan = rows[0].find_all("td")
    lines = tajikistan[4].find_all("li")
    # A line per language in the order of the batch, named in itself: Russian is the page's own.
    assert [li.find("span", class_="language").get_text() for li in lines] == ["Русский", "English", "Українська"]
    assert [li.find("span", class_="language").get("lang") for li in lines] == [None, "en", "uk"]
    pages = [a["href"] for a in tajikistan[4].find_all("a") if a["href"].endswith("report.html")]
    assert pages == [f"tajikistan/2023-H1/{lang}/report.html" for lang in ("ru", "en", "uk")]
    assert not [a for a in tajikistan[4].find_all("a") if a["href"].endswith(".pdf")]  # no PDF in any language
    spreadsheets = [a["href"] for a in tajikistan[4].find_all("a") if a["href"].endswith(".xlsx")]
    assert spreadsheets == [f"tajikistan/2023-H1/{lang}/figures.xlsx" for lang in ("ru", "en", "uk")]
    assert [td.get_text() for td in tajikistan[1:4]] == ["10", "20", "15"]
    # The page is in Russian (the batch's first language): so are its words for a status.
    failed, rendered = text_in("failed", "ru"), text_in("rendered", "ru")
    assert rendered != "rendered"
    assert tajikistan[5].get_text() == rendered
    moldova = rows[1].find_all("td")
    assert moldova[5].get_text() == f"Русский: {failed} · English: {rendered}" and "failed" in moldova[5]["class"]
    assert moldova[1].get_text() == "7"  # the counts of the language that has them


def test_an_index_of_one_language_names_no_language(tmp_path):
    folder = written_report(tmp_path / "tajikistan" / "2023-H1", 10)
    soup = BeautifulSoup(render_index(tmp_path, "REAct", [IndexEntry("Tajikistan", "2023-H1", folder, "rendered")]),
                         "html.parser")  # fmt: skip
    cells = soup.select("table")[0].tbody.find("tr").find_all("td")
    assert soup.html["lang"] == "en"
    assert [a.contents[0] for a in cells[4].find_all("a")] == ["page", "spreadsheet", "JSON"]
    assert cells[4].find("span", class_="language") is None
    assert cells[4].find("a").get_text() == "page (Tajikistan, 2023-H1)"


# --- A real batch ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_batch_in_three_languages_writes_three_folders_and_an_index_linking_them(tmp_path):
    spec = batch_file(tmp_path, "[en, ru, uk]")
    out = tmp_path / "out"
    done = run_in_service("batch", str(spec), "--out", str(out), "--workers", "1")  # what it writes, not how it starts
    assert done.returncode == 0, done.stderr
    folder = out / "tajikistan" / "2023-H1"
    assert sorted(p.name for p in folder.iterdir()) == ["en", "ru", "uk"]
    for language in ("en", "ru", "uk"):
        assert (folder / language / "report.html").is_file()
        html_lang = BeautifulSoup((folder / language / "report.html").read_text(encoding="utf-8"), "html.parser")
        assert html_lang.html.get("lang") == language
    for language in ("en", "ru", "uk"):
        assert f"Tajikistan 2023-H1 {language}" in done.stdout
    logs = sorted(p.name for p in (out / "logs").iterdir())
    assert logs == ["tajikistan_2023-H1_en.log", "tajikistan_2023-H1_ru.log", "tajikistan_2023-H1_uk.log"]
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in index.find_all("a") if a["href"].endswith("report.html")}
    assert links == {f"tajikistan/2023-H1/{language}/report.html" for language in ("en", "ru", "uk")}
    counts = {
        json.loads((folder / lang / "figures.json").read_text(encoding="utf-8"))["cases"] for lang in "en ru uk".split()
    }
    assert len(counts) == 1  # the same report in three languages
    again = run_in_service("batch", str(spec), "--out", str(out))
    assert again.returncode == 0 and again.stdout.count("unchanged") >= 3
    shutil.rmtree(out)
