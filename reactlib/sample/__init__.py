"""Synthetic case data: the bundled sample and large random tables for tests and benchmarks.

Owns `sample_cases.csv` (where it lives, `location`, and how it was made, `bundled`) and the generator of
random case tables (`generator`) from shared plausibility tables (`plausibility`), with a slice
calibrated to the published factsheet (`calibration`). No report depends on it except for the
default data file.

It may import `reactlib.contract` and `reactlib.errors` only.
"""
