"""The dashboard's ratios are the semantic layer's metrics, compiled to SQL.

Worked examples on hand-made rows (not the warehouse): the compiled
expression must give the arithmetic written here.
"""

from __future__ import annotations

import duckdb
import pytest

from dashboard.metrics import MetricError, metric_sql


def _weekly() -> duckdb.DuckDBPyConnection:
    """Two weeks: spend 1 000 + 500, sales costs 2 000 + 0, customers 2 + 1,
    revenue 4 000 + 2 000."""
    connection = duckdb.connect()
    connection.execute(
        "create table weeks as select * from (values "
        "(1000.0, 2000.0, 2, 4000.0), (500.0, 0.0, 1, 2000.0)) "
        "as t(marketing_spend_eur, sales_costs_eur, new_customers, "
        "revenue_invoiced_eur)"
    )
    return connection


def test_cac_is_all_acquisition_costs_over_new_customers() -> None:
    # (1 000 + 500 + 2 000 + 0) / (2 + 1) = 3 500 / 3
    value = _weekly().execute(f"select {metric_sql('cac')} from weeks").fetchone()[0]
    assert value == pytest.approx(3500 / 3, rel=1e-12)


def test_marketing_roi_is_revenue_minus_spend_over_spend() -> None:
    # (6 000 - 1 500) / 1 500 = 3
    value = _weekly().execute(
        f"select {metric_sql('marketing_roi')} from weeks"
    ).fetchone()[0]
    assert value == pytest.approx(3.0, rel=1e-12)


def test_channel_roi_reads_only_the_rows_of_one_model() -> None:
    """Model a: (900 - 300) / 300 = 2; model b: (150 - 300) / 300 = -0.5."""
    connection = duckdb.connect()
    connection.execute(
        "create table months as select * from (values "
        "('a', 300.0, 900.0), ('b', 300.0, 150.0)) "
        "as t(attribution_model, spend_eur, attributed_revenue_eur)"
    )
    values = [
        connection.execute(
            f"select {metric_sql('channel_roi', f'attribution_model = {m!r}')} "
            "from months"
        ).fetchone()[0]
        for m in ("a", "b")
    ]
    assert values == pytest.approx([2.0, -0.5], rel=1e-12)


def test_no_customers_gives_no_cac_rather_than_an_error() -> None:
    connection = _weekly()
    assert connection.execute(
        f"select {metric_sql('cac')} from weeks where new_customers = 0"
    ).fetchone()[0] is None


def test_cumulative_and_unknown_metrics_are_refused() -> None:
    with pytest.raises(MetricError, match="cumulative"):
        metric_sql("cac_13w")
    with pytest.raises(MetricError, match="no metric"):
        metric_sql("cac_per_moon")
