"""A min_cell batch remembers its suppression pattern: the next run on the same inputs audits it, not decides it.

Deciding a publication's pattern (protection's linear programs) is most of a min_cell batch's
start, before any report renders; a batch run again on the same data and batch file would decide
the same pattern. The pattern is kept in the output folder with a digest of its inputs
(`reactlib.batch.publication.PatternMemory`), audited again when it is taken, and decided again
whenever the inputs or the audit say so.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import pytest
from helpers.batch_runs import light_notebook
from helpers.notebooks import SHOW_PARAMETERS, write_notebook

from reactlib import sample_data_path
from reactlib.batch import run as batch
from reactlib.batch.incremental import input_digests
from reactlib.batch.publication import PATTERN_FILE, PatternMemory, batch_documents, pattern_key, published_figures
from reactlib.batch.spec import load_batch
from reactlib.count import once, suppression
from reactlib.count.cells import PublishedCells
from reactlib.count.min_cell import SUPPRESSED
from reactlib.load.cases import load_cases

pytestmark = pytest.mark.slow

#: Two reports of the bundled sample, protected together; what they show is not the claim here:
#: a light notebook (`light_notebook`).
BATCH = "scopes: [Georgia, Kazakhstan]\nperiods: [2023-H1]\nformats: [html]\nmin_cell: 5\nnotebook: light.ipynb\n"


def run(root: Path) -> batch.BatchResult:
    """The batch of ``root``/batch.yaml, in-process, into ``root``/out."""
    spec = load_batch(root / "batch.yaml")
    return batch.run_batch(spec, lambda: load_cases(sample_data_path()), root / "out", workers=1)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The batch file and its first render in ``out``: copy it before changing anything."""
    root = tmp_path_factory.mktemp("published")
    (root / "batch.yaml").write_text(BATCH, encoding="utf-8")
    light_notebook(root)
    result = run(root)
    assert {outcome.status for outcome in result.outcomes} == {"rendered"}, result.outcomes
    return root


@pytest.fixture
def copy(published: Path, tmp_path: Path) -> Path:
    shutil.copytree(published, tmp_path / "copy")
    return tmp_path / "copy"


@pytest.fixture
def decided(monkeypatch) -> list[int]:
    """One entry each time a pattern is decided (protection's programs solved), as before."""
    calls: list[int] = []
    protect = suppression.protect

    def counted(values, relations, min_cell):
        calls.append(min_cell)
        return protect(values, relations, min_cell)

    monkeypatch.setattr(suppression, "protect", counted)
    return calls


def kept(root: Path) -> dict:
    return json.loads((root / "out" / PATTERN_FILE).read_text(encoding="utf-8"))


def published_cells(root: Path) -> dict[tuple[str, ...], object]:
    """Every count of the published figures.json files, as a reader finds it (a number or the mark)."""
    cells = PublishedCells()
    for _, document in published_figures([root / "out"]):
        cells.add_document(document)
    return {tuple(key): value for key, value in cells.values.items()}


def hidden_in_published_files(root: Path) -> set[tuple[str, ...]]:
    return {key for key, value in published_cells(root).items() if value == SUPPRESSED}


def test_a_rerun_on_the_same_inputs_takes_the_remembered_pattern_and_publishes_the_same_figures(copy, decided):
    before = {path: path.read_text(encoding="utf-8") for path in (copy / "out").rglob("figures.json")}

    result = run(copy)

    assert decided == []
    assert {outcome.status for outcome in result.outcomes} == {"unchanged"}  # the same published figures
    assert result.audit is not None and result.audit.passed
    assert {path: path.read_text(encoding="utf-8") for path in (copy / "out").rglob("figures.json")} == before


def test_a_rerun_with_its_notebook_edited_renders_again_with_the_remembered_pattern(copy, decided):
    before = {path: path.read_text(encoding="utf-8") for path in (copy / "out").rglob("figures.json")}
    light_notebook(copy, busy_seconds=0.01)  # another notebook: every report renders again

    result = run(copy)

    assert decided == []
    assert {outcome.status for outcome in result.outcomes} == {"rendered"}
    assert {path: path.read_text(encoding="utf-8") for path in (copy / "out").rglob("figures.json")} == before


def test_other_inputs_decide_the_pattern_again_and_remember_it_instead(copy, decided):
    (copy / "batch.yaml").write_text(BATCH.replace("min_cell: 5", "min_cell: 6"), encoding="utf-8")

    result = run(copy)

    assert decided == [6]
    assert {outcome.status for outcome in result.outcomes} == {"rendered"}
    spec = load_batch(copy / "batch.yaml")
    assert kept(copy)["key"] == pattern_key(spec, input_digests(spec))
    assert {tuple(cell) for cell in kept(copy)["suppressed"]} == hidden_in_published_files(copy)


def test_a_remembered_pattern_that_fails_its_audit_is_decided_again(copy, decided):
    # The same inputs, but a pattern that hides nothing (a damaged or edited file): the audit
    # finds the small counts shown, and the pattern is decided as on the first run.
    remembered = kept(copy)
    (copy / "out" / PATTERN_FILE).write_text(json.dumps({**remembered, "suppressed": []}), encoding="utf-8")

    result = run(copy)

    assert decided == [5]
    assert {outcome.status for outcome in result.outcomes} == {"unchanged"}
    assert kept(copy) == remembered


