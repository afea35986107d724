"""Settings YAML: YAML 1.1's traps are closed, object tags refused, errors name the line."""

from __future__ import annotations

import pytest

from reactlib.load.settings_file import SettingsError, load_yaml


def test_norway_and_leading_zeros_stay_text(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("scope: NO\ncode: 001\nanswer: yes\nflag: true\nmin_cell: 5\nperiod: 2023-01-01\n", encoding="utf-8")
    assert load_yaml(path) == {"scope": "NO", "code": "001", "answer": "yes", "flag": True, "min_cell": 5, "period": "2023-01-01"}


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
