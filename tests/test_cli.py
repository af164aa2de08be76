"""The command line for a newcomer: clear errors instead of dbt tracebacks."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingestion import cli


def test_build_before_any_load_says_to_load_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No warehouse file: one line naming `load`, exit code 2, no dbt run."""
    db_path = tmp_path / "nothing.duckdb"
    assert cli.main(["build", "--db", str(db_path)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"error: no raw data in {db_path}")
    assert "attribution load" in error and "attribution demo" in error
    assert len(error.splitlines()) == 1


def test_build_on_a_warehouse_without_raw_tables_says_to_load_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A DuckDB file with only a seed-like table is not loaded yet."""
    db_path = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("create schema seeds; create table seeds.t (x int)")
    assert cli.main(["--db", str(db_path), "build"]) == 2
    assert "no raw data" in capsys.readouterr().err


def test_db_option_is_accepted_after_the_subcommand(tmp_path: Path) -> None:
    before = cli._parser().parse_args(["--db", "a.duckdb", "summary"])
    after = cli._parser().parse_args(["summary", "--db", "b.duckdb"])
    neither = cli._parser().parse_args(["summary"])
    assert before.db == Path("a.duckdb")
    assert after.db == Path("b.duckdb")
    assert neither.db is None


def test_a_loaded_warehouse_passes_the_check(tmp_path: Path) -> None:
    """One raw table (not the internal `_file_log`) is enough to build."""
    from ingestion import jobs

    db_path = tmp_path / "loaded.duckdb"
    with duckdb.connect(str(db_path)) as connection:
        connection.execute(
            "create schema raw_ads; create table raw_ads._file_log (x int)"
        )
    with pytest.raises(jobs.NothingLoadedError):
        jobs.require_loaded_raw(db_path)
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("create table raw_ads.monthly_costs (x int)")
    jobs.require_loaded_raw(db_path)
