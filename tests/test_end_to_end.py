"""End to end: the demo company through dlt and every dbt test."""

from __future__ import annotations

import json

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
    with duckdb.connect(str(demo_warehouse.db_path)) as connection:
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


def _spearman(left: list[str], right: list[str]) -> float:
    """Spearman rank correlation of two orderings of the same items."""
    common = [item for item in left if item in right]
    n = len(common)
    if n < 2:
        return 0.0
    rank_left = {item: i for i, item in enumerate(x for x in left if x in common)}
    rank_right = {item: i for i, item in enumerate(x for x in right if x in common)}
    d2 = sum((rank_left[i] - rank_right[i]) ** 2 for i in common)
    return 1 - 6 * d2 / (n * (n * n - 1))


# Tolerance of the ground-truth check: the data-driven ranking of the planted
# channels must correlate with the planted (counterfactual) ranking with a
# Spearman coefficient of at least this, and agree on the top channel.
MIN_SPEARMAN = 0.7


@pytest.mark.xfail(
    strict=True,
    reason="known gap (issue 3 open): first-order Markov and count-based "
    "Shapley rank high-volume channels (organic search, direct) above the "
    "planted high-effect ones; strict xfail flags the day they pass",
)
@pytest.mark.parametrize(
    "relation", ["int_channel_markov_removal_effects", "int_channel_shapley_values"]
)
def test_data_driven_models_recover_planted_channel_order(
    demo_warehouse: Warehouse, relation: str
) -> None:
    truth = json.loads(
        (demo_warehouse.exports.parent / "ground_truth.json").read_text()
    )
    planted = [c for c in truth["expected_channel_rank"]]
    with duckdb.connect(str(demo_warehouse.db_path)) as connection:
        ranked = [
            row[0]
            for row in connection.execute(
                f"select channel from intermediate.{relation} "
                "where conversion_type = 'opportunity_created' "
                "order by channel_weight desc, channel"
            ).fetchall()
        ]
    ranked = [c for c in ranked if c in planted]
    planted = [c for c in planted if c in ranked]
    assert ranked[0] == planted[0], (ranked, planted)
    assert _spearman(planted, ranked) >= MIN_SPEARMAN, (ranked, planted)
