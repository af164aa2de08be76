"""Shared fixtures: a demo warehouse built once per test session."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingestion import jobs
from ingestion.pipelines import load_all

# Scale of the demo company used by the end-to-end tests (1 = README default).
TEST_SCALE = float(os.environ.get("ATTRIBUTION_TEST_SCALE", "1"))
FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Warehouse:
    """A loaded and built warehouse."""

    db_path: Path
    exports: Path
    target: Path
    build_ok: bool


def dbt(warehouse_db: Path, target: Path, *args: str) -> bool:
    """Run dbt on a test warehouse with its own target folder."""
    return jobs.run_dbt(
        warehouse_db,
        [*args, "--target-path", str(target), "--log-path", str(target / "logs")],
    )


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """Demo company generated, loaded with dlt and built with dbt (all tests)."""
    from ingestion.demo import generate

    root = tmp_path_factory.mktemp("demo")
    generate(root / "demo", seed=42, scale=TEST_SCALE)
    exports = root / "demo" / "exports"
    db_path = root / "warehouse.duckdb"
    load_all(exports, db_path)
    target = root / "target"
    ok = dbt(db_path, target, "build")
    return Warehouse(db_path, exports, target, ok)
