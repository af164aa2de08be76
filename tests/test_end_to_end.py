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


def test_warehouse_totals_match_the_generator_reference(
    demo_warehouse: Warehouse,
) -> None:
    """Spend, costs and invoiced revenue equal what the generator wrote.

    The generator records its own totals (ground_truth.json,
    reference_totals) from the documents it produced: issued invoices (not
    drafts or cancelled ones) and credit notes per currency, ad spend per
    platform, monthly marketing and sales costs.
    """
    truth = json.loads(
        (demo_warehouse.exports.parent / "ground_truth.json").read_text()
    )["reference_totals"]
    with duckdb.connect(str(demo_warehouse.db_path)) as connection:
        revenue = dict(
            connection.execute(
                """
                select currency || ':' || invoice_kind,
                    sum(abs(revenue_eur / fx_rate_to_eur))
                from intermediate.int_invoices_converted_to_eur
                group by 1
                """
            ).fetchall()
        )
        spend = dict(
            connection.execute(
                """
                select cost_source, sum(amount_eur)
                from intermediate.int_costs_daily
                where cost_source != 'monthly_costs'
                group by 1
                """
            ).fetchall()
        )
        costs = dict(
            connection.execute(
                """
                select cost_type, sum(amount_eur)
                from intermediate.int_costs_daily
                where cost_source = 'monthly_costs'
                group by 1
                """
            ).fetchall()
        )
    for currency, totals in truth["invoicing"]["totals_by_currency"].items():
        assert float(revenue.get(f"{currency}:invoice", 0)) == pytest.approx(
            totals["invoiced_excl_vat_cents"] / 100, abs=0.01
        ), currency
        assert float(revenue.get(f"{currency}:credit_note", 0)) == pytest.approx(
            totals["credited_excl_vat_cents"] / 100, abs=0.01
        ), currency
    for platform, amount in truth["ad_spend_eur_by_platform"].items():
        assert float(spend[platform]) == pytest.approx(amount, abs=0.01), platform
    assert float(costs["marketing"]) == pytest.approx(
        truth["marketing_costs_eur"], abs=0.01
    )
    assert float(costs["sales"]) == pytest.approx(truth["sales_costs_eur"], abs=0.01)


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


# Tolerance of the ground-truth check. The generator plants a per-touch
# effect per channel and records the opportunities each channel created on
# its own (`incremental_opportunities_by_channel`, ranked in
# `expected_channel_rank`). The model must rank the *major* planted channels
# (at least MAJOR_SHARE of the incremental opportunities each: at scale 1
# paid search, events, partners, LinkedIn) exactly in the planted order and
# above every other channel, and the whole planted ranking with a Spearman
# coefficient of at least MIN_SPEARMAN. The minor channels (1 to 10
# incremental opportunities at scale 1, effects of 0.1 to 1 % per touch) are
# within sampling noise of each other, hence the looser rank correlation.
MAJOR_SHARE = 0.05
MIN_SPEARMAN = 0.7


def _planted_and_ranked(
    warehouse: Warehouse, relation: str
) -> tuple[list[str], list[str], list[str]]:
    truth = json.loads((warehouse.exports.parent / "ground_truth.json").read_text())
    planted = list(truth["expected_channel_rank"])
    incremental = truth["incremental_opportunities_by_channel"]
    total = sum(incremental.values())
    major = [c for c in planted if incremental[c] >= MAJOR_SHARE * total]
    with duckdb.connect(str(warehouse.db_path)) as connection:
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
    return planted, ranked, major


def test_shapley_ranks_channels_in_planted_order(
    demo_warehouse: Warehouse,
) -> None:
    planted, ranked, major = _planted_and_ranked(
        demo_warehouse, "int_channel_shapley_values"
    )
    assert len(major) >= 3, major
    assert ranked[: len(major)] == major, (ranked, planted)
    assert _spearman(planted, ranked) >= MIN_SPEARMAN, (ranked, planted)


@pytest.mark.xfail(
    strict=True,
    reason="known limit of first-order Markov removal effects, kept as the "
    "classic heuristic: a channel on most journeys (organic search, direct) "
    "has a large removal effect whatever its causal effect, so it outranks "
    "rare decisive channels (the generator's reference Markov fit shows the "
    "same); strict xfail flags the day it passes",
)
def test_markov_ranks_channels_in_planted_order(
    demo_warehouse: Warehouse,
) -> None:
    planted, ranked, major = _planted_and_ranked(
        demo_warehouse, "int_channel_markov_removal_effects"
    )
    assert ranked[: len(major)] == major, (ranked, planted)
    assert _spearman(planted, ranked) >= MIN_SPEARMAN, (ranked, planted)
