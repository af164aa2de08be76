"""Paths and environment variables shared by the CLI, dlt and dbt."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = Path("warehouse/attribution.duckdb")
DEFAULT_EXPORTS_DIR = Path("data/exports")
DEMO_DIR = Path("data/demo")
# The spark target's catalog and tables (ATTRIBUTION_SPARK_WAREHOUSE_DIR).
DEFAULT_SPARK_DIR = Path("warehouse/spark")

DB_PATH_ENV = "ATTRIBUTION_DUCKDB_PATH"
PUBLISHED_DB_PATH_ENV = "ATTRIBUTION_PUBLISHED_PATH"
EXPORTS_DIR_ENV = "ATTRIBUTION_EXPORTS_DIR"
# DuckDB's memory cap for the build and the load (a size, "6GB", or a share of
# the machine's RAM, "25%"). DuckDB's own default is 80 % of RAM, and it keeps
# buffer pages up to that cap: at 30x the demo the build alone held 9 GB.
# Past the cap DuckDB spills to a temporary folder beside the warehouse file
# (DuckDB's default temp_directory, `<file>.tmp`). profiles.yml has the same
# default.
MEMORY_LIMIT_ENV = "ATTRIBUTION_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "25%"


def db_path() -> Path:
    """The DuckDB file shared by dlt and dbt (env ATTRIBUTION_DUCKDB_PATH)."""
    return Path(os.environ.get(DB_PATH_ENV, str(DEFAULT_DB_PATH)))


def exports_dir() -> Path:
    """The folder of raw exports (env ATTRIBUTION_EXPORTS_DIR)."""
    return Path(os.environ.get(EXPORTS_DIR_ENV, str(DEFAULT_EXPORTS_DIR)))


def published_db_path(warehouse: Path | None = None) -> Path:
    """The read-only copy of the marts for BI tools and the dashboard.

    Env ATTRIBUTION_PUBLISHED_PATH, else ``published/attribution.duckdb`` in the
    warehouse file's folder.
    """
    if os.environ.get(PUBLISHED_DB_PATH_ENV):
        return Path(os.environ[PUBLISHED_DB_PATH_ENV])
    return (warehouse or db_path()).parent / "published" / "attribution.duckdb"


def duckdb_settings() -> dict[str, object]:
    """DuckDB settings of the connections that write the warehouse.

    The memory cap (env ATTRIBUTION_DUCKDB_MEMORY_LIMIT, default a quarter
    of RAM) and no insertion order to preserve (no table's meaning depends
    on the order of its rows), which lets DuckDB stream large inserts.
    """
    return {
        "memory_limit": os.environ.get(MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT),
        "preserve_insertion_order": False,
    }
