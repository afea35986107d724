"""The report's parameters: declared once here, read from a notebook's cell, checked before a kernel starts.

`REPORT_PARAMETERS` is the one declaration of the country report's parameters (names, types,
defaults, help). The CLI options of `reactlib report` and `reactlib figures` and the batch file's
keys are derived from it (each parameter says how it is given there, see `ReportParameter`), and
a notebook's ``parameters`` cell is checked against it (`check_report_notebook`; a test checks
``notebooks/country_report.ipynb``). In a notebook's cell each line is
``name: type = literal  # help`` (which is also what ``papermill --help-notebook`` shows). A
parameter that may be None is annotated ``"Optional[str]"``: quoted, so that the cell runs without
importing `typing`, and without ``|``, which papermill's help cannot read. Values
from the command line or a settings file are checked against those annotations here, so a typo or
a value YAML 1.1 mangled (``NO`` read as false, ``001`` as 1) stops the run with a message that
names the parameter, instead of a traceback from deep inside an executed notebook.

Examples
--------
>>> declared = parse_parameters_cell('scope: str = "Tajikistan"  # a country, or "all"')
>>> declared["scope"].annotation, declared["scope"].default
('str', 'Tajikistan')
>>> check_parameters({"scope": False}, declared)
Traceback (most recent call last):
...
reactlib.errors.ParameterError: invalid report parameters:
  scope: got false (a yes/no value) but it must be text; YAML 1.1 reads NO, no, off and n as false, so quote the value, e.g. 'NO'
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import stat
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reactlib.contract.categories import REPORT_GROUPS
from reactlib.count.min_cell import min_cell_problem
from reactlib.errors import ParameterError, describe_os_error
from reactlib.language import LANGUAGES

PARAMETERS_TAG = "parameters"
_NO_DEFAULT = object()


@dataclass(frozen=True)
class ReportParameter:
    """One parameter of the country report, and how each way of running a report gives it.

    ``cli`` is the option of `reactlib report`/`figures` that sets it, or what does instead
    (``--settings``, for the texts); ``batch`` is the batch file's key, which may be a list
    (``scopes``) or a section (``countries``) rather than the value itself.
    """

    name: str
    annotation: str  # as the notebook's cell writes it
    default: Any
    help: str
    cli: str  # the option, e.g. "--min-cell"; "" when given otherwise (see `cli_note`)
    batch: str  # the batch file's key that gives it
    required_on_cli: bool = False
    cli_note: str = ""  # how the CLI gives a parameter that has no option of its own
    #: A file: given as a path (relative to a batch file there), run with its full path and
    #: published with its name only.
    is_path: bool = False

    @property
    def cli_type(self) -> type:
        """The type of the CLI option's value (`argparse`'s ``type``)."""
        if self.is_path:
            return Path
        return int if self.annotation == "int" else str


#: The country report's parameters, in the order of the notebook's cell.
REPORT_PARAMETERS: tuple[ReportParameter, ...] = (
    ReportParameter(
        "data", "str", "", "case file (CSV, XLSX or Parquet); empty for the bundled sample",
        cli="--data", batch="data", is_path=True,
    ),
    ReportParameter(
        "column_map", "str", "", "YAML file mapping the file's headers to contract columns; empty for none",
        cli="--column-map", batch="column_map", is_path=True,
    ),
    ReportParameter(
        "encoding", "str", "", "encoding of a CSV file that is not UTF-8, e.g. cp1251; empty for UTF-8",
        cli="--encoding", batch="encoding",
    ),
    ReportParameter(
        "sheet", "str", "", "sheet of an XLSX file to read; empty for the sheet whose header names the contract's columns",
        cli="--sheet", batch="sheet",
    ),
    ReportParameter(
        "header_row", "int", 0, "row of the header, from 1; 0 for the row below any title rows that names the columns",
        cli="--header-row", batch="header_row",
    ),
    ReportParameter(
        "date_format", "str", "", "how the dates are written, e.g. DD.MM.YYYY or MM/DD/YYYY; empty for the format they fit",
        cli="--date-format", batch="date_format",
    ),
    ReportParameter(
        "scope", "str", "Tajikistan", 'a country as written in the data, or "all" for all countries',
        cli="--scope", batch="scopes", required_on_cli=True,
    ),
    ReportParameter(
        "period", "str", "2023-H1", "2023, 2023-H1, 2023-Q2, 2023-05 or 2023-01-01..2023-05-31",
        cli="--period", batch="periods", required_on_cli=True,
    ),
    ReportParameter(
        "min_cell", "int", 0, "suppress counts below min_cell and those that would reveal them (5 when on); 0 for off",
        cli="--min-cell", batch="min_cell",
    ),
    ReportParameter(
        "language", "str", "en", "language of the report: en, ru or uk",
        cli="--language", batch="languages",
    ),
    ReportParameter(
        "contact", "Optional[str]", None,
        "contact line shown first and last; None for reactlib's default for the scope, \"\" for none",
        cli="", batch="contact", cli_note="--settings",
    ),
    ReportParameter(
        "group_notes", "Optional[dict]", None,
        "notes by report group (plhiv, pwid, sw, msm_trans); None for reactlib's default for the scope, {} for none",
        cli="", batch="countries", cli_note="--settings",
    ),
)  # fmt: skip

#: The report's parameters by name.
REPORT_PARAMETER_NAMES: tuple[str, ...] = tuple(p.name for p in REPORT_PARAMETERS)


def check_report_notebook(declared: Mapping[str, NotebookParameter], notebook: Path | str) -> None:
    """Raise `ParameterError` unless ``declared`` holds every report parameter, typed as declared.

    A notebook may declare more parameters (given with ``-p`` or a batch's ``parameters:``);
    their defaults and help are the notebook's own.
    """
    problems = []
    for parameter in REPORT_PARAMETERS:
        found = declared.get(parameter.name)
        if found is None:
            problems.append(f"{parameter.name}: not declared (write `{parameter.name}: {parameter.annotation} = ...`)")
        elif _without_optional(found.annotation) != _without_optional(parameter.annotation):
            problems.append(f"{parameter.name}: declared as {found.annotation!r}, must be {parameter.annotation!r}")
    if problems:
        raise ParameterError(
            f"{notebook}: its parameters cell does not declare the report's parameters:\n  " + "\n  ".join(problems)
        )


@dataclass(frozen=True)
class NotebookParameter:
    """One parameter as the notebook declares it."""

    name: str
    annotation: str  # the annotation's source text, e.g. "str" or "dict[str, str]"
    default: Any  # `_NO_DEFAULT` when the cell gives no value
    help: str

    @property
    def required(self) -> bool:
        """Whether a value must be given (the cell declares the name without a value)."""
        return self.default is _NO_DEFAULT


# Reading the declaration --------------------------------------------------------------------------


def read_parameters(notebook_path: Path) -> dict[str, NotebookParameter]:
    """The parameters declared by the notebook's cell tagged ``parameters``, as papermill reads them.

    papermill's `inspect_notebook` reads each declaration's type and help (what ``papermill
    --help-notebook`` shows); on top of it, the cell is checked here (`parse_parameters_cell`:
    ``name: type = literal`` lines only, each default a literal), which also keeps what papermill
    leaves out: a name declared without a value (required), and every declaration of a notebook
    that does not name its kernel (papermill needs the kernel to choose its reader; a render
    runs ``python3`` whatever the notebook names).
    """
    notebook = read_notebook(notebook_path)
    cells = [cell for cell in notebook.cells if PARAMETERS_TAG in cell.metadata.get("tags", [])]
    if len(cells) != 1:
        raise ParameterError(f"{notebook_path}: needs exactly one cell tagged {PARAMETERS_TAG!r}, found {len(cells)}")
    checked = parse_parameters_cell(cells[0].source)
    if not notebook.metadata.get("kernelspec", {}).get("name"):
        return checked
    import papermill  # here: the CLI builds its options from this module, and starts fast

    read = papermill.inspect_notebook(str(notebook_path))
    return {
        name: replace(parameter, annotation=read[name]["inferred_type_name"], help=read[name]["help"])
        if name in read
        else parameter
        for name, parameter in checked.items()
    }


#: The largest file read as a notebook: a report notebook is kilobytes, one saved with its
#: outputs a few megabytes; a larger file is refused before it is read.
MAX_NOTEBOOK_BYTES = 50_000_000


def read_notebook(path: Path) -> Any:
    """The Jupyter notebook at ``path`` (an ``nbformat`` v4 notebook node).

    A file that is not a notebook (``/etc/passwd``, a case file) is refused saying what it is
    instead, never quoting it: its bytes may be anyone's data.

    Raises
    ------
    ParameterError
        When ``path`` cannot be read, is not a regular file, is larger than
        `MAX_NOTEBOOK_BYTES`, or is not a notebook's JSON.
    """
    import json

    import nbformat  # here: the CLI builds its options from this module, and starts fast

    def refused(what: str) -> ParameterError:
        return ParameterError(f"{path}: is not a Jupyter notebook ({what}); give an .ipynb file")

    file = Path(path)
    try:
        status = file.stat()
        if not stat.S_ISREG(status.st_mode):  # a folder, or a device such as /dev/zero that never ends
            raise refused("not a regular file")
        if status.st_size > MAX_NOTEBOOK_BYTES:
            raise refused(f"{status.st_size:,} bytes, more than the {MAX_NOTEBOOK_BYTES:,} a notebook may have")
        data = file.read_bytes()
    except OSError as error:
        raise ParameterError(f"cannot read the notebook: {describe_os_error(error)}") from None
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise refused("not UTF-8 text") from None
    except ValueError:
        raise refused("not JSON") from None
    if not isinstance(document, dict) or "cells" not in document:
        raise refused("JSON without a notebook's cells")
    try:
        return nbformat.reads(json.dumps(document), as_version=4)
    except (ValueError, TypeError, KeyError, AttributeError, nbformat.ValidationError):
        raise refused("JSON that does not follow the notebook format") from None


def parse_parameters_cell(source: str) -> dict[str, NotebookParameter]:
    """Check a parameters cell: ``name: type = literal  # help`` lines; anything else in it is an error.

    The declarations it finds have no help: papermill reads that (`read_parameters`).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise ParameterError(f"the parameters cell is not valid Python (line {error.lineno})") from None
    declared: dict[str, NotebookParameter] = {}
    for statement in tree.body:
        if not (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)):
            raise ParameterError(f"parameters cell, line {statement.lineno}: write `name: type = literal`")
        declared[statement.target.id] = NotebookParameter(
            name=statement.target.id,
            annotation=_annotation_text(statement.annotation),
            default=_literal(statement),
            help="",
        )
    return declared