def test_a_pattern_naming_a_zero_count_was_not_decided_for_this_publication_and_is_decided_again(copy, decided):
    # Protection never hides a zero: a kept pattern that does (a damaged or edited file) is not
    # audited as if it were this publication's, which would take the zero for a count of 1 or more.
    remembered = kept(copy)
    zero = next(key for key, value in published_cells(copy).items() if value == 0)
    damaged = {**remembered, "suppressed": [*remembered["suppressed"], list(zero)]}
    (copy / "out" / PATTERN_FILE).write_text(json.dumps(damaged), encoding="utf-8")

    result = run(copy)

    assert decided == [5]
    assert {outcome.status for outcome in result.outcomes} == {"unchanged"}
    assert kept(copy) == remembered


def test_a_batch_with_a_report_not_published_keeps_no_pattern(copy, decided):
    # Kazakhstan's report fails: its hidden counts are in the pattern but in no published file,
    # so the pattern is not kept (the one kept for other inputs goes too).
    write_notebook(copy / "light.ipynb", code=f'assert scope != "Kazakhstan"\n{SHOW_PARAMETERS}')
    (copy / "batch.yaml").write_text(BATCH.replace("min_cell: 5", "min_cell: 6"), encoding="utf-8")

    result = run(copy)

    assert decided == [6]
    assert {outcome.job.scope: outcome.status for outcome in result.outcomes} == {
        "Georgia": "rendered",
        "Kazakhstan": "failed",
    }
    assert not (copy / "out" / PATTERN_FILE).exists()


def test_a_scope_the_data_lacks_fails_alone_and_the_pattern_of_the_rest_is_kept(copy, decided):
    # Atlantis adds no count to the publication: every count of its pattern is shown hidden.
    (copy / "batch.yaml").write_text(BATCH.replace("[Georgia, Kazakhstan]", "[Georgia, Kazakhstan, Atlantis]"))

    first, again = run(copy), run(copy)

    assert decided == [5]  # new inputs (the scopes): decided once, then taken
    assert {outcome.job.scope: outcome.status for outcome in first.outcomes} == {
        "Georgia": "unchanged",
        "Kazakhstan": "unchanged",
        "Atlantis": "failed",
    }
    assert {outcome.job.scope: outcome.status for outcome in again.outcomes}["Atlantis"] == "failed"
    assert {tuple(cell) for cell in kept(copy)["suppressed"]} == hidden_in_published_files(copy)


def test_a_batch_without_min_cell_removes_the_pattern_its_reports_no_longer_hide(copy):
    (copy / "batch.yaml").write_text(BATCH.replace("min_cell: 5", "min_cell: 0"), encoding="utf-8")

    result = run(copy)

    assert {outcome.status for outcome in result.outcomes} == {"rendered"}
    assert hidden_in_published_files(copy) == set()
    assert not (copy / "out" / PATTERN_FILE).exists()


def test_the_figures_counted_once_are_let_go_once_every_report_is_planned(copy, monkeypatch):
    kept_sizes: list[int] = []
    counting_once = once.counting_once

    @contextlib.contextmanager
    def watched(cases):
        with counting_once(cases) as forget:

            def forgetting():
                kept_sizes.append(len(once._COUNTING.get()[1]))
                forget()

            yield forgetting
            kept_sizes.append(len(once._COUNTING.get()[1]))

    monkeypatch.setattr(once, "counting_once", watched)
    light_notebook(copy, busy_seconds=0.01)  # every report is planned and rendered again

    run(copy)

    assert len(kept_sizes) == 2 and kept_sizes[0] > 0 and kept_sizes[1] == 0


def test_a_recalled_pattern_that_passes_its_audit_is_the_publication_s_pattern(published, decided):
    spec = load_batch(published / "batch.yaml")
    cases = load_cases(sample_data_path())
    documents = batch_documents(spec, cases, sorted(cases["country"].unique()))
    remembered = PatternMemory(published / "out", pattern_key(spec, input_digests(spec))).recall()
    assert remembered

    disclosure = suppression.protect_documents(documents, 5, recalled=sorted(remembered))

    assert decided == []
    assert disclosure.suppressed == remembered and isinstance(disclosure.suppressed, frozenset)
    assert disclosure.summary is not None and disclosure.summary.passed


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{",
        "[]",
        '{"key": "KEY"}',
        '{"key": "KEY", "suppressed": [1]}',
        '{"key": "KEY", "suppressed": [["Georgia"]]}',
        '{"key": "another", "suppressed": []}',
    ],
)
def test_a_pattern_file_that_cannot_be_read_or_was_kept_for_other_inputs_gives_no_pattern(tmp_path, damage):
    (tmp_path / PATTERN_FILE).write_text(damage, encoding="utf-8")

    assert PatternMemory(tmp_path, "KEY").recall() is None


def test_no_pattern_file_gives_no_pattern(tmp_path):
    assert PatternMemory(tmp_path / "no-such-folder", "KEY").recall() is None


def test_the_file_holds_only_its_key_and_the_counts_the_published_files_hide(published):
    remembered = kept(published)

    assert set(remembered) == {"key", "suppressed"}
    spec = load_batch(published / "batch.yaml")
    # Its key is a digest of the inputs (whose digests the provenance publishes), never of the counts.
    assert remembered["key"] == pattern_key(spec, input_digests(spec))
    hidden = {tuple(cell) for cell in remembered["suppressed"]}
    assert hidden and hidden == hidden_in_published_files(published)
