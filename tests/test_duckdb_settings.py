"""DuckDB's memory cap: one env variable for dbt's and dlt's connections."""

from __future__ import annotations

from pathlib import Path

import dlt
import duckdb
import pytest
import yaml

from ingestion import pipelines, settings


def _dev_settings() -> dict[str, object]:
    profiles = yaml.safe_load((settings.PROJECT_DIR / "profiles.yml").read_text())
    return profiles["revenue_attribution"]["outputs"]["dev"]["settings"]


def test_profiles_and_loader_share_the_env_variable_and_default() -> None:
    dbt_settings = _dev_settings()
    expected = (
        f"{{{{ env_var('{settings.MEMORY_LIMIT_ENV}', "
        f"'{settings.DEFAULT_MEMORY_LIMIT}') }}}}"
    )
    assert dbt_settings["memory_limit"] == expected
    loader = settings.duckdb_settings()
    assert dbt_settings["preserve_insertion_order"] is False
    assert loader["preserve_insertion_order"] is False


def test_the_default_is_a_value_duckdb_accepts() -> None:
    with duckdb.connect() as connection:
        connection.execute(f"set memory_limit = '{settings.DEFAULT_MEMORY_LIMIT}'")


def test_dlt_connection_takes_the_env_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(settings.MEMORY_LIMIT_ENV, "1GiB")
    pipeline = dlt.pipeline(
        pipeline_name="memory_cap",
        destination=dlt.destinations.duckdb(
            pipelines._credentials(tmp_path / "w.duckdb")
        ),
        dataset_name="raw_memory_cap",
        pipelines_dir=str(tmp_path / "dlt"),
    )
    with pipeline.sql_client() as client:
        rows = client.execute_sql(
            "select current_setting('memory_limit'), "
            "current_setting('preserve_insertion_order')"
        )
    assert rows == [("1.0 GiB", False)]
