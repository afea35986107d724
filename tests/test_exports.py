"""Real NGO exports read as they are (issue 22): dates, yes/no, blank rows, sheets and title rows, separators.

The Russian export is made here from the bundled sample the way a Russian-speaking NGO's system
writes it: Windows-1251, ``;``, Russian headers (read through a column map), DD.MM.YYYY dates,
да/нет, Russian labels and three trailing ``;;;;`` rows; and the same data as a workbook whose
data sheet is the second, below two title rows, with the dates as spreadsheet dates. Both must
give exactly the figures of the sample itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import HEADER, case, csv_text
from hypothesis import given, settings
from hypothesis import strategies as st

from reactlib import InvalidDataError, load_cases, sample_data_path
from reactlib.cli import main
from reactlib.contract.categories import COLUMN_VOCABULARIES
from reactlib.count.figures import compute_figures
from reactlib.count.periods import parse_period
from reactlib.count.quality import account_rows
from reactlib.language.category_labels import label_in
from reactlib.load.cases import read_notes

#: The export's headers, as a Russian NGO's system names the contract's columns.
RUSSIAN_HEADERS = {
    "case_id": "Номер случая", "client_id": "Код клиента", "country": "Страна", "registered_on": "Дата регистрации",
    "qualified": "Квалифицирован как нарушение", "key_populations": "Ключевые группы", "report_group": "Группа отчёта",
    "gender": "Пол", "age": "Возраст", "violations": "Нарушения", "perpetrators": "Нарушители",
    "services_provided": "Оказанные услуги", "services_referred": "Перенаправлен", "services_unavailable": "Недоступные услуги",
    "reaction_status": "Статус реагирования", "refusal_reasons": "Причины отказа", "region": "Регион",
    "organization": "Организация", "description": "Описание случая",
}  # fmt: skip
BLANK_ROWS = 3
#: The cases of the export's small workbook (`export`'s ``xlsx_head``): the same sheets, title rows
#: and dates as the whole one, for claims about how a workbook is read rather than about its figures.
HEAD_ROWS = 40


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def russian_frame() -> pd.DataFrame:
    """The sample's rows as a Russian export writes them, with its column names still the contract's."""
    raw = pd.read_csv(sample_data_path(), dtype=str, keep_default_na=False)
    for column, vocabulary in COLUMN_VOCABULARIES.items():
        codes = vocabulary.lookup()  # the sample writes codes or English labels

        def relabel(cell: str, vocabulary=vocabulary, codes=codes) -> str:
            parts = [part.strip() for part in cell.split(";") if part.strip()]
            return "; ".join(label_in(vocabulary, codes[part.lower()], "ru") for part in parts)

        raw[column] = raw[column].map(relabel)
    raw["qualified"] = raw["qualified"].map({"yes": "да", "no": "нет"})
    return raw


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    frame = russian_frame()
    text = frame.assign(registered_on=pd.to_datetime(frame["registered_on"]).dt.strftime("%d.%m.%Y"))
    text = text.rename(columns=RUSSIAN_HEADERS)
    blank = pd.DataFrame([[""] * len(text.columns)] * BLANK_ROWS, columns=text.columns)
    csv_path = folder / "выгрузка.csv"
    pd.concat([text, blank]).to_csv(csv_path, sep=";", index=False, encoding="cp1251", lineterminator="\r\n")
    dated = frame.assign(registered_on=pd.to_datetime(frame["registered_on"])).rename(columns=RUSSIAN_HEADERS)
    xlsx_path = export_workbook(folder / "выгрузка.xlsx", dated)
    (folder / "head").mkdir()
    head_path = export_workbook(folder / "head" / "выгрузка.xlsx", dated.head(HEAD_ROWS))
    column_map = folder / "map.yaml"
    column_map.write_text(
        "".join(f'"{header}": {name}\n' for name, header in RUSSIAN_HEADERS.items()), encoding="utf-8"
    )
    return {"csv": csv_path, "xlsx": xlsx_path, "xlsx_head": head_path, "map": column_map}


def export_workbook(path: Path, dated: pd.DataFrame) -> Path:
    """The export's workbook: its cases on the second sheet, below two title rows, the dates as spreadsheet dates."""
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Как заполнять": ["Один случай в строке"]}).to_excel(writer, sheet_name="Инструкция", index=False)
        titles = pd.DataFrame([["Выгрузка случаев REAct"], ["Таджикистан и соседние страны"]])
        titles.to_excel(writer, sheet_name="Случаи", index=False, header=False)
        dated.to_excel(writer, sheet_name="Случаи", index=False, startrow=2)
        pd.DataFrame({"Код": ["plhiv"], "Название": ["ЛЖВ"]}).to_excel(writer, sheet_name="Справочник", index=False)
    return path


