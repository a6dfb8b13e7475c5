"""The command line: exit codes, messages on stderr, result files a spreadsheet opens."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from api.cli import app

ROOT = Path(__file__).parents[2]
runner = CliRunner()


def test_run_writes_json_and_csv(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(ROOT / "scenarios/export_clusters.yaml"), "-o", str(tmp_path), "-m", "topsis,vikor"])
    assert result.exit_code == 0, result.output
    assert "Criteria weights" in result.stdout and "Ranking" in result.stdout
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert set(data["rankings"]) == {"topsis", "vikor"}
    ranking = pd.read_csv(tmp_path / "ranking.csv", encoding="utf-8-sig")
    assert sorted(ranking["topsis_rank"]) == list(range(1, 10))
    # the CSV ranks equal the JSON ranks
    assert dict(zip(ranking["project"], ranking["topsis_rank"])) == data["rankings"]["topsis"]["ranks"]


def test_run_russian_scenario_keeps_cyrillic_names(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(ROOT / "scenarios/krasnoyarsk_ru.yaml"), "-o", str(tmp_path), "--xlsx"])
    assert result.exit_code == 0, result.output
    assert "Лесной кластер" in result.stdout
    weights = pd.read_csv(tmp_path / "weights.csv", encoding="utf-8-sig")
    assert "инновационная_новизна" in set(weights["criterion"])
    sheets = pd.read_excel(tmp_path / "results.xlsx", sheet_name=None)
    assert "ranking" in sheets and "лесной" in set(sheets["ranking"]["project"])


def test_invalid_input_exits_2_with_message_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncriteria: [{id: a}]\nprojects: [{id: p, values: {a: oops}}]\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "projects[0].values.a" in result.stderr and "'oops'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists(), "nothing is written for invalid input"


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "cannot read the file" in result.stderr


def test_unknown_method_exits_2_listing_valid_ones() -> None:
    result = runner.invoke(app, ["run", str(ROOT / "scenarios/export_clusters.yaml"), "-m", "electre"])
    assert result.exit_code == 2 and "electre" in result.stderr and "topsis" in result.stderr


@pytest.mark.parametrize("name", ["roadmap_pilots.yaml", "export_clusters.yaml", "krasnoyarsk_ru.yaml"])
def test_validate_accepts_bundled_scenarios(name: str) -> None:
    result = runner.invoke(app, ["validate", str(ROOT / "scenarios" / name)])
    assert result.exit_code == 0 and "valid" in result.stdout


def test_schema_is_json_schema_of_scenarios() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Scenario" and "criteria" in schema["required"]


def test_solver_banner_stays_out_of_the_tables(tmp_path: Path) -> None:
    """HiGHS prints a banner from C++ on its first construction; the CLI output must not carry it."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "api.cli", "run", str(ROOT / "scenarios/krasnoyarsk_ru.yaml"), "-o", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Portfolio of support measures" in proc.stdout
    assert "Running HiGHS" not in proc.stdout + proc.stderr
