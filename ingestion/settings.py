"""Paths and environment variables shared by the CLI, dlt and dbt."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = Path("warehouse/attribution.duckdb")
DEFAULT_EXPORTS_DIR = Path("data/exports")
DEMO_DIR = Path("data/demo")

DB_PATH_ENV = "ATTRIBUTION_DUCKDB_PATH"
PUBLISHED_DB_PATH_ENV = "ATTRIBUTION_PUBLISHED_PATH"
EXPORTS_DIR_ENV = "ATTRIBUTION_EXPORTS_DIR"


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