def _annotation_text(annotation: ast.expr) -> str:
    """The annotation's source; a quoted one (``"Optional[str]"``) without its quotes."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.strip()
    return ast.unparse(annotation)


def _literal(statement: ast.AnnAssign) -> Any:
    if statement.value is None:
        return _NO_DEFAULT
    try:
        return ast.literal_eval(statement.value)
    except ValueError:
        name = ast.unparse(statement.target)
        raise ParameterError(f"parameter {name!r}: its default must be a literal value") from None


def check_extra_parameters(extra: Mapping[str, Any], declared: Mapping[str, NotebookParameter]) -> None:
    """Check ``extra``, the parameters given for a notebook beyond the report's own, against ``declared``.

    Raises
    ------
    ParameterError
        When ``extra`` names a report parameter or one the notebook does not declare, or gives
        a value of the wrong type. Made before any data is read or kernel started.
    """
    own = [
        f"{p.name}: a report parameter, given with {p.cli or p.cli_note} (in a batch file: {p.batch}), "
        "not as an extra parameter"
        for p in REPORT_PARAMETERS
        if p.name in extra
    ]
    if own:
        raise ParameterError("invalid report parameters:\n  " + "\n  ".join(own))
    check_parameters(dict(extra), {n: p for n, p in declared.items() if n not in REPORT_PARAMETER_NAMES})


def parameter_value(text: str, declared: NotebookParameter | None) -> Any:
    """A value given as text (``-p NAME VALUE``) for a parameter declared as ``declared``.

    Text parameters take the text as it is; the others read it as a YAML 1.2 scalar with the
    rules of settings files (`reactlib.load.settings_file`): ``5`` a number, ``true`` a yes/no,
    ``NO`` the text "NO". The value is checked against the annotation afterwards, with the rest.
    """
    if declared is None or _without_optional(declared.annotation)[1] == "str":
        return text
    import yaml

    from reactlib.load.settings_file import SettingsLoader

    try:
        value = yaml.load(text, Loader=SettingsLoader)
    except yaml.YAMLError:
        return text  # the type check names the parameter and what it must be
    return text if isinstance(value, (dict, list)) else value


# Checking values ------------------------------------------------------------------------------


def check_parameters(values: Mapping[str, Any], declared: Mapping[str, NotebookParameter]) -> dict[str, Any]:
    """Check ``values`` against the declared parameters; return them as a plain dict.

    Raises
    ------
    ParameterError
        Naming every unknown parameter, every required or ``None`` value, and every value whose
        type does not match its annotation (with a hint when YAML 1.1 probably changed it).
    """
    problems = [_unknown(name, declared) for name in values if name not in declared]
    problems += [
        f"{name}: a value is required ({declared[name].help or declared[name].annotation})"
        for name in declared
        if declared[name].required and name not in values
    ]
    for name, value in values.items():
        if name in declared:
            problem = type_problem(value, declared[name].annotation)
            if problem:
                problems.append(f"{name}: {problem}")
    problems += report_value_problems(values)
    if problems:
        raise ParameterError("invalid report parameters:\n  " + "\n  ".join(problems))
    return dict(values)


def _unknown(name: str, declared: Mapping[str, NotebookParameter]) -> str:
    close = difflib.get_close_matches(name, list(declared), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{name}: unknown parameter; {hint}known: {', '.join(declared)}"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"{value!r} (a number)"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.isoformat()} (a date)"
    if isinstance(value, str):
        return f"{value!r} (text)"
    return f"a {type(value).__name__}"


def _yaml_hint(value: Any) -> str:
    """How YAML 1.1 may have produced a non-text value where text was meant."""
    if isinstance(value, bool):
        return "; YAML 1.1 reads NO, no, off and n as false, so quote the value, e.g. 'NO'"
    if isinstance(value, (int, float)):
        return "; YAML reads 001 as 1 and 2023 as a number, so quote the value, e.g. '001'"
    if isinstance(value, (dt.date, dt.datetime)):
        return "; YAML reads 2023-01-01 as a date, so quote the value"
    return ""


def type_problem(value: Any, annotation: str) -> str | None:
    """What is wrong with ``value`` for a parameter annotated ``annotation``; None when fine."""
    optional, annotation = _without_optional(annotation)
    if value is None:
        return None if optional else "has no value (an empty setting?)"
    base, _, inner = annotation.partition("[")
    checks = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "dict": lambda v: isinstance(v, dict),
        "list": lambda v: isinstance(v, list),
    }
    if base not in checks:
        return f"the notebook declares an unsupported type {annotation!r}"
    if not checks[base](value):
        hint = _yaml_hint(value) if base == "str" else ""
        return f"got {_describe(value)} but it must be {_TYPE_WORDS[base]}{hint}"
    if base == "dict" and inner:
        return _dict_items_problem(value, inner.rstrip("]"))
    return None


def _without_optional(annotation: str) -> tuple[bool, str]:
    """Whether ``annotation`` allows None (``Optional[X]``, ``X | None``), and its ``X``."""
    annotation = annotation.strip()
    if annotation.startswith("Optional[") and annotation.endswith("]"):
        return True, annotation.removeprefix("Optional[").removesuffix("]").strip()
    left, bar, right = annotation.rpartition("|")
    if bar and right.strip() == "None" and "[" not in right:
        return True, left.strip()
    if bar and left.strip() == "None" and "]" not in left:
        return True, right.strip()
    return False, annotation


_TYPE_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "dict": "a mapping",
    "list": "a list",
}


def _dict_items_problem(value: dict, inner: str) -> str | None:
    key_type, _, value_type = (part.strip() for part in inner.partition(","))
    for key, item in value.items():
        problem = type_problem(key, key_type) or type_problem(item, value_type)
        if problem:
            return f"entry {key!r}: {problem}"
    return None


def report_value_problems(values: Mapping[str, Any]) -> list[str]:
    """Checks of the country report's own parameters beyond their types."""
    problems = []
    header_row = values.get("header_row")
    if isinstance(header_row, int) and not isinstance(header_row, bool) and header_row < 0:
        problems.append(f"header_row: counts from 1 (0 for the row the file's header is found in), not {header_row}")
    date_format = values.get("date_format")
    if isinstance(date_format, str) and date_format.strip():
        from reactlib.load.dates import date_format_problem  # only when one is given: it imports pandas

        if problem := date_format_problem(date_format):
            problems.append(f"date_format: {problem}")
    min_cell = values.get("min_cell")
    if isinstance(min_cell, int) and not isinstance(min_cell, bool) and (problem := min_cell_problem(min_cell)):
        problems.append(f"min_cell: {problem}")
    language = values.get("language")
    if isinstance(language, str) and language not in LANGUAGES:
        problems.append(f"language: {language!r} is not one of {', '.join(LANGUAGES)}")
    notes = values.get("group_notes")
    if isinstance(notes, dict):
        for code, note in notes.items():
            if code not in REPORT_GROUPS.codes:
                problems.append(f"group_notes: {code!r} is not a report group; known: {', '.join(REPORT_GROUPS.codes)}")
            elif not isinstance(note, str):
                problems.append(f"group_notes: {code}: got {_describe(note)} but it must be text{_yaml_hint(note)}")
    return problems
