"""The bundled sample: where it lives, and how it is made.

`generate_sample` builds ``reactlib/data/sample_cases.csv``: six countries, every half year of
2022-2024, from the random generator, with a Tajikistan 2023-H1 slice calibrated so that the
contract's counting rules reproduce every number of the published seed factsheet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from reactlib.sample.calibration import (
    _SEED,
    _check_seed_slice,
    _seed_slice,
)
from reactlib.sample.generator import (
    _day_number,
    _draw_generic_cases,
    _finalise,
)
from reactlib.sample.plausibility import (
    _CASES_PER_CLIENT,
    COUNTRIES,
    LABELLED_COUNTRIES,
    SAMPLE_FIRST_DAY,
    _CountryProfile,
    _profiles,
)

# --------------------------------------------------------------------------------------------
# The bundled sample.
# --------------------------------------------------------------------------------------------

_SAMPLE_YEARS = (2022, 2023, 2024)
_SAMPLE_BLOCK_LIMITS = (120, 400)  # cases per country and half year
_SAMPLE_VOLUME_NOISE = 0.1


def _half_years() -> list[tuple[int, int]]:
    """First and last day numbers of every half year of the sample."""
    return [
        (_day_number(f"{year}-{first}"), _day_number(f"{year}-{last}"))
        for year in _SAMPLE_YEARS
        for first, last in (("01-01", "06-30"), ("07-01", "12-31"))
    ]


def _sample_block_sizes(rng: np.random.Generator, profile: _CountryProfile) -> np.ndarray:
    """Cases per half year of one country: its volume, its growth and some noise."""
    n_blocks = 2 * len(_SAMPLE_YEARS)
    trend = 1 + profile.growth_per_half_year * (np.arange(n_blocks) - (n_blocks - 1) / 2)
    noise = rng.uniform(1 - _SAMPLE_VOLUME_NOISE, 1 + _SAMPLE_VOLUME_NOISE, n_blocks)
    sizes = np.rint(profile.cases_per_half_year * trend * noise)
    return np.clip(sizes, *_SAMPLE_BLOCK_LIMITS).astype(np.int64)


def _sample_generic_draft(rng: np.random.Generator, profiles: Sequence[_CountryProfile]) -> pd.DataFrame:
    """Every sample case except the seed slice, with clients spanning half years."""
    seed_block = (
        COUNTRIES.index(_SEED.country),
        _half_years().index((_day_number(_SEED.first_day), _day_number(_SEED.last_day))),
    )
    client_country, case_client, case_day = [], [], []
    n_clients_so_far = 0
    for country, profile in enumerate(profiles):
        sizes = _sample_block_sizes(rng, profile)
        block_days = [
            rng.integers(first, last + 1, size)
            for block, ((first, last), size) in enumerate(zip(_half_years(), sizes, strict=True))
            if (country, block) != seed_block
        ]
        n_cases = sum(len(block) for block in block_days)
        n_clients = math.ceil(n_cases / _CASES_PER_CLIENT)
        repeats = rng.integers(0, n_clients, n_cases - n_clients)
        client_of_case = np.concatenate([np.arange(n_clients), repeats])
        client_country.append(np.full(n_clients, country))
        case_client.append(n_clients_so_far + rng.permutation(client_of_case))
        case_day.append(np.concatenate(block_days))
        n_clients_so_far += n_clients
    countries = np.concatenate(client_country)
    cases = np.concatenate(case_client)
    days = np.concatenate(case_day)
    order = np.lexsort((days, countries[cases]))
    return _draw_generic_cases(
        rng,
        profiles,
        np.array([country in LABELLED_COUNTRIES for country in COUNTRIES]),
        countries,
        cases[order],
        days[order],
        reference_day=_day_number(SAMPLE_FIRST_DAY),
    )


def generate_sample(seed: int = 2023) -> pd.DataFrame:
    """Generate the bundled sample of REAct cases.

    Six countries (:data:`COUNTRIES`), every half year of 2022-2024 with roughly 120-400 cases
    per country and half year. The Tajikistan cases of 2023-01-01..2023-06-30 reproduce every
    number of the published factsheet "Tajikistan. 2023 | Half year" under the contract's
    counting rules; this is checked on every call and raises ``RuntimeError`` if broken.

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``; the bundled CSV is ``generate_sample(2023)``.
        Any seed reproduces the seed factsheet; only the arrangement of cases changes.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, every value a string (``""`` when not recorded), rows sorted
        by country (in :data:`COUNTRIES` order) and date. Moldova's coded columns hold labels.

    Examples
    --------
    >>> sample = generate_sample()
    >>> tajikistan = sample[(sample["country"] == "Tajikistan")
    ...                     & sample["registered_on"].between("2023-01-01", "2023-06-30")]
    >>> len(tajikistan), tajikistan["client_id"].nunique()
    (522, 520)
    """
    generic_rng, slice_rng, id_rng = np.random.default_rng(seed).spawn(3)
    profiles = _profiles(COUNTRIES)
    generic = _sample_generic_draft(generic_rng, profiles)
    seed_slice = _seed_slice(slice_rng, COUNTRIES.index(_SEED.country), int(generic["_client"].max()) + 1)
    draft = pd.concat([generic, seed_slice], ignore_index=True)
    sample = _finalise(draft, profiles, COUNTRIES, id_rng)
    _check_seed_slice(sample)
    return sample


def write_sample(path: str | PathLike[str]) -> Path:
    """Write :func:`generate_sample` to a CSV file, byte-identical on every run.

    Parameters
    ----------
    path
        Target file; parent folders are created.

    Returns
    -------
    pathlib.Path
        The written file (UTF-8 without BOM, comma-separated, ``\\n`` line ends, no index).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_sample(Path(folder) / "sample_cases.csv")
    ...     written.read_text(encoding="utf-8").splitlines()[0].startswith("case_id,client_id")
    True
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    generate_sample().to_csv(target, index=False, encoding="utf-8", lineterminator="\n")
    return target
