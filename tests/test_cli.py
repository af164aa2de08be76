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


def test_a_busy_warehouse_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another process holds the write lock (a build): summary and build say so."""
    import subprocess
    import sys

    db_path = tmp_path / "busy.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            "import duckdb, sys, time\n"
            f"c = duckdb.connect({str(db_path)!r})\n"
            "c.execute('create schema raw_ads; "
            "create table raw_ads.monthly_costs (x int)')\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        for command in (["summary"], ["build"]):
            assert cli.main([*command, "--db", str(db_path)]) == 3
            error = capsys.readouterr().err.strip()
            assert len(error.splitlines()) == 1, error
            assert f"error: {db_path} is in use by another process (PID " in error
            assert "published copy" in error
    finally:
        holder.kill()


def test_load_from_a_folder_without_any_export_shows_the_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "notes.txt").write_text("not an export\n")
    assert cli.main(
        ["load", "--exports", str(tmp_path / "exports"),
         "--db", str(tmp_path / "w.duckdb")]
    ) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: no recognised export file in {tmp_path}")
    assert "raw_web.events" in error and "web/*.ndjson" in error
    assert "invoicing/invoices*.csv" in error
    assert not (tmp_path / "w.duckdb").exists()


def test_every_cli_option_has_help_text() -> None:
    parser = cli._parser()
    subparsers = next(
        action for action in parser._actions
        if action.__class__.__name__ == "_SubParsersAction"
    )
    for name, sub in [("attribution", parser), *subparsers.choices.items()]:
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{name} {action.option_strings} has no help"


def test_plain_dbt_build_before_any_load_says_to_load_first(tmp_path: Path) -> None:
    """`dbt build` itself (not the CLI) stops at on-run-start with one message."""
    import os
    import subprocess
    import sys

    from ingestion import settings

    db_path = tmp_path / "fresh.duckdb"
    env = {**os.environ, settings.DB_PATH_ENV: str(db_path)}
    dbt = Path(sys.executable).parent / "dbt"
    run = subprocess.run(
        [str(dbt), "build", "--project-dir", str(settings.PROJECT_DIR),
         "--profiles-dir", str(settings.PROJECT_DIR),
         "--target-path", str(tmp_path / "target"),
         "--log-path", str(tmp_path / "logs")],
        capture_output=True, text=True, env=env,
    )
    assert run.returncode != 0
    assert f"no raw data in {db_path}: run `attribution load" in run.stdout
    assert " START " not in run.stdout  # no node ran