@pytest.fixture(scope="module")
def contract_cases(sample_cases):
    """The bundled sample in the contract's form, loaded once per session (conftest's `sample_cases`)."""
    return sample_cases


@pytest.fixture(scope="module")
def contract_figures(contract_cases) -> dict[tuple[str, str], str]:
    """The figures.json of each scope and period, computed from the sample once for both exports."""
    scopes = ["all", *sorted(contract_cases["country"].unique())]
    return {
        (scope, period): compute_figures(contract_cases, scope, period).to_json()
        for scope in scopes
        for period in ("2023-H1", "2024")
    }


def test_the_russian_export_is_really_what_the_issue_describes(export):
    data = export["csv"].read_bytes()
    text = data.decode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    header, first = text.split("\r\n")[:2]
    assert header.startswith("Номер случая;Код клиента;Страна;Дата регистрации")
    assert first.split(";")[3].count(".") == 2 and first.split(";")[4] in ("да", "нет")
    assert "Женщина" in text and "People living with HIV" not in text
    assert text.endswith(";" * 18 + "\r\n") and text.count("\r\n" + ";" * 18 + "\r\n") == BLANK_ROWS - 1


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_russian_export_gives_exactly_the_figures_of_the_contract_form(
    kind, export, contract_cases, contract_figures
):
    from reactlib.load.column_map import load_column_map

    cases = load_cases(export[kind], load_column_map(export["map"]), encoding="cp1251" if kind == "csv" else None)

    assert len(cases) == len(contract_cases)
    for (scope, period), expected in contract_figures.items():
        assert compute_figures(cases, scope, period).to_json() == expected, (kind, scope, period)
    # Rows as the analyst sees them: the export's first case is its second row (the workbook's fourth).
    assert cases["row"].iat[0] == (2 if kind == "csv" else 4)


def test_the_russian_export_validates_and_says_how_it_was_read(export, capsys):
    code, out, err = run_cli(
        capsys, "validate", "--data", str(export["csv"]), "--column-map", str(export["map"]), "--encoding", "cp1251"
    )
    assert code == 0, err
    assert out.splitlines() == [
        "выгрузка.csv: 8393 cases, valid (6 countries, 2022-01-01..2024-12-31)",
        "  encoding cp1251",
        "  3 blank rows skipped",
        "  registered_on: dates read as DD.MM.YYYY",
    ]
    # How the workbook was read: its first rows, in the same sheets below the same title rows, tell.
    code, out, err = run_cli(capsys, "validate", "--data", str(export["xlsx_head"]), "--column-map", str(export["map"]))
    assert code == 0, err
    assert out.splitlines()[0].startswith(f"выгрузка.xlsx: {HEAD_ROWS} cases, valid")
    assert out.splitlines()[1:] == [
        "  sheet 'Случаи'",
        "  header in row 3",
        "  registered_on: dates read as spreadsheet dates",
    ]


def test_the_blank_rows_are_counted_in_the_data_quality_appendix(export):
    from reactlib.load.column_map import load_column_map

    cases = load_cases(export["csv"], load_column_map(export["map"]), encoding="cp1251")
    accounting = account_rows(cases, "Tajikistan", parse_period("2023-H1"))

    assert accounting.blank == BLANK_ROWS
    assert accounting.total == 8393 + BLANK_ROWS == sum(accounting.parts().values())


