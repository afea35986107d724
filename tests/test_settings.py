"""Settings YAML: YAML 1.1's traps are closed, object tags refused, errors name the line."""

from __future__ import annotations

import pytest

from reactlib.batch.spec import load_batch
from reactlib.cli import main
from reactlib.load.settings_file import SettingsError, load_yaml


def test_norway_and_leading_zeros_stay_text(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "scope: NO\ncode: 001\nanswer: yes\nflag: true\nmin_cell: 5\nperiod: 2023-01-01\n", encoding="utf-8"
    )
    assert load_yaml(path) == {
        "scope": "NO",
        "code": "001",
        "answer": "yes",
        "flag": True,
        "min_cell": 5,
        "period": "2023-01-01",
    }


def test_object_tags_are_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="line 1"):
        load_yaml(path)


def test_broken_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("a: 1\nb: [unclosed\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"s\.yaml, line \d"):
        load_yaml(path)


# --- Hostile files: bounded work, bounded messages ----------------------------------------------


def alias_bomb(levels: int, first_key: str = "a") -> str:
    """YAML whose last anchor stands for 9**levels strings ("billion laughs")."""
    lines = [f'{first_key}: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_the_line_where_it_grows_too_large(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(9), encoding="utf-8")

    with pytest.raises(SettingsError) as caught:
        load_yaml(path)

    # A list counts itself and its items: l0 holds 1 + 9 = 10 values, l1 1 + 9 * 10 = 91, l2 820,
    # l3 (line 4) 7381, under 10 000; l4 (line 5) 1 + 9 * 7381 = 66430, over.
    message = str(caught.value)
    assert message.startswith(f"{path}, line 5: ") and "aliases expand this value to 66430 values" in message
    assert len(message) < 300


def test_alias_bomb_in_a_batch_file_gives_a_short_message(tmp_path, capsys):
    path = tmp_path / "batch.yaml"
    path.write_text(alias_bomb(9, first_key="min_cell"), encoding="utf-8")

    code = main(["batch", str(path), "--out", str(tmp_path / "out")])

    err = capsys.readouterr().err
    assert code == 1 and "batch.yaml, line 5" in err and "Traceback" not in err
    assert len(err) < 400 and not (tmp_path / "out").exists()


def test_few_aliases_are_still_read(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "note: &n Same text\ncountries:\n  A: {notes: {sw: *n}}\n  B: {notes: {sw: *n}}\n", encoding="utf-8"
    )
    assert load_yaml(path)["countries"] == {"A": {"notes": {"sw": "Same text"}}, "B": {"notes": {"sw": "Same text"}}}


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("scopes: &x [all, *x]\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"s\.yaml, line 1: .*alias \*x refers to a value that contains it"):
        load_yaml(path)


def test_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("scopes: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"s\.yaml, line 1: .*nest more than 50 deep"):
        load_yaml(path)


def test_a_repeated_key_is_refused_with_both_lines(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("contact: first\nscopes: [all]\ncontact: second\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"s\.yaml, line 3: .*key 'contact' appears twice .*first on line 1"):
        load_yaml(path)


def test_a_repeated_key_is_refused_in_a_nested_mapping_too(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("countries:\n  Tajikistan:\n    notes: {sw: a}\n  Tajikistan: {}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"line 4: .*'Tajikistan' appears twice"):
        load_yaml(path)


def test_a_merge_key_overridden_is_not_a_repetition(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("base: &b {contact: x, notes: {}}\nA: &a {<<: *b, contact: y}\nB: {<<: *a}\n", encoding="utf-8")
    document = load_yaml(path)
    assert document["A"] == {"contact": "y", "notes": {}} and document["B"] == {"contact": "y", "notes": {}}


def test_a_long_file_without_aliases_is_read(tmp_path):
    path = tmp_path / "map.yaml"
    # 6000 keys and 6000 values: more than 10 000 values, all written out.
    path.write_text("".join(f"Header {i}: case_id\n" for i in range(6000)), encoding="utf-8")
    assert len(load_yaml(path)) == 6000


def test_a_large_value_is_quoted_short(tmp_path, capsys):
    path = tmp_path / "batch.yaml"
    items = ", ".join(f'"item number {i}"' for i in range(5000))
    path.write_text(f"scopes: [all]\nperiods: [2023]\nmin_cell: [{items}]\ncontact: [{items}]\n", encoding="utf-8")

    code = main(["batch", str(path), "--out", str(tmp_path / "out")])

    err = capsys.readouterr().err
    assert code == 1 and "min_cell" in err and "Traceback" not in err
    assert len(err) < 1000 and "item number 4999" not in err


def test_many_problems_are_listed_up_to_a_bound(tmp_path):
    path = tmp_path / "batch.yaml"
    path.write_text("periods: [2023]\n" + "".join(f"unknown{i}: 1\n" for i in range(100)), encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_batch(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == 21 and lines[-1].startswith("… and ")
