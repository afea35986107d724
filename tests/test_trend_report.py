"""`reactlib trend` end to end, its reproducibility, the notebook on its defaults, and trends in a batch."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import spoil_once_planned
from helpers.batch_service import run_in_service  # the claims here are what a command renders and says
from helpers.renders import batch_cli, run_in_process
from helpers.sessions import once_per_session

from reactlib.count.figures import compute_figures
from reactlib.count.suppression import protect_documents

pytestmark = pytest.mark.slow

TREND_FILES = ["figures.json", "report.html", "report.ipynb", "report.pdf"]
#: The trend's two periods, 2023-H1 and 2023-H2, as the first and last days a case may be registered on.
HALVES = [("2023-01-01", "2023-06-30"), ("2023-07-01", "2023-12-31")]


def trend_arguments(data: Path, out: Path) -> list[str]:
    return [
        "trend", "--data", str(data), "--scope", "moldova", "--from", "2023-H1", "--to", "2023-H2",
        "--out", str(out), "--min-cell", "5",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def rendered_trend(tmp_path_factory):
    """The trend, rendered once per session and shared by pytest-xdist's workers: read it, never change it."""
    from reactlib import sample_data_path

    def render(workspace: Path) -> dict:
        shutil.copy(sample_data_path(), workspace / "cases.csv")
        result = run_in_service(*trend_arguments(workspace / "cases.csv", workspace / "out"))
        return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}

    workspace, result = once_per_session(tmp_path_factory, "trend-moldova", render)
    folder = workspace / "out" / "moldova" / "trend-2023-H1_to_2023-H2"
    return workspace / "cases.csv", folder, subprocess.CompletedProcess(args=[], **result)


