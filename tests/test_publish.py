"""The published copy of the marts opens in a DuckDB 1.x client.

BI tools bundle DuckDB 1.x drivers, which refuse the warehouse's DuckDB 2.0
storage. ``attribution publish`` (run after every successful build) writes
the marts to a separate file in 1.0 storage. This test opens that copy with
a real DuckDB 1.x client, installed from the package registry into a
separate virtual environment (two DuckDB versions cannot share one), and
compares every table's row count and numeric column sums with what the
DuckDB 2.0 warehouse holds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import duckdb
import pytest

from ingestion.publish import publish
from tests.conftest import Warehouse

pytestmark = pytest.mark.slow

DUCKDB_1X = "duckdb>=1.1,<2"
CLIENT = Path(sys.prefix) / "duckdb1-client"

# Run by the DuckDB 1.x interpreter: every published table's row count and
# the sum of each numeric column, as JSON.
PROFILE_SCRIPT = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
out = {"version": duckdb.__version__, "tables": {}}
tables = con.execute(
    "select table_schema, table_name from information_schema.tables "
    "where table_schema = 'marts' order by 1, 2").fetchall()
for schema, name in tables:
    numeric = [c for c, t in con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ?", [schema, name]).fetchall()
        if t.startswith(("DECIMAL", "DOUBLE", "BIGINT", "INTEGER", "HUGEINT"))]
    sums = ", ".join(f'cast(sum("{c}") as double)' for c in numeric)
    row = con.execute(
        f'select count(*){", " + sums if sums else ""} from {schema}."{name}"'
    ).fetchone()
    out["tables"][name] = {"rows": row[0], "sums": dict(zip(numeric, row[1:]))}
print(json.dumps(out))
"""


def _duckdb_1x_python() -> Path:
    """A virtual environment holding a DuckDB 1.x client (created once)."""
    python = CLIENT / "bin" / "python"
    if not python.exists():
        venv.create(CLIENT, with_pip=True)
    probe = subprocess.run(
        [str(python), "-c", "import duckdb; print(duckdb.__version__)"],
        capture_output=True, text=True,
    )
    if probe.returncode != 0 or not probe.stdout.startswith("1."):
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", DUCKDB_1X],
            check=True,
        )
    return python


@pytest.fixture(scope="module")
def published(demo_warehouse: Warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "attribution.duckdb"
    result = publish(demo_warehouse.db_path, out)
    assert result.path == out.resolve() and result.tables > 0
    return out


def test_a_duckdb_1x_client_reads_every_mart_as_built(
    demo_warehouse: Warehouse, published: Path
) -> None:
    run = subprocess.run(
        [str(_duckdb_1x_python()), "-c", PROFILE_SCRIPT, str(published)],
        capture_output=True, text=True, check=True,
    )
    seen = json.loads(run.stdout)
    assert seen["version"].startswith("1.")
    with duckdb.connect(str(demo_warehouse.db_path)) as warehouse:
        marts = [
            name for (name,) in warehouse.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        assert sorted(seen["tables"]) == marts
        for name, profile in seen["tables"].items():
            assert warehouse.execute(
                f'select count(*) from marts."{name}"'
            ).fetchone()[0] == profile["rows"], name
            for column, total in profile["sums"].items():
                expected = warehouse.execute(
                    f'select cast(sum("{column}") as double) from marts."{name}"'
                ).fetchone()[0]
                assert total == pytest.approx(expected, rel=1e-12), (name, column)


def test_a_failed_publish_keeps_the_previous_copy(
    tmp_path: Path, published: Path
) -> None:
    """The copy moves into place in one rename: a failure leaves the old one."""
    before = published.read_bytes()
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(FileNotFoundError, match="run `attribution build` first"):
        publish(empty, published)
    assert published.read_bytes() == before
    assert not list(published.parent.glob(".*.partial"))
