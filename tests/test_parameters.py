"""Report parameters: the notebook's declaration, and the checks made before any kernel starts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import nbformat
import pytest
from conftest import SEED_CONTACT, SEED_TAJIKISTAN_NOTE
from papermill.translators import PythonTranslator

from reactlib.cli import main
from reactlib.load.settings_file import SettingsError
from reactlib.report.parameters import (
    ParameterError,
    check_parameters,
    parse_parameters_cell,
    read_parameters,
)
from reactlib.report.settings import load_report_settings, scope_texts

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "country_report.ipynb"

EXPECTED = {
    "data": ("str", ""),
    "column_map": ("str", ""),
    "encoding": ("str", ""),
    "sheet": ("str", ""),
    "header_row": ("int", 0),
    "date_format": ("str", ""),
    "scope": ("str", "Tajikistan"),
    "period": ("str", "2023-H1"),
    "min_cell": ("int", 0),
    "language": ("str", "en"),
    "contact": ("Optional[str]", None),
    "group_notes": ("Optional[dict]", None),
}


@pytest.fixture(scope="module")
def declared():
    return read_parameters(NOTEBOOK)


def test_notebook_declares_exactly_the_report_parameters(declared):
    assert {name: (p.annotation, p.default) for name, p in declared.items()} == EXPECTED
    assert all(p.help for p in declared.values()), "every parameter has a help comment"


def test_papermill_help_lists_every_parameter_with_its_help():
    # papermill skips a line with two "=" signs, so a help comment must not contain one
    notebook = nbformat.read(str(NOTEBOOK), as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    inspected = {p.name: p for p in PythonTranslator.inspect(cell)}
    assert list(inspected) == list(EXPECTED)
    assert all(p.help for p in inspected.values())
    assert inspected["min_cell"].inferred_type_name == "int"


def test_notebook_is_committed_without_outputs():
    raw = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code_cells = [c for c in raw["cells"] if c["cell_type"] == "code"]
    assert code_cells and all(c["outputs"] == [] and c["execution_count"] is None for c in code_cells)
    assert "papermill" not in raw["metadata"]


def test_good_values_pass(declared):
    values = {"scope": "Tajikistan", "period": "2023-H1", "min_cell": 5, "group_notes": {}}
    assert check_parameters(values, declared) == values


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"scop": "Tajikistan"}, ["scop: unknown parameter", "did you mean 'scope'"]),
        ({"colour": "red"}, ["colour: unknown parameter", "known: data"]),
        ({"scope": None}, ["scope: has no value"]),
        ({"min_cell": "5"}, ["min_cell: got '5' (text) but it must be a whole number"]),
        ({"min_cell": True}, ["min_cell: got true (a yes/no value) but it must be a whole number"]),
        ({"min_cell": 1}, ["min_cell: must be 0 (off) or at least 2"]),
        ({"min_cell": -3}, ["min_cell: must be 0 (off) or at least 2"]),
        ({"group_notes": "msm_trans"}, ["group_notes: got 'msm_trans' (text) but it must be a mapping"]),
        ({"group_notes": {"lgbt": "x"}}, ["group_notes: 'lgbt' is not a report group"]),
        ({"contact": ["a"]}, ["contact: got a list but it must be text"]),
    ],
    ids=[
        "misspelt",
        "unknown",
        "missing",
        "int as text",
        "int as bool",
        "min_cell 1",
        "negative min_cell",
        "dict as text",
        "unknown group",
        "list for text",
    ],
)
def test_bad_values_are_named(declared, values, words):
    with pytest.raises(ParameterError) as caught:
        check_parameters(values, declared)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"scope": False}, ["scope: got false (a yes/no value)", "YAML 1.1 reads NO", "quote"]),
        ({"period": 1}, ["period: got 1 (a number)", "001", "quote"]),
        ({"period": 2023}, ["period: got 2023 (a number)", "quote"]),
        ({"period": dt.date(2023, 1, 1)}, ["period: got 2023-01-01 (a date)", "quote"]),
        ({"group_notes": {"msm_trans": False}}, ["group_notes: msm_trans: got false", "YAML 1.1"]),
    ],
    ids=["NO as false", "001 as 1", "year as number", "date", "note as false"],
)
def test_yaml_11_traps_are_explained(declared, values, words):
    with pytest.raises(ParameterError) as caught:
        check_parameters(values, declared)
    for word in words:
        assert word in str(caught.value)


def test_all_problems_are_listed_together(declared):
    with pytest.raises(ParameterError) as caught:
        check_parameters({"scope": False, "period": 1, "bogus": 1}, declared)
    lines = str(caught.value).splitlines()
    assert len(lines) == 4 and {line.split(":")[0].strip() for line in lines[1:]} == {"scope", "period", "bogus"}


def test_required_parameter_without_default_is_missing():
    declared = parse_parameters_cell('scope: str  # a country\nperiod: str = "2023"  # period')
    with pytest.raises(ParameterError, match="scope: a value is required"):
        check_parameters({"period": "2023"}, declared)


@pytest.mark.parametrize(
    "source",
    ["scope = 'x'", "import os", "scope: str = os.getcwd()", "scope: str = ("],
    ids=["no annotation", "statement", "not a literal", "syntax error"],
)
def test_parameters_cell_must_hold_annotated_literals(source):
    with pytest.raises(ParameterError):
        parse_parameters_cell(source)


def test_typed_dict_annotation_checks_its_entries():
    declared = parse_parameters_cell("notes: dict[str, str] = {}  # notes")
    with pytest.raises(ParameterError, match="entry 'a': got 1"):
        check_parameters({"notes": {"a": 1}}, declared)


# Settings file of `reactlib report --settings` ------------------------------------------------------


def test_default_settings_give_the_seed_contact_and_tajikistan_note():
    settings = load_report_settings(None)
    assert settings.contact_for("Tajikistan") == SEED_CONTACT == settings.contact_for("Kyrgyzstan")
    assert settings.notes_for("tajikistan") == {"msm_trans": SEED_TAJIKISTAN_NOTE}
    assert settings.notes_for("Kyrgyzstan") == {}


def test_each_key_of_a_settings_file_replaces_the_default(tmp_path):
    only_contact, no_countries, blank = (tmp_path / f"{n}.yaml" for n in ("contact", "countries", "blank"))
    only_contact.write_text("contact: Write to us.\n", encoding="utf-8")
    no_countries.write_text("countries: {}\n", encoding="utf-8")
    blank.write_text("contact: ''\ncountries:\n", encoding="utf-8")
    contact = load_report_settings(only_contact)
    assert contact.contact_for("Tajikistan") == "Write to us."
    assert contact.notes_for("Tajikistan") == {"msm_trans": SEED_TAJIKISTAN_NOTE}
    countries = load_report_settings(no_countries)
    assert countries.contact_for("Tajikistan") == SEED_CONTACT and countries.notes_for("Tajikistan") == {}
    assert (
        load_report_settings(blank).contact_for("Tajikistan"),
        load_report_settings(blank).notes_for("Tajikistan"),
    ) == ("", {})


def test_the_notebook_takes_the_defaults_for_none_and_anything_else_as_given():
    assert scope_texts("tajikistan", None, None) == (SEED_CONTACT, {"msm_trans": SEED_TAJIKISTAN_NOTE})
    assert scope_texts("Georgia", None, None) == (SEED_CONTACT, {})
    assert scope_texts("Tajikistan", "", {}) == ("", {})
    assert scope_texts("Tajikistan", "Write to us.", {"sw": "A note."}) == ("Write to us.", {"sw": "A note."})


def test_none_is_a_value_for_optional_parameters_only(declared):
    assert check_parameters({"contact": None, "group_notes": None}, declared) == {"contact": None, "group_notes": None}
    declared = parse_parameters_cell('a: "Optional[str]" = None  # a\nb: str | None = None  # b\nc: str = ""  # c')
    assert check_parameters({"a": None, "b": None}, declared) == {"a": None, "b": None}
    with pytest.raises(ParameterError, match="c: has no value"):
        check_parameters({"c": None}, declared)
    with pytest.raises(ParameterError, match=r"b: got 3 .* must be text"):
        check_parameters({"b": 3}, declared)


#: Words of texts that only reactlib's default settings may hold (short enough to stay on one
#: line of any file); tests, and what is generated or installed, are not the source.
DEFAULT_TEXTS = {"the contact line": "kalyniuk@aph.org.ua", "the Tajikistan note": "employees of the Tiberius project"}
NOT_SOURCE = {".git", ".venv", "tests", "outputs", "build", "dist", "__pycache__", ".pytest_cache",
              ".hypothesis", ".ipynb_checkpoints", "_data"}  # fmt: skip


def source_files() -> list[Path]:
    return [
        path
        for path in REPO.rglob("*")
        if path.is_file()
        and not NOT_SOURCE.intersection(path.relative_to(REPO).parts)
        and not any(part.endswith(".egg-info") for part in path.parts)
    ]


@pytest.mark.parametrize("what", list(DEFAULT_TEXTS))
def test_a_default_text_is_written_in_one_file_only(what):
    wanted = " ".join(DEFAULT_TEXTS[what].split())
    holding = []
    for path in source_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if wanted in " ".join(text.split()):
            holding.append(str(path.relative_to(REPO)))
    assert holding == ["reactlib/data/report_settings.yaml"]


def test_settings_country_contact_replaces_general_one(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("contact: general\ncountries:\n  NO:\n    contact: norway\n", encoding="utf-8")
    settings = load_report_settings(path)
    # NO stays the text "NO" (YAML 1.2), so Norway's settings are found
    assert settings.contact_for("no") == "norway" and settings.contact_for("Tajikistan") == "general"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("contact: 12\n", "contact: must be text"),
        ("contact: true\n", "contact: must be text"),
        ("countries:\n  Tajikistan:\n    notes:\n      lgbt: x\n", "unknown key 'lgbt'"),
        ("countries:\n  Tajikistan:\n    note: x\n", "unknown key 'note'"),
        ("colour: red\n", "unknown key 'colour'"),
        ("- a list\n", "must be a mapping"),
    ],
)
def test_bad_settings_files_are_named(tmp_path, text, words):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=words):
        load_report_settings(path)


def test_cli_refuses_bad_parameters_before_any_kernel(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["report", "--scope", "Tajikistan", "--period", "2023-H1", "--min-cell", "1", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "min_cell: must be 0 (off) or at least 2" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--scope", "Atlantis", "--period", "2023-H1"], "scope 'Atlantis' is not in the data"),
        (["--scope", "Tajikistan", "--period", "2023-H3"], "period '2023-H3' is not one of the forms"),
        (["--scope", "Tajikistan", "--period", "1999"], "has no cases"),
        (["--scope", "Tajikistan", "--period", "2023", "--format", "docx"], "--format takes html, pdf"),
    ],
)
def test_cli_refuses_bad_scope_period_and_format(tmp_path, capsys, args, words):
    out = tmp_path / "out"
    code = main(["report", *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and words in err and "Traceback" not in err
    assert not out.exists()


def test_cli_shows_the_problem_table_for_invalid_data(tmp_path, capsys, write_cases):
    from conftest import case

    data = write_cases([case(1), case(2, gender="femal")])
    out = tmp_path / "out"
    code = main(["report", "--data", str(data), "--scope", "Tajikistan", "--period", "2023-H1", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "cases.csv: 1 problem" in err and "did you mean 'female'" in err
    assert not out.exists()


# One declaration ----------------------------------------------------------------------------------

#: How each report parameter is given on the command line and in a batch file, written by hand.
CLI_AND_BATCH = {
    "data": ("--data", "data"),
    "column_map": ("--column-map", "column_map"),
    "encoding": ("--encoding", "encoding"),
    "sheet": ("--sheet", "sheet"),
    "header_row": ("--header-row", "header_row"),
    "date_format": ("--date-format", "date_format"),
    "scope": ("--scope", "scopes"),
    "period": ("--period", "periods"),
    "min_cell": ("--min-cell", "min_cell"),
    "language": ("--language", "languages"),
    "contact": ("--settings", "contact"),
    "group_notes": ("--settings", "countries"),
}


def test_the_notebook_cell_is_the_declaration(declared):
    from reactlib.report.parameters import REPORT_PARAMETERS, check_report_notebook

    check_report_notebook(declared, NOTEBOOK)
    assert [p.name for p in REPORT_PARAMETERS] == list(EXPECTED) == list(declared)
    for parameter in REPORT_PARAMETERS:
        cell = declared[parameter.name]
        assert (cell.annotation, cell.default, cell.help) == (parameter.annotation, parameter.default, parameter.help)
        assert (parameter.annotation, parameter.default) == EXPECTED[parameter.name]


def test_cli_options_and_batch_keys_come_from_the_declaration():
    from reactlib.batch.spec import KEYS
    from reactlib.cli import build_parser
    from reactlib.report.parameters import REPORT_PARAMETERS

    commands = build_parser()._subparsers._group_actions[0].choices  # the subcommands' parsers
    for command in ("report", "figures"):
        options = {o: action for action in commands[command]._actions for o in action.option_strings}
        for parameter in REPORT_PARAMETERS:
            cli, batch = CLI_AND_BATCH[parameter.name]
            assert (cli in options and batch in KEYS) or (command == "figures" and cli == "--settings")
            if parameter.cli:
                assert options[cli].help == parameter.help, (command, cli)
        assert options["--scope"].required and options["--period"].required and options["--min-cell"].type is int
    assert KEYS == {batch for _, batch in CLI_AND_BATCH.values()} | {"formats", "notebook", "parameters", "trends"}


def test_a_notebook_must_declare_every_report_parameter():
    from reactlib.report.parameters import check_report_notebook

    cell = 'scope: str = "x"  # s\nperiod: str = "2023"  # p\n'  # no data, column_map, … min_cell
    with pytest.raises(ParameterError) as caught:
        check_report_notebook(parse_parameters_cell(cell), "mine.ipynb")
    message = str(caught.value)
    assert message.startswith("mine.ipynb: its parameters cell does not declare the report's parameters")
    assert "min_cell: not declared" in message and "data: not declared" in message
    assert "scope:" not in message


@pytest.mark.parametrize("value", [1, -3])
def test_min_cell_has_one_rule_and_one_message_everywhere(tmp_path, capsys, value):
    """The CLI, a batch file and the notebook's check say the same words for the same threshold."""
    from reactlib.batch.spec import load_batch
    from reactlib.count.suppression import protect_documents

    words = f"min_cell: must be 0 (off) or at least 2, not {value}"
    assert main(["figures", "--scope", "all", "--period", "2023", "--min-cell", str(value)]) == 1
    assert words in capsys.readouterr().err
    batch = tmp_path / "batch.yaml"
    batch.write_text(f"scopes: [all]\nperiods: ['2023']\nmin_cell: {value}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_batch(batch)
    assert f"batch.yaml: {words}" in str(caught.value)
    with pytest.raises(ParameterError) as refused:
        check_parameters({"min_cell": value}, read_parameters(NOTEBOOK))
    assert words in str(refused.value)
    with pytest.raises(ValueError, match="at least 2"):
        protect_documents([], value)  # refused before any figures are looked at


def test_output_formats_are_listed_once():
    from reactlib.batch import spec
    from reactlib.render import request

    assert request.FORMATS == ("html", "pdf")
    assert not hasattr(spec, "FORMATS") or spec.FORMATS is request.FORMATS


def test_a_text_parameter_takes_the_value_as_written_the_others_as_yaml_12():
    from reactlib.report.parameters import parameter_value

    declared = parse_parameters_cell(
        'note: str = ""  # n\ncount: int = 1  # c\nflag: bool = False  # f\nmaybe: "Optional[str]" = None  # m'
    )
    assert parameter_value("2023", declared["note"]) == "2023"
    assert parameter_value("NO", declared["note"]) == "NO"
    assert parameter_value("12", declared["count"]) == 12
    assert parameter_value("012", declared["count"]) == "012"  # YAML 1.2: not the number 12
    assert parameter_value("NO", declared["flag"]) == "NO"  # YAML 1.2: not false
    assert parameter_value("true", declared["flag"]) is True
    assert parameter_value("x", declared["maybe"]) == "x"


def test_planning_a_report_parses_no_period(monkeypatch, sample_cases):
    """The request carries the period the CLI or the batch file parsed: planning parses none again."""
    from reactlib.count.periods import parse_period
    from reactlib.render.pipeline import plan
    from reactlib.render.request import ReportRequest
    from reactlib.report.settings import ReportSettings

    period = parse_period("2023-H1")

    def refuse(text: str):
        raise AssertionError(f"parsed {text!r} again")

    for module in (
        "reactlib.count.periods",
        "reactlib.count.figures",
        "reactlib.render.pipeline",
        "reactlib.render.kinds",
    ):
        monkeypatch.setattr(f"{module}.parse_period", refuse, raising=False)
    report = plan(ReportRequest("tajikistan", period), sample_cases, ReportSettings())
    assert report.title == "Tajikistan. 2023 | Half year: January–June"
    assert (report.parameters["scope"], report.parameters["period"]) == ("Tajikistan", "2023-H1")


def _notebook_with_cell(path: Path, source: str, kernel: bool) -> Path:
    notebook = nbformat.v4.new_notebook()
    if kernel:
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    notebook.cells = [cell]
    nbformat.write(notebook, str(path))
    return path


def test_papermill_reads_the_cell_and_the_project_checks_and_completes_it(tmp_path):
    """Help as papermill reads it; a required name (papermill skips it) and ``X | None`` kept from the check."""
    source = "note: str  # required\nlevel: int = 2  # how loud\nmaybe: str | None = None  # perhaps\n"
    declared = read_parameters(_notebook_with_cell(tmp_path / "a.ipynb", source, kernel=True))
    assert list(declared) == ["note", "level", "maybe"]
    assert (declared["level"].annotation, declared["level"].default, declared["level"].help) == ("int", 2, "how loud")
    assert declared["note"].required and not declared["level"].required
    assert declared["maybe"].annotation == "str | None"
    with pytest.raises(ParameterError, match="note: a value is required"):
        check_parameters({"level": 3}, declared)
    # A notebook that names no kernel (the render runs python3 anyway) is read by the check alone.
    plain = read_parameters(_notebook_with_cell(tmp_path / "b.ipynb", source, kernel=False))
    assert {name: (p.annotation, p.default) for name, p in plain.items()} == {
        name: (p.annotation, p.default) for name, p in declared.items()
    }
    with pytest.raises(ParameterError, match="line 1"):
        read_parameters(_notebook_with_cell(tmp_path / "c.ipynb", "import os\n", kernel=True))