def test_trend_renders_its_files_and_figures_json_holds_each_periods_figures(rendered_trend, sample_cases):
    _, folder, result = rendered_trend
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{folder}: report.html, report.pdf, report.ipynb, figures.json"
    assert sorted(path.name for path in folder.iterdir()) == sorted(TREND_FILES)
    document = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    assert (document["scope"], document["from"], document["to"]) == ("Moldova", "2023-H1", "2023-H2")
    # The trend alone is a publication: its periods share one suppression pattern.
    unsuppressed = [
        compute_figures(sample_cases, "Moldova", p, compare=False).to_dict() for p in ("2023-H1", "2023-H2")
    ]
    disclosure = protect_documents([{"series": unsuppressed}], 5)
    assert document["disclosure_control"]["exposed_counts"] == 0
    for period, figures in zip(["2023-H1", "2023-H2"], document["series"], strict=True):
        single = compute_figures(sample_cases, "Moldova", period, 5, compare=False, disclosure=disclosure)
        expected = json.loads(single.to_json())
        expected.pop("data_quality"), expected.pop("disclosure_control")  # a trend prints neither per period
        assert figures == expected
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "Moldova. Trend by half year, 2023-H1 to 2023-H2" in page
    for heading in ("Headline figures", "Key populations", "Sex worker", "Reaction status", "Provenance"):
        assert f">{heading}<" in page
    # Seven charts, each in panels of at most six lines: a panel per six categories shown (a
    # count above zero, or hidden, in some period), counted here from figures.json.
    charts = [[figures["charts"]["key_populations"]["items"] for figures in document["series"]],
              [figures["charts"]["reaction_status"]["items"] for figures in document["series"]]]  # fmt: skip
    charts += [[figures["groups"][group]["perpetrators"]["items"] for figures in document["series"]]
               for group in ("plhiv", "pwid", "sw", "msm_trans")]  # fmt: skip
    shown = [
        {item["code"] for items in chart for item in items if isinstance(item["count"], str) or item["count"] > 0}
        for chart in charts
    ]
    panels = 1 + sum(-(-len(codes) // 6) for codes in shown)  # and one for the three headline counts
    assert page.count('<div class="small-multiples">') == 7
    assert page.count('<img src="data:image/svg+xml;base64,') == panels
    assert 'alt="Headline figures: the number of Clients, Cases, Qualified as human rights violations, ' in page
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")


@dataclass(frozen=True)
class TrendAgain:
    """The trend rendered again from a copy of its data, which was spoiled once the trend was planned."""

    data: Path
    folder: Path
    result: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def trend_again(rendered_trend, tmp_path_factory) -> TrendAgain:
    """`rendered_trend` rendered again, in this process, from a copy of its data (the same name and bytes).

    Another process than the first render's, its own kernel and browser. Once the trend is
    planned, the copy is overwritten with bytes no loader can read, its size and modification
    time kept (`spoil_once_planned`): a kernel that read the file again would fail. Two claims
    read this one render: the same inputs give the same bytes, and the kernel reads no data.
    """
    from reactlib.render import pipeline

    root = tmp_path_factory.mktemp("again")
    data = root / "data" / rendered_trend[0].name
    data.parent.mkdir()
    shutil.copy(rendered_trend[0], data)
    with pytest.MonkeyPatch.context() as patch:
        spoil_once_planned(patch, pipeline, "plan", data)
        result = run_in_process(*trend_arguments(data, root / "out"))
    return TrendAgain(data, root / "out" / "moldova" / "trend-2023-H1_to_2023-H2", result)


def test_a_trend_rendered_again_is_byte_identical(rendered_trend, trend_again):
    # Rendered again from a copy whose bytes were spoiled once planned (`trend_again`): a render
    # that read the data file after planning would fail here too; the test below says why.
    _, folder, _ = rendered_trend
    assert trend_again.result.returncode == 0, trend_again.result.stderr
    for name in TREND_FILES:
        assert (trend_again.folder / name).read_bytes() == (folder / name).read_bytes(), name


def test_a_bad_trend_is_refused_before_anything_is_written(rendered_trend, tmp_path):
    data = rendered_trend[0]
    for extra, words in (
        (("--from", "2024-H1", "--to", "2023-H1"), "--to '2023-H1' comes before --from '2024-H1'"),
        (("--from", "2021-H1", "--to", "2023-H1"), "period '2021-H1' (2021-01-01..2021-06-30) has no cases"),
        (("--scope", "Atlantis", "--from", "2023-H1", "--to", "2023-H2"), "scope 'Atlantis' is not in the data"),
    ):
        command = ["trend", "--data", str(data), "--scope", "Moldova", "--out", str(tmp_path / "out"), *extra]
        result = run_in_process(*command)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert words in result.stderr, result.stderr
        assert not (tmp_path / "out").exists()


def test_the_trend_notebook_runs_with_its_defaults_on_the_bundled_sample(tmp_path):
    from reactlib.render.execute import execute_notebook
    from reactlib.render.kinds import TREND

    executed = execute_notebook(TREND.notebook_file(), {}, tmp_path / "trend.ipynb")
    outputs = json.dumps([cell.get("outputs", []) for cell in executed.cells])
    assert "Tajikistan. Trend by half year, 2022-H1 to 2024-H2" in outputs
    assert "Download the figures" not in outputs, "no figures.json beside a notebook run on its own"
    assert "Error" not in {output.get("output_type") for cell in executed.cells for output in cell.get("outputs", [])}


def test_a_batch_renders_its_trends_for_each_scope_and_lists_them(tmp_path):
    from reactlib import sample_data_path

    shutil.copy(sample_data_path(), tmp_path / "cases.csv")
    spec = tmp_path / "batch.yaml"
    spec.write_text(
        "data: cases.csv\nscopes: [Georgia, all]\nperiods: [2023-H1]\nformats: [html]\n"
        "trends: [{from: 2023-H1, to: 2023-H2}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    first = batch_cli(spec, out)
    assert "4 rendered, 0 unchanged, 0 failed" in first.stdout
    for scope in ("georgia", "all"):
        folder = out / scope / "trend-2023-H1_to_2023-H2"
        assert sorted(path.name for path in folder.iterdir()) == [
            ".inputs.sha256",
            "figures.json",
            "report.html",
            "report.ipynb",
        ]
    index = (out / "index.html").read_text(encoding="utf-8")
    trends = index.split("<h2>Trends</h2>")[1]
    assert '<a href="georgia/trend-2023-H1_to_2023-H2/report.html">page<' in trends
    assert '<a href="all/trend-2023-H1_to_2023-H2/figures.json">JSON<' in trends
    # The batch's trend is `reactlib trend`'s, byte for byte.
    single = run_in_process(
        "trend", "--data", str(tmp_path / "cases.csv"), "--scope", "Georgia", "--from", "2023-H1", "--to", "2023-H2",
        "--format", "html", "--out", str(tmp_path / "single"),
    )  # fmt: skip
    assert single.returncode == 0, single.stderr
    for name in ("figures.json", "report.html", "report.ipynb"):
        batch_file = out / "georgia" / "trend-2023-H1_to_2023-H2" / name
        assert (
            batch_file.read_bytes()
            == (tmp_path / "single" / "georgia" / "trend-2023-H1_to_2023-H2" / name).read_bytes()
        )
    again = run_in_service("batch", str(spec), "--out", str(out), "--workers", "1")
    assert "0 rendered, 4 unchanged, 0 failed" in again.stdout


@pytest.mark.slow
def test_the_kernel_takes_the_trend_handed_to_it_and_reads_no_data(rendered_trend, trend_again):
    """As for a report: `trend_again` spoiled its data file once the trend was planned (size and time kept)."""
    import pandas as pd

    assert trend_again.result.returncode == 0, trend_again.result.stderr
    size = rendered_trend[0].stat().st_size
    assert trend_again.data.read_bytes() == b"\xff" * size, "the file was spoiled before the kernel ran"
    document = json.loads((trend_again.folder / "figures.json").read_text("utf-8"))
    # Moldova's cases in each half of 2023, counted with plain pandas from the data as it was.
    cases = pd.read_csv(rendered_trend[0], dtype=str, keep_default_na=False)
    moldova = cases.loc[cases["country"] == "Moldova", "registered_on"]
    expected = [int(moldova.between(start, end).sum()) for start, end in HALVES]
    assert [period["cases"] for period in document["series"]] == expected
