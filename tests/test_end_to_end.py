"""End to end: the demo company through dlt and every dbt test."""

from __future__ import annotations

import duckdb
import pytest

from ingestion import jobs
from tests.conftest import Warehouse

pytestmark = pytest.mark.slow


def test_dbt_build_with_all_data_and_unit_tests_passes(
    demo_warehouse: Warehouse,
) -> None:
    assert demo_warehouse.build_ok, (
        "dbt build failed on the demo warehouse; see "
        f"{demo_warehouse.target / 'run_results.json'}"
    )


def test_no_staged_event_without_a_channel(demo_warehouse: Warehouse) -> None:
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as connection:
        raw, staged, unclassified = connection.execute(
            """
            select
                (select count(distinct event_id) from raw_web.events),
                (select count(*) from staging.stg_web__events),
                (select count(*) from staging.stg_web__events
                 where channel is null)
            """
        ).fetchone()
    assert staged == raw
    assert unclassified == 0


def test_summary_reports_every_layer(demo_warehouse: Warehouse) -> None:
    text = jobs.summary(demo_warehouse.db_path)
    for schema in ("raw_ads", "raw_crm", "raw_web", "raw_invoicing", "staging"):
        assert schema in text
    assert "ad spend by platform" in text
