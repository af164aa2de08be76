"""An in-process dbt run leaves the warehouse file free for publish."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingestion import jobs


def test_the_warehouse_can_be_attached_after_an_in_process_dbt_run(
    tmp_path: Path,
) -> None:
    """dbt-duckdb used to keep the file open: ATTACH then raised a conflict."""
    db_path = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(db_path)).close()
    assert jobs.run_dbt(
        db_path,
        [
            "show",
            "--inline",
            "select 1 as x",
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
    )
    with duckdb.connect() as connection:
        connection.execute(f"attach '{db_path}' as warehouse (read_only)")
        assert connection.execute("select 42").fetchone() == (42,)


def test_publish_after_an_in_process_dbt_run(tmp_path: Path) -> None:
    """The warehouse is opened read-only and the copy is still written."""
    from ingestion.publish import publish

    db_path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("create schema marts")
        connection.execute("create table marts.t as select 42 as x")
    assert jobs.run_dbt(
        db_path,
        ["show", "--inline", "select 1 as x", "--target-path",
         str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
    )
    published = publish(db_path, tmp_path / "published" / "copy.duckdb")
    assert (published.tables, published.rows) == (1, 1)
    with duckdb.connect(str(published.path), read_only=True) as connection:
        assert connection.execute("select x from marts.t").fetchall() == [(42,)]
