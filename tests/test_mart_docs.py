"""Marts are what BI reads: each has an enforced contract and full docs.

Fast checks read the YAML under ``models/marts`` (no dbt, no warehouse):
every mart model has a YAML entry with ``contract: {enforced: true}``, a
description, and every column a non-empty ``description`` and
``data_type``; every mart is read by an exposure, and every exposure links
to its dashboard page. The slow check compares the documented columns and
types with the relations of the demo warehouse.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from tests.conftest import Warehouse

MARTS = Path(__file__).parent.parent / "models" / "marts"
DASHBOARD_URL = "http://localhost:8501/"


def _mart_models() -> dict[str, dict]:
    """Every model documented in a YAML file under models/marts, by name."""
    models: dict[str, dict] = {}
    for path in sorted(MARTS.rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            assert model["name"] not in models, f"{model['name']} documented twice"
            models[model["name"]] = model
    return models


def _exposures() -> list[dict]:
    return yaml.safe_load((MARTS / "exposures.yml").read_text())["exposures"]


MART_SQL = sorted(path.stem for path in MARTS.rglob("*.sql"))
MODELS = _mart_models()


def test_every_mart_has_a_yaml_entry() -> None:
    assert len(MART_SQL) >= 25
    assert sorted(MODELS) == MART_SQL


ENFORCED_ON_DUCKDB = "{{ target.type == 'duckdb' }}"


@pytest.mark.parametrize("name", MART_SQL)
def test_mart_has_an_enforced_contract_and_full_column_docs(name: str) -> None:
    model = MODELS[name]
    assert (model.get("description") or "").strip(), f"{name}: no description"
    contract = (model.get("config") or {}).get("contract") or {}
    # enforced on DuckDB; dbt-spark would compare Spark's own decimal
    # precisions with the declared types (README "Running on Spark")
    assert contract.get("enforced") == ENFORCED_ON_DUCKDB, (
        f"{name}: contract not enforced"
    )
    columns = model.get("columns") or []
    assert columns, f"{name}: no columns"
    names = [column["name"] for column in columns]
    assert len(names) == len(set(names)), f"{name}: a column is listed twice"
    undocumented = [
        column["name"]
        for column in columns
        if not str(column.get("description") or "").strip()
    ]
    untyped = [
        column["name"]
        for column in columns
        if not str(column.get("data_type") or "").strip()
    ]
    assert not undocumented, f"{name}: columns without description {undocumented}"
    assert not untyped, f"{name}: columns without data_type {untyped}"


def test_every_mart_is_read_by_an_exposure() -> None:
    read = {
        reference.removeprefix("ref('").removesuffix("')")
        for exposure in _exposures()
        for reference in exposure["depends_on"]
    }
    assert read <= set(MART_SQL), f"exposures read unknown marts {read - set(MART_SQL)}"
    assert set(MART_SQL) - read == set(), "marts no exposure reads"


def test_every_exposure_links_to_its_dashboard_page() -> None:
    """One dashboard page per exposure (the default page is the root url;
    tests/test_dashboard.py checks the pages themselves)."""
    urls = []
    for exposure in _exposures():
        url = exposure.get("url") or ""
        assert url.startswith(DASHBOARD_URL), f"{exposure['name']}: url {url!r}"
        urls.append(url)
    assert len(set(urls)) == len(urls), "two exposures share a page"


@pytest.mark.slow
def test_documented_columns_and_types_are_the_built_ones(
    demo_warehouse: Warehouse,
) -> None:
    """Same column names and DuckDB types as the built relations.

    dbt already refuses to build a contracted model whose SQL disagrees with
    its YAML; this guards the other direction (the YAML and the warehouse a
    BI tool opens) and documents the check in one place.
    """
    mismatches = []
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as connection:
        for name in MART_SQL:
            built = dict(
                connection.execute(
                    """
                    select column_name, data_type
                    from information_schema.columns
                    where table_schema = 'marts' and table_name = ?
                    """,
                    [name],
                ).fetchall()
            )
            documented = {}
            for column in MODELS[name]["columns"]:
                # let DuckDB spell the declared type the way it reports it
                documented[column["name"]] = connection.execute(
                    f"select typeof(cast(null as {column['data_type']}))"
                ).fetchone()[0]
            if built != documented:
                mismatches.append(
                    (
                        name,
                        {
                            key: (documented.get(key), built.get(key))
                            for key in set(built) | set(documented)
                            if documented.get(key) != built.get(key)
                        },
                    )
                )
    assert not mismatches, f"(documented, built) per mart: {mismatches}"
