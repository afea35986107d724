"""Case files whose category cells hold Russian or Ukrainian labels (data contract §2, issue 14 item 4).

The translated files are made from the bundled sample by replacing every code with its label
as a report in the language prints it (`reactlib.language.category_labels.label_in`), in mixed case with blanks around; each must load to
the very table the codes give. The hand-written cases spell their labels out, as a documenter
would type them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest
from conftest import case
from hypothesis import given, settings
from hypothesis import strategies as st

from reactlib import InvalidDataError, load_cases, sample_data_path
from reactlib.contract.categories import COLUMN_VOCABULARIES, GENDER, Vocabulary
from reactlib.language.category_labels import label_in


def spelled_like_a_person(label: str, rng: random.Random) -> str:
    """``label`` in one of the cases and with the blanks around it that hand-typed cells have."""
    cased = rng.choice([label, label.upper(), label.lower()])
    return rng.choice(["", " ", "  "]) + cased + rng.choice(["", " ", "\t"])


def translated_sample(tmp_path: Path, language: str) -> Path:
    """The bundled sample with every category cell's codes or English labels replaced by labels in ``language``."""
    rng = random.Random(14)
    raw = pd.read_csv(sample_data_path(), dtype=str, keep_default_na=False)
    for column, vocabulary in COLUMN_VOCABULARIES.items():

        def relabel(cell: str, vocabulary: Vocabulary = vocabulary) -> str:
            # The sample writes a code or an English label: the contract's own list says which code.
            codes = [vocabulary.lookup()[part.strip().lower()] for part in cell.split(";") if part.strip()]
            return "; ".join(spelled_like_a_person(label_in(vocabulary, code, language), rng) for code in codes)

        raw[column] = raw[column].map(relabel)
    path = tmp_path / f"cases_{language}.csv"
    raw.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def coded_sample() -> pd.DataFrame:
    return load_cases(sample_data_path())


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_a_file_of_labels_in_any_language_loads_to_the_table_of_codes(tmp_path, coded_sample, language):
    path = translated_sample(tmp_path, language)
    if language != "en":  # the file really is in the language: no English label is left in it
        text = path.read_text(encoding="utf-8")
        assert "People living with HIV" not in text and "Female" not in text
    loaded = load_cases(path)
    assert len(loaded) == len(pd.read_csv(sample_data_path(), dtype=str))  # no row is lost
    pd.testing.assert_frame_equal(loaded, coded_sample)


def test_hand_typed_russian_and_ukrainian_labels_give_their_codes(write_cases):
    rows = [
        case(1, gender="  женщина ", key_populations="Люди, живущие с ВИЧ", report_group="ЛЮДИ, ЖИВУЩИЕ С ВИЧ"),
        case(2, gender="Жінка", key_populations="люди, які живуть з ВІЛ", report_group=" Люди, які живуть з ВІЛ"),
        case(3, gender="Мужчина"),
        case(4, gender="female"),
    ]
    cases = load_cases(write_cases(rows))
    assert list(cases["gender"]) == ["female", "female", "male", "female"]
    assert list(cases["report_group"]) == ["plhiv"] * 4
    assert list(cases["key_populations:plhiv"]) == [True] * 4


def unknown_label_problem(path: Path):
    with pytest.raises(InvalidDataError) as caught:
        load_cases(path)
    (problem,) = caught.value.problems
    return problem


def test_an_unknown_russian_label_gets_the_closest_russian_label(write_cases):
    rows = [case(1, gender="Мужчина"), case(2, gender="Женшина"), case(3, gender="Женщина")]
    problem = unknown_label_problem(write_cases(rows))
    assert (problem.row, problem.column, problem.value) == (3, "gender", "Женшина")
    assert "did you mean 'Женщина'?" in problem.message


def test_an_unknown_ukrainian_label_gets_the_closest_ukrainian_label(write_cases):
    rows = [case(1, gender="Чоловік"), case(2, gender="Жінкa")]  # a Latin "a" typed at the end
    problem = unknown_label_problem(write_cases(rows))
    assert (problem.row, problem.column, problem.value) == (3, "gender", "Жінкa")
    assert "did you mean 'Жінка'?" in problem.message


def test_a_coded_file_with_one_misspelled_ukrainian_cell_is_told_by_its_letters(write_cases):
    # No other cell is a label in any language: the unknown cell's own letters say Ukrainian.
    problem = unknown_label_problem(write_cases([case(1), case(2, gender="жінкі")]))
    assert "did you mean 'Жінка'?" in problem.message


def test_an_english_file_still_suggests_a_code(write_cases):
    problem = unknown_label_problem(write_cases([case(1, gender="Female"), case(2, gender="femal")]))
    assert "did you mean 'female'?" in problem.message


def test_an_unknown_part_of_a_russian_multi_valued_cell_is_named_with_its_suggestion(write_cases):
    extortion = label_in(COLUMN_VOCABULARIES["violations"], "extortion", "ru")
    misspelled = extortion[:-1]  # the last letter lost
    rows = [case(1, violations=extortion), case(2, violations=f"{extortion}; {misspelled}")]
    problem = unknown_label_problem(write_cases(rows))
    assert (problem.row, problem.column) == (3, "violations")
    assert f"did you mean {extortion!r}?" in problem.message


@settings(max_examples=60, deadline=None)
@given(
    column=st.sampled_from(sorted(COLUMN_VOCABULARIES)),
    language=st.sampled_from(["ru", "uk"]),
    pick=st.integers(min_value=0),
    case_style=st.sampled_from([str, str.upper, str.lower, str.title]),
    before=st.sampled_from(["", " ", "  "]),
    after=st.sampled_from(["", " ", "\t"]),
)
def test_every_translated_label_in_any_case_means_its_code(column, language, pick, case_style, before, after):
    from reactlib.load.category_cells import FileLabels, spelling_key

    vocabulary = COLUMN_VOCABULARIES[column]
    code = vocabulary.codes[pick % len(vocabulary.codes)]
    typed = before + case_style(label_in(vocabulary, code, language)) + after
    assert FileLabels.lookup(vocabulary)[spelling_key(typed)] == code


def test_the_languages_spell_the_same_gender_differently():
    # The premise of the tests above: a Russian file is not an English one in disguise.
    assert {label_in(GENDER, "female", language) for language in ("en", "ru", "uk")} == {"Female", "Женщина", "Жінка"}
