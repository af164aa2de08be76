"""What dbt itself costs: the SQL of a finished build replayed without dbt.

After a `dbt build`, every SQL model's compiled query and every data test's
query (from target/run_results.json) is run again, in the order dbt started
them, on a copy of the built warehouse, by one DuckDB connection in this
process: `create or replace table|view <relation> as (<compiled sql>)` for a
model, `select count(*) from (<test sql>)` for a test. Seeds and Python
models are not SQL: they are left as built, and the time dbt spent on them
is reported beside the replay so that the two walls compare like with like:

    dbt overhead ratio = dbt build wall / (replay wall + seed and Python time)

Hooks, contract checks and dbt's renames are not replayed (they are part of
what dbt costs). Used by ingestion.benchmark_report; numbers are printed,
not asserted.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import duckdb


def _started_at(result: dict) -> str:
    for step in result["timing"]:
        if step["name"] == "execute":
            return step["started_at"]
    return ""


def _replayed_nodes(target: Path) -> tuple[list[tuple[str, str, str]], float]:
    """(kind, relation, sql) in dbt's start order, and seconds not replayed."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    statements: list[tuple[str, str, str]] = []
    not_replayed = 0.0
    for result in sorted(results, key=_started_at):
        node = nodes.get(result["unique_id"])
        if node is None or result["status"] not in ("success", "pass", "warn"):
            continue
        kind = node["resource_type"]
        if kind == "model" and node["language"] == "sql":
            materialized = node["config"]["materialized"]
            relation_kind = "view" if materialized == "view" else "table"
            statements.append(
                (relation_kind, result["relation_name"], result["compiled_code"])
            )
        elif kind == "test":
            statements.append(("test", "", result["compiled_code"]))
        else:
            not_replayed += float(result["execution_time"])
    return statements, not_replayed


def replay(
    db_path: Path, target: Path, work: Path, keep_copy: bool = False
) -> dict[str, float]:
    """Replay the build recorded in `target` on a copy of `db_path`.

    The copy is work/replay/<file name>, deleted unless `keep_copy`.
    """
    statements, not_replayed = _replayed_nodes(target)
    copy = work / "replay" / db_path.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db_path, copy)
    seconds = {"table": 0.0, "view": 0.0, "test": 0.0}
    started = time.perf_counter()
    with duckdb.connect() as connection:
        connection.execute(f"attach '{copy}' as \"{db_path.stem}\"")
        connection.execute(f'use "{db_path.stem}"')
        for kind, relation, sql in statements:
            began = time.perf_counter()
            if kind == "test":
                connection.execute(f"select count(*) from ({sql}) as t").fetchall()
            else:
                connection.execute(f"create or replace {kind} {relation} as ({sql})")
            seconds[kind] += time.perf_counter() - began
    wall = time.perf_counter() - started
    if not keep_copy:
        shutil.rmtree(copy.parent, ignore_errors=True)
    return {
        "replay wall": wall,
        "models": seconds["table"] + seconds["view"],
        "tests": seconds["test"],
        "statements": len(statements),
        "seeds and python": not_replayed,
    }