def test_a_batch_reads_the_export_with_its_keys(export, tmp_path):
    from reactlib.batch.spec import load_batch

    batch = tmp_path / "batch.yaml"
    batch.write_text(
        f"data: {export['xlsx_head']}\ncolumn_map: {export['map']}\nsheet: случаи\nheader_row: 3\n"
        "date_format: DD.MM.YYYY\nscopes: [all]\nperiods: [2023]\n",
        encoding="utf-8",
    )
    spec = load_batch(batch)
    assert (spec.reading.sheet, spec.reading.header_row, spec.reading.date_format) == ("случаи", 3, "DD.MM.YYYY")
    # The batch's own loading (as `reactlib batch` runs it): its spreadsheet dates need no format,
    # and the format named for the written ones does not stop them from being read.
    from reactlib.load.column_map import load_column_map

    assert len(load_cases(spec.data, load_column_map(spec.column_map), **spec.reading.keywords())) == HEAD_ROWS


# --- Dates -----------------------------------------------------------------------------------------

DATES = {
    "YYYY-MM-DD": ["2023-03-15", "2023-04-01"],
    "DD.MM.YYYY": ["15.03.2023", "01.04.2023"],
    "DD/MM/YYYY": ["15/03/2023", "01/04/2023"],
    "MM/DD/YYYY": ["03/15/2023", "04/01/2023"],
    "DD-MM-YYYY": ["15-03-2023", "01-04-2023"],
    "DD.MM.YY": ["15.03.23", "1.4.23"],
}


@pytest.mark.parametrize("written", DATES, ids=list(DATES))
def test_every_usual_way_of_writing_dates_is_read_per_column(written, write_cases, capsys):
    first, second = DATES[written]
    path = write_cases([case(1, registered_on=first), case(2, registered_on=second + " 14:30")])

    cases = load_cases(path)

    assert cases["registered_on"].tolist() == [pd.Timestamp("2023-03-15"), pd.Timestamp("2023-04-01")]
    code, out, _ = run_cli(capsys, "validate", "--data", str(path))
    assert code == 0 and f"registered_on: dates read as {written}" in out


def test_a_column_of_dates_that_two_formats_read_differently_names_date_format(write_cases, capsys, tmp_path):
    rows = [
        case(1, registered_on="05/01/2023"),
        case(2, registered_on="02/03/2023"),
        case(3, registered_on="04/04/2023"),
    ]
    path = write_cases(rows)

    with pytest.raises(InvalidDataError) as caught:
        load_cases(path)
    problems = caught.value.problems
    # 04/04/2023 is the same day either way; the other two are not read, never guessed.
    assert [(p.row, p.value) for p in problems] == [(2, "05/01/2023"), (3, "02/03/2023")]
    assert "--date-format DD/MM/YYYY or --date-format MM/DD/YYYY" in problems[0].message
    code, _, err = run_cli(capsys, "validate", "--data", str(path))
    assert code == 1 and err.count("--date-format") == 2 and len(err.splitlines()) == 3
    days = {"DD/MM/YYYY": ["2023-01-05", "2023-03-02"], "MM/DD/YYYY": ["2023-05-01", "2023-02-03"]}
    for date_format, expected in days.items():
        read = load_cases(path, date_format=date_format)["registered_on"].dt.strftime("%Y-%m-%d").tolist()
        assert read == [*expected, "2023-04-04"]
        code, out, _ = run_cli(capsys, "validate", "--data", str(path), "--date-format", date_format)
        assert code == 0 and f"dates read as {date_format}" in out


def test_a_column_has_one_written_format_and_names_it_for_the_others(write_cases):
    rows = [
        case(1, registered_on="15.03.2023"),
        case(2, registered_on="2023-03-16"),
        case(3, registered_on="03/17/2023"),
    ]
    with pytest.raises(InvalidDataError) as caught:
        load_cases(write_cases(rows))
    # ISO is read in any column beside its format; a third way of writing is not.
    ((row, value, message),) = [(p.row, p.value, p.message) for p in caught.value.problems]
    assert (row, value) == (4, "03/17/2023")
    assert message == "is not a date written DD.MM.YYYY (or YYYY-MM-DD), as the column's other dates are"


def test_an_unknown_date_format_is_refused_before_the_data_is_read(capsys, tmp_path):
    batch = tmp_path / "batch.yaml"
    batch.write_text("scopes: [all]\nperiods: [2023]\ndate_format: DD.MM\nheader_row: -1\n", encoding="utf-8")
    words = "date_format: 'DD.MM' is not a date format; use one of YYYY-MM-DD, DD.MM.YYYY"
    code, _, err = run_cli(capsys, "validate", "--date-format", "DD.MM")
    assert code == 1 and words in err
    code, _, err = run_cli(capsys, "batch", str(batch), "--out", str(tmp_path / "out"))
    assert code == 1 and words in err and "header_row: counts from 1" in err
    assert not (tmp_path / "out").exists()


