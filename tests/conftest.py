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
ROOT = Path(__file__).resolve().parents[1]


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


def duckdb_model_sql(model: Path) -> str:
    """The DuckDB SQL of a dbt SQL model, rendered without dbt.

    sqlfluff's jinja templater with the project's .sqlfluff, as the linter
    renders it: `ref('x')` is `x`, dispatched macros are the `duckdb__` ones
    (tests/sqlfluff_library). Lets a test run a model's own SQL on tables
    named after its refs.
    """
    from sqlfluff.core import FluffConfig
    from sqlfluff.core.templaters import JinjaTemplater

    templated, errors = JinjaTemplater().process(
        in_str=model.read_text(),
        fname=str(model),
        config=FluffConfig.from_path(str(ROOT)),
    )
    assert not errors and templated is not None, errors
    return templated.templated_str


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
