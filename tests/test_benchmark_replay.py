"""The benchmark's "SQL replayed without dbt" runs what dbt ran.

ingestion.benchmark_replay compares dbt's wall time with the same compiled
SQL run by one DuckDB connection. The comparison is like with like only if
the replay computes what dbt computed: here dbt builds a selection (an
incremental model, a contract-enforced mart, their data tests) on a copy of
the demo warehouse with --full-refresh; the built file is kept as the
expectation, the selected tables are emptied, the replay rebuilds them on a
copy, and every replayed relation must hold dbt's rows (doubles to 9
decimals: a sum of doubles may move in its last bit with row order). dbt's
own tables are the expectation, not the replay's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion.benchmark_replay import replay
from tests.conftest import dbt

pytestmark = pytest.mark.slow

SELECTED = ["stg_web__events", "int_web_sessions", "fct_invoices", "rpt_weekly_cmo_cfo"]


def _rows(connection: duckdb.DuckDBPyConnection, catalog: str, relation: str) -> list:
    schema, name = relation.replace('"', "").split(".")[-2:]
    columns = connection.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? "
        "order by ordinal_position",
        [catalog, schema, name],
    ).fetchall()
    select = ", ".join(
        f'round("{c}", 9)' if t in ("DOUBLE", "FLOAT") else f'"{c}"'
        for c, t in columns
    )
    return sorted(
        connection.execute(
            f'select {select} from "{catalog}"."{schema}"."{name}"'
        ).fetchall(),
        key=repr,
    )


def test_replay_computes_what_dbt_built(demo_warehouse, tmp_path: Path) -> None:
    db_path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_warehouse.db_path, db_path)
    target = tmp_path / "target"
    assert dbt(db_path, target, "build", "--full-refresh", "--exclude-resource-type",
               "unit_test", "--select", *SELECTED)
    results = json.loads((target / "run_results.json").read_text())["results"]
    models = [r for r in results if r["unique_id"].startswith("model.")]
    tests = [r for r in results if r["unique_id"].startswith("test.")]
    assert len(models) == len(SELECTED) and tests

    expected = tmp_path / "built.duckdb"
    shutil.copyfile(db_path, expected)
    with duckdb.connect(str(db_path)) as connection:
        for model in models:
            connection.execute(f"delete from {model['relation_name']}")

    figures = replay(db_path, target, tmp_path, keep_copy=True)

    assert figures["statements"] == len(models) + len(tests)
    copy = tmp_path / "replay" / db_path.name
    with duckdb.connect() as connection:
        connection.execute(f"attach '{expected}' as built (read_only)")
        connection.execute(f"attach '{copy}' as replayed (read_only)")
        for model in models:
            relation = model["relation_name"]
            built = _rows(connection, "built", relation)
            assert built, relation
            assert _rows(connection, "replayed", relation) == built, relation