def test_the_notebook_reads_the_data_with_the_same_options(write_cases):
    from reactlib.report.data import prepare_report

    path = write_cases([case(1, registered_on="05/01/2023"), case(2, registered_on="02/03/2023")])

    with pytest.raises(InvalidDataError):
        prepare_report(data=str(path), scope="Tajikistan", period="2023")
    january = prepare_report(data=str(path), date_format="DD/MM/YYYY", scope="Tajikistan", period="2023-01")
    may = prepare_report(data=str(path), date_format="MM/DD/YYYY", scope="Tajikistan", period="2023-05")
    assert january.figures.cases == may.figures.cases == 1
    assert dict(january.provenance.parameters)["date_format"] == "DD/MM/YYYY"


# --- Yes/no ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "no"),
    [("yes", "no"), ("Y", "N"), ("TRUE", "false"), ("1", "0"), ("да", "нет"), ("Да", "НЕТ"), ("д", "н"),
     ("ИСТИНА", "ЛОЖЬ"), ("так", "ні"), ("Так", "Ні"), ("істина", "хибність")],
)  # fmt: skip
def test_yes_and_no_in_english_russian_and_ukrainian(yes, no, write_cases):
    cases = load_cases(write_cases([case(1, qualified=yes), case(2, qualified=f" {no} ")]))
    assert cases["qualified"].tolist() == [True, False]


# --- Blank rows ------------------------------------------------------------------------------------


def test_blank_rows_anywhere_are_skipped_counted_and_keep_the_row_numbers(tmp_path):
    text = csv_text([case(1), case(2, age="200")], delimiter=";")
    lines = text.splitlines()
    lines.insert(2, ";" * 18)  # a blank row of the right width between the cases
    lines.insert(3, "")  # an empty line
    lines.append(";;;")  # a blank row of the wrong width at the end
    path = tmp_path / "cases.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(InvalidDataError) as caught:
        load_cases(path)
    # The second case is the file's fifth line: its row number is the one a spreadsheet shows.
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [(5, "age", "200")]
    path.write_text("\n".join(lines).replace(";200;", ";20;") + "\n", encoding="utf-8")
    cases = load_cases(path)
    assert cases["row"].tolist() == [2, 5]
    assert "3 blank rows skipped" in read_notes(cases)
    accounting = account_rows(cases, "Tajikistan", parse_period("2023"))
    assert (accounting.total, accounting.in_report, accounting.blank) == (5, 2, 3)


