"""The report notebook, shipped in the package as ``reactlib.notebooks`` (see pyproject.toml).

This file only makes the folder a package, so that `importlib.resources` finds the notebook both
in a clone (an editable install) and in an installed wheel.
"""
