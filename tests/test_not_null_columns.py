"""The grouped not-null test (`tests/dbt/generic/not_null_columns.sql`).

It replaces dbt's `not_null` on 313 columns with one node per model, so it
must catch what those tests caught. Its SQL, as dbt compiled it for
`stg_web__events` in the demo build, runs here on a copy of that table in
which nulls are planted by hand:

* rows 1 and 2 of the copy get a null `event_type`, row 3 a null `channel`
  and a null `event_type` as well: expected failures `event_type` 3 rows,
  `channel` 1 row, nothing else;
* the unchanged copy: no failing row (the build passed).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import Warehouse

pytestmark = pytest.mark.slow


def _compiled_test(target: Path) -> str:
    """The compiled SQL of stg_web__events' not_null_columns test."""
    manifest = json.loads((target / "manifest.json").read_text())
    (node,) = (
        node
        for node in manifest["nodes"].values()
        if (node.get("test_metadata") or {}).get("name") == "not_null_columns"
        and node["attached_node"] == "model.revenue_attribution.stg_web__events"
    )
    assert {"event_type", "channel"} <= set(node["test_metadata"]["kwargs"]["column_names"])
    return node["compiled_code"]


def _run_on_copy(warehouse: Warehouse, planted: str | None) -> list[tuple]:
    """The compiled test on a copy of stg_web__events (same qualified name)."""
    sql = _compiled_test(warehouse.target)
    database = warehouse.db_path.stem
    with duckdb.connect() as connection:
        connection.execute(f"attach '{warehouse.db_path}' as source (read_only)")
        connection.execute(f"attach ':memory:' as \"{database}\"")
        connection.execute(f'create schema "{database}".staging')
        connection.execute(
            f'create table "{database}".staging.stg_web__events as '
            "select row_number() over (order by event_id) as n, * "
            "from source.staging.stg_web__events"
        )
        if planted:
            connection.execute(
                f'update "{database}".staging.stg_web__events set {planted}'
            )
        return sorted(connection.execute(sql).fetchall())


def test_planted_nulls_are_counted_per_column(demo_warehouse: Warehouse) -> None:
    planted = (
        "event_type = case when n <= 3 then null else event_type end, "
        "channel = case when n = 3 then null else channel end"
    )
    assert _run_on_copy(demo_warehouse, planted) == [
        ("channel", 1),
        ("event_type", 3),
    ]


def test_no_null_no_failure(demo_warehouse: Warehouse) -> None:
    assert demo_warehouse.build_ok
    assert _run_on_copy(demo_warehouse, None) == []