def test_a_file_of_blank_rows_only_says_it_has_no_cases(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(",".join(HEADER) + "\n" + "," * 18 + "\n" + "\n", encoding="utf-8")
    with pytest.raises(InvalidDataError) as caught:
        load_cases(path)
    assert caught.value.problems[0].message == "the file has a header but no cases (2 blank rows)"


# --- Sheets and header rows ----------------------------------------------------------------------


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    with pd.ExcelWriter(path) as writer:
        for name, rows in sheets.items():
            width = max(map(len, rows))
            padded = [[*row, *[None] * (width - len(row))] for row in rows]
            pd.DataFrame(padded).to_excel(writer, sheet_name=name, index=False, header=False)
    return path


def rows_of(*cases: dict[str, str]) -> list[list[object]]:
    return [HEADER, *([c[h] for h in HEADER] for c in cases)]


def test_the_sheet_whose_header_names_the_contract_is_read_below_its_title_rows(tmp_path, capsys):
    path = workbook(
        tmp_path / "export.xlsx",
        {
            "Notes": [["Read me first"], ["case_id is the case number"]],
            "Data": [["REAct export"], [None], *rows_of(case(1), case(2, age="200"))],
            "Codes": [["code", "label"], ["female", "Female"]],
        },
    )
    with pytest.raises(InvalidDataError) as caught:
        load_cases(path)
    error = caught.value
    assert [(p.row, p.column) for p in error.problems] == [(5, "age")]  # the Data sheet's fifth row
    assert error.file_name == "export.xlsx [sheet 'Data' of 'Notes', 'Data', 'Codes'; header row 3]"
    code, _, err = run_cli(capsys, "validate", "--data", str(path))
    assert code == 1 and err.startswith(
        "export.xlsx [sheet 'Data' of 'Notes', 'Data', 'Codes'; header row 3]: 1 problem"
    )


def test_sheet_and_header_row_can_be_named(tmp_path, capsys):
    path = workbook(
        tmp_path / "export.xlsx",
        {"cases": [["old export"], *rows_of(case(1))], "new": [["title"], ["subtitle"], *rows_of(case(1), case(2))]},
    )
    assert len(load_cases(path)) == 1  # a tie: the sheet named cases
    assert len(load_cases(path, sheet="NEW ")) == 2
    code, _, err = run_cli(capsys, "validate", "--data", str(path), "--sheet", "new", "--header-row", "2")
    assert code == 1
    assert "row 2, read as the header" not in err and "this row, read as the header, holds no known column names" in err
    assert "row 3 of sheet 'new' names 19 of the contract's columns: pass --sheet 'new' --header-row 3" in err
    code, _, err = run_cli(capsys, "validate", "--data", str(path), "--sheet", "other")
    assert code == 1 and "--sheet: no such sheet (the sheets: 'cases', 'new')" in err


def test_a_csv_header_below_title_rows_is_found_or_named(tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_text("REAct export\nMarch 2024;;\n" + csv_text([case(1)], delimiter=";"), encoding="utf-8")

    cases = load_cases(path)

    assert cases["row"].tolist() == [4] and "header in row 3" in read_notes(cases)
    with pytest.raises(InvalidDataError) as caught:
        load_cases(path, header_row=1)
    assert caught.value.problems[-1].message.endswith(
        "row 3 names 19 of the contract's columns: pass --header-row 3, or leave it out"
    )


# --- Multi-valued cells -------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [",", " | ", "\n"])
def test_a_cell_of_known_values_under_another_usual_separator_is_read(separator, write_cases, capsys):
    cell = separator.join(["physical_violence", "Emotional violence"])
    path = write_cases([case(1, violations=cell), case(2, violations="extortion")])

    cases = load_cases(path)

    flagged = [c.split(":")[1] for c in cases.columns if c.startswith("violations:") and cases[c].iat[0]]
    assert flagged == ["physical_violence", "emotional_violence"]
    named = "a line break" if separator == "\n" else repr(separator.strip())
    assert f"violations: 1 cell separate values with {named}, read as separate values" in read_notes(cases)


def test_a_label_holding_a_comma_is_one_value(write_cases):
    cases = load_cases(
        write_cases([case(1, reaction_status="", violations="", key_populations="Люди, живущие с ВИЧ, Мигрант")])
    )
    flagged = {c.split(":")[1] for c in cases.columns if c.startswith("key_populations:") and cases[c].iat[0]}
    assert flagged == {"plhiv", "migrant"}


def test_an_unknown_piece_names_the_separator_and_its_neighbour_is_kept(write_cases):
    with pytest.raises(InvalidDataError) as caught:
        load_cases(write_cases([case(1, violations="physical_violence, emotional_violense")]))
    ((problem),) = caught.value.problems
    assert problem.value == "emotional_violense"
    assert problem.message == (
        "unknown violations code; did you mean 'emotional_violence'? "
        "(the cell separates values with ','; the contract's separator is ';')"
    )


# --- Suggestions in the file's language -------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "typed", "suggested"),
    [
        ("gender", "Женский", "Женщина"),
        ("gender", "Мужской", "Мужчина"),
        ("key_populations", "ЛЖВ", "Люди, живущие с ВИЧ"),
        ("reaction_status", "В работе", "В процессе"),
        ("gender", "Жіноча", "Жінка"),
        ("reaction_status", "в роботі", "У процесі"),
    ],
)
def test_hand_typed_labels_get_the_label_of_the_files_language(column, typed, suggested, write_cases):
    language = "uk" if any(letter in typed.lower() for letter in "іїєґ") else "ru"
    other = {"ru": "Мужчина", "uk": "Чоловік"}[language]  # another cell tells the file's language
    rows = [case(1, gender=other), case(2, **{column: typed})]
    if column == "key_populations":
        rows[1]["report_group"] = ""
    with pytest.raises(InvalidDataError) as caught:
        load_cases(write_cases(rows))
    ((problem),) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (3, column, typed)
    assert problem.message.endswith(f"did you mean {suggested!r}?")


# --- reactlib sample --out -------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_sample_writes_the_format_its_name_says(suffix, tmp_path, capsys, contract_cases):
    out = tmp_path / f"sample{suffix}"

    code, _, err = run_cli(capsys, "sample", "--out", str(out))

    assert code == 0, err
    magic = {".csv": b"case_id,", ".xlsx": b"PK\x03\x04", ".parquet": b"PAR1"}[suffix]
    assert out.read_bytes().startswith(magic)
    loaded = load_cases(out)
    pd.testing.assert_frame_equal(
        loaded.drop(columns="row"), contract_cases.drop(columns="row"), check_categorical=False
    )


def test_sample_refuses_another_format(tmp_path, capsys):
    code, _, err = run_cli(capsys, "sample", "--out", str(tmp_path / "sample.json"))
    assert code == 1 and "a case file is written as .csv, .xlsx or .parquet, not '.json'" in err
    assert not (tmp_path / "sample.json").exists()


def test_dates_outside_the_programme_are_refused_with_row_column_and_value(write_cases):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    rows = [
        case(1),
        case(2, registered_on="01.01.1900"),
        case(3, registered_on="2009-12-31"),
        case(4, registered_on=tomorrow),
    ]
    with pytest.raises(InvalidDataError) as caught:
        load_cases(write_cases(rows))
    found = [(p.row, p.column, p.value, p.message[:20]) for p in caught.value.problems]
    assert found == [
        (3, "registered_on", "1900-01-01", "lies before 2010-01-"),
        (4, "registered_on", "2009-12-31", "lies before 2010-01-"),
        (5, "registered_on", tomorrow, "lies in the future"),
    ]


# --- Invariants ------------------------------------------------------------------------------------

WRITERS = {
    "DD.MM.YYYY": "%d.%m.%Y", "DD/MM/YYYY": "%d/%m/%Y", "MM/DD/YYYY": "%m/%d/%Y",
    "DD-MM-YYYY": "%d-%m-%Y", "DD.MM.YY": "%d.%m.%y", "YYYY-MM-DD": "%Y-%m-%d",
}  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    days=st.lists(st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2024, 12, 31)), min_size=1, max_size=8),
    written=st.sampled_from(sorted(WRITERS)),
)
def test_dates_are_read_right_or_refused_never_swapped(days, written):
    from reactlib.load.dates import read_column

    texts = [day.strftime(WRITERS[written]) for day in days]
    read = read_column(pd.Series(texts, dtype="str"), None)

    for day, text, got, message in zip(days, texts, read.dates, read.messages, strict=True):
        if message:  # refused: only ever because two formats read it differently
            assert "--date-format" in message, (text, message)
        else:
            assert got == pd.Timestamp(day), (text, got)
    # Told the format, every date is read, and right.
    told = read_column(pd.Series(texts, dtype="str"), written)
    assert list(told.dates) == [pd.Timestamp(day) for day in days] and not any(told.messages)


@settings(max_examples=40, deadline=None)
@given(
    codes=st.lists(st.sampled_from(COLUMN_VOCABULARIES["violations"].codes), min_size=1, max_size=5, unique=True),
    separator=st.sampled_from([";", "; ", ",", ", ", "|", " | ", "\n"]),
    as_label=st.booleans(),
)
def test_known_values_under_any_usual_separator_read_as_those_values(codes, separator, as_label):
    from reactlib.load.category_cells import FileLabels
    from reactlib.load.parse import parse_multi

    vocabulary = COLUMN_VOCABULARIES["violations"]
    cell = separator.join(vocabulary.label(code) if as_label else code for code in codes)
    parsed = parse_multi("violations", pd.Series([cell], dtype="str"), vocabulary, FileLabels(()))

    assert parsed.problems == []
    assert {code for code in vocabulary.codes if parsed.columns[f"violations:{code}"][0]} == set(codes)
