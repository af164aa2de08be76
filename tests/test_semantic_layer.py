"""MetricFlow semantic layer: the configs validate and every metric equals the marts.

Each metric is queried with ``mf query`` (a subprocess, as a user would run
it) and compared with plain SQL on the mart it reads: sums of the mart's
columns, and for ratios the mart's own ratio column where it has one. The
company-wide KPIs are also checked against the other marts that define them
(channel performance for ROAS and CPL, pipeline for the win rate, CAC for
the blended CAC, invoices for revenue), so a disagreement between marts
fails here.

``mf`` reads ``<project>/target/semantic_manifest.json`` and has no
``--target-path`` option: it runs from a temporary project folder that links
to this project's files, with its own ``target``, against a private copy of
the demo warehouse (DuckDB allows one writer process per file).
"""

from __future__ import annotations

import csv
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from ingestion import settings
from tests.conftest import Warehouse

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROJECT_LINKS = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "tests",
    "analyses",
)
REL_TOL = 1e-9
ABS_TOL = 1e-9

WEEKLY_METRICS = {
    # metric: expression on marts.rpt_weekly_cmo_cfo (one row per week)
    "marketing_spend": "marketing_spend_eur",
    "ad_spend": "ad_spend_eur",
    "sales_costs": "sales_costs_eur",
    "leads": "leads",
    "opportunities_created": "opportunities_created",
    "pipeline_created": "pipeline_generated_eur",
    "deals_won": "deals_won",
    "pipeline_won": "pipeline_won_eur",
    "deals_lost": "deals_lost",
    "new_customers": "new_customers",
    "revenue": "revenue_invoiced_eur",
    "margin": "margin_eur",
    "cash_collected": "cash_collected_eur",
    "cac": "cac_eur",
    "marketing_roi": "marketing_roi",
    "cac_13w": "cac_13w_eur",
    "marketing_roi_13w": "marketing_roi_13w",
    # no column in the weekly table: the channel mart's formulas
    "roas": "revenue_invoiced_eur / nullif(marketing_spend_eur, 0)",
    "cost_per_lead": "marketing_spend_eur / nullif(leads, 0)",
    "win_rate": "deals_won / nullif(deals_won + deals_lost, 0)",
}

FUNNEL_STAGES = (
    "visitor",
    "lead",
    "mql",
    "sql",
    "opportunity",
    "won",
    "invoiced",
    "paid",
)
FUNNEL_RATES = {
    f"{earlier}_to_{later}_rate": (earlier, later)
    for earlier, later in [
        *zip(FUNNEL_STAGES, FUNNEL_STAGES[1:], strict=False),
        ("lead", "opportunity"),
    ]
}

QUERIES = {
    # name: (metrics, group by)
    "weekly": (list(WEEKLY_METRICS), ["metric_time__week"]),
    "totals": (
        [
            "marketing_spend",
            "revenue",
            "invoice_revenue",
            "new_customers",
            "pipeline_created",
            "pipeline_won",
            "cac",
            "marketing_roi",
            "roas",
            "cost_per_lead",
            "win_rate",
        ],
        [],
    ),
    "invoices": (
        [
            "invoice_revenue",
            "invoice_margin",
            "invoice_cash_collected",
            "invoice_outstanding",
            "invoices",
        ],
        ["metric_time__week"],
    ),
    "credits": (
        [
            "attributed_opportunities",
            "attributed_won_deals",
            "attributed_pipeline",
            "attributed_bookings",
            "attributed_revenue",
            "attributed_margin",
            "attributed_cash",
        ],
        ["metric_time__month", "credit__attribution_model", "credit__channel"],
    ),
    "channel_performance": (
        [
            "channel_spend",
            "channel_leads",
            "channel_attributed_revenue",
            "channel_roi",
            "channel_roas",
            "channel_cost_per_lead",
        ],
        [
            "metric_time__month",
            "channel_performance__channel",
            "channel_performance__campaign",
            "channel_performance__attribution_model",
        ],
    ),
    "channel_cac": (
        ["channel_acquisition_costs", "channel_new_customers", "channel_cac"],
        [
            "metric_time__quarter",
            "acquisition__channel",
            "acquisition__attribution_model",
        ],
    ),
    "funnel": (
        list(FUNNEL_RATES),
        [
            "metric_time__month",
            "funnel_cell__first_touch_channel",
            "funnel_cell__region_group",
        ],
    ),
}


@dataclass
class SemanticLayer:
    """A MetricFlow project over a copy of the demo warehouse, queried."""

    root: Path
    db_path: Path
    validate: subprocess.CompletedProcess[str]
    results: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def sql(self, query: str) -> list[tuple]:
        """Rows of a query on the warehouse copy (read-only)."""
        with duckdb.connect(str(self.db_path), read_only=True) as connection:
            return connection.execute(query).fetchall()


def _run(
    args: Sequence[str], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def semantic_layer(
    demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory
) -> SemanticLayer:
    """Time spine built, semantic manifest written, every query run once."""
    assert demo_warehouse.build_ok
    root = tmp_path_factory.mktemp("metricflow")
    for name in PROJECT_LINKS:
        (root / name).symlink_to(PROJECT / name)
    # a private copy: mf opens its warehouse for writing, and other tests
    # keep reading the shared one (jobs.run_dbt releases the file after
    # each in-process dbt run; a write-ahead log, if any, is copied along)
    db_path = root / "warehouse.duckdb"
    shutil.copyfile(demo_warehouse.db_path, db_path)
    wal = demo_warehouse.db_path.with_name(demo_warehouse.db_path.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, db_path.with_name(db_path.name + ".wal"))
    env = {
        **os.environ,
        settings.DB_PATH_ENV: str(db_path),
        "DBT_PROFILES_DIR": str(root),
        "DBT_PROJECT_DIR": str(root),
    }
    # the time spine (day grain) and target/semantic_manifest.json
    built = _run(
        [str(BIN / "dbt"), "build", "-s", "metricflow_time_spine", "--quiet"],
        root,
        env,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert (root / "target" / "semantic_manifest.json").exists()

    layer = SemanticLayer(
        root, db_path, _run([str(BIN / "mf"), "validate-configs"], root, env)
    )
    for name, (metrics, group_by) in QUERIES.items():
        output = root / f"{name}.csv"
        args = [str(BIN / "mf"), "query", "--metrics", ",".join(metrics)]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        queried = _run([*args, "--csv", str(output), "--quiet"], root, env)
        assert queried.returncode == 0 and output.exists(), (
            f"mf query {name}:\n{queried.stdout}\n{queried.stderr}"
        )
        layer.results[name] = _read_csv(output)
    return layer


def _number(text: str | None) -> float | None:
    return None if text in (None, "") else float(text)


def _close(actual: float | None, expected: object) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    return math.isclose(actual, float(expected), rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _key(value: object) -> str:
    """Group-by values as mf writes them (dates as midnight timestamps)."""
    text = str(value)
    return f"{text} 00:00:00" if len(text) == 10 and text[4] == "-" else text


def _compare(
    rows: list[dict[str, str]],
    expected: Iterable[tuple],
    keys: Sequence[str],
    metrics: Sequence[str],
) -> int:
    """Assert that mf rows equal the expected rows (keys, then metrics)."""
    by_key = {tuple(row[k] for k in keys): row for row in rows}
    mismatches = []
    count = 0
    for values in expected:
        key = tuple(_key(v) for v in values[: len(keys)])
        row = by_key.get(key)
        assert row is not None, f"no mf row for {key}"
        for metric, value in zip(metrics, values[len(keys) :], strict=True):
            if not _close(_number(row[metric]), value):
                mismatches.append((key, metric, row[metric], value))
        count += 1
    assert not mismatches, mismatches[:10]
    assert count > 0
    return count


def test_mf_validate_configs_passes(semantic_layer: SemanticLayer) -> None:
    result = semantic_layer.validate
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Breaking issues" not in result.stdout


def test_weekly_kpis_equal_the_weekly_table(
    semantic_layer: SemanticLayer,
) -> None:
    metrics = list(WEEKLY_METRICS)
    expected = semantic_layer.sql(
        f"""
        select week_start_date, {", ".join(WEEKLY_METRICS.values())}
        from marts.rpt_weekly_cmo_cfo
        order by 1
        """
    )
    weeks = _compare(
        semantic_layer.results["weekly"],
        expected,
        ["metric_time__week"],
        metrics,
    )
    assert weeks == len(expected)
    # cumulative (13-week) metrics also run past the last week of data;
    # every other metric has exactly the table's weeks
    extra = [
        row
        for row in semantic_layer.results["weekly"]
        if row["metric_time__week"] not in {_key(e[0]) for e in expected}
    ]
    assert all(row["revenue"] == "" for row in extra)


# Every mart that defines a company-wide KPI, with its own numerator and
# denominator (one attribution model: model-independent columns repeat on
# the rows of every model).
CHANNEL_MART = (
    "from marts.rpt_channel_campaign_performance where attribution_model = 'linear'"
)
CAC_MART_BLENDED = (
    "from marts.rpt_customer_acquisition_cost where channel = 'all' "
    "and period_type = 'month' and attribution_model = 'linear'"
)
WEEKLY_MART = "from marts.rpt_weekly_cmo_cfo"
PIPELINE_MART = "from marts.rpt_pipeline_monthly"
KPI_DEFINITIONS = {
    "marketing_spend": [
        f"select sum(marketing_spend_eur) {WEEKLY_MART}",
        f"select sum(spend_eur) {CHANNEL_MART}",
        f"select sum(marketing_cost_eur) {CAC_MART_BLENDED}",
    ],
    "revenue": [
        f"select sum(revenue_invoiced_eur) {WEEKLY_MART}",
        f"select sum(attributed_revenue_eur) {CHANNEL_MART}",
        "select sum(revenue_eur) from marts.fct_invoices",
    ],
    "invoice_revenue": ["select sum(revenue_eur) from marts.fct_invoices"],
    "new_customers": [
        f"select sum(new_customers) {WEEKLY_MART}",
        f"select sum(new_customers) {CAC_MART_BLENDED}",
    ],
    "pipeline_created": [
        f"select sum(pipeline_generated_eur) {WEEKLY_MART}",
        f"select sum(pipeline_created_eur) {PIPELINE_MART}",
    ],
    "pipeline_won": [
        f"select sum(pipeline_won_eur) {WEEKLY_MART}",
        f"select sum(won_eur) {PIPELINE_MART}",
    ],
    "cac": [
        f"select (sum(marketing_spend_eur) + sum(sales_costs_eur))"
        f" / sum(new_customers) {WEEKLY_MART}",
        f"select sum(acquisition_cost_eur) / sum(new_customers) {CAC_MART_BLENDED}",
    ],
    "marketing_roi": [
        f"select (sum(revenue_invoiced_eur) - sum(marketing_spend_eur))"
        f" / sum(marketing_spend_eur) {WEEKLY_MART}",
        f"select (sum(attributed_revenue_eur) - sum(spend_eur))"
        f" / sum(spend_eur) {CHANNEL_MART}",
    ],
    "roas": [f"select sum(attributed_revenue_eur) / sum(spend_eur) {CHANNEL_MART}"],
    "cost_per_lead": [f"select sum(spend_eur) / sum(leads) {CHANNEL_MART}"],
    "win_rate": [
        f"select sum(deals_won) / (sum(deals_won) + sum(deals_lost)) {PIPELINE_MART}",
        f"select sum(deals_won) / (sum(deals_won) + sum(deals_lost)) {WEEKLY_MART}",
    ],
}


def test_company_totals_equal_every_mart_that_defines_them(
    semantic_layer: SemanticLayer,
) -> None:
    """One number per KPI, whichever mart defines it.

    A disagreement between two marts on a KPI fails here.
    """
    (totals,) = semantic_layer.results["totals"]
    assert set(totals) == set(KPI_DEFINITIONS)
    mismatches = []
    for metric, queries in KPI_DEFINITIONS.items():
        for query in queries:
            ((value,),) = semantic_layer.sql(query)
            if not _close(_number(totals[metric]), value):
                mismatches.append((metric, totals[metric], value, query))
    assert not mismatches, mismatches


def test_invoice_metrics_equal_fct_invoices(
    semantic_layer: SemanticLayer,
) -> None:
    metrics = QUERIES["invoices"][0]
    expected = semantic_layer.sql(
        """
        select
            cast(date_trunc('week', issued_date) as date),
            sum(revenue_eur),
            sum(margin_eur),
            sum(cash_collected_eur),
            sum(outstanding_eur),
            count(*)
        from marts.fct_invoices
        group by 1
        order by 1
        """
    )
    _compare(
        semantic_layer.results["invoices"],
        expected,
        ["metric_time__week"],
        metrics,
    )


def test_attribution_metrics_equal_fct_attribution_credits(
    semantic_layer: SemanticLayer,
) -> None:
    """Credits per month (reporting timezone), model and channel.

    The same amounts per month, model and channel as the channel
    performance mart too.
    """
    metrics = QUERIES["credits"][0]
    keys = QUERIES["credits"][1]
    expected = semantic_layer.sql(
        """
        select
            cast(
                date_trunc(
                    'month', timezone('Europe/Paris', milestone_at)
                ) as date
            ),
            attribution_model,
            channel,
            sum(credit_weight) filter (
                where conversion_type = 'opportunity_created'
            ),
            sum(credit_weight) filter (where conversion_type = 'closed_won'),
            sum(attributed_pipeline_eur),
            sum(attributed_booked_eur),
            sum(attributed_revenue_eur),
            sum(attributed_margin_eur),
            sum(attributed_cash_eur)
        from marts.fct_attribution_credits
        group by 1, 2, 3
        """
    )
    assert _compare(semantic_layer.results["credits"], expected, keys, metrics) == len(
        semantic_layer.results["credits"]
    )
    channel_mart = semantic_layer.sql(
        """
        select
            month_start_date,
            attribution_model,
            channel,
            sum(attributed_revenue_eur),
            sum(attributed_pipeline_eur)
        from marts.rpt_channel_campaign_performance
        group by 1, 2, 3
        having sum(attributed_revenue_eur) != 0
            or sum(attributed_pipeline_eur) != 0
        """
    )
    _compare(
        semantic_layer.results["credits"],
        channel_mart,
        keys,
        ["attributed_revenue", "attributed_pipeline"],
    )


def test_channel_metrics_equal_the_channel_performance_ratios(
    semantic_layer: SemanticLayer,
) -> None:
    metrics = QUERIES["channel_performance"][0]
    keys = QUERIES["channel_performance"][1]
    expected = semantic_layer.sql(
        """
        select
            month_start_date,
            channel,
            campaign,
            attribution_model,
            spend_eur,
            leads,
            attributed_revenue_eur,
            roi,
            roas,
            cost_per_lead_eur
        from marts.rpt_channel_campaign_performance
        """
    )
    assert _compare(
        semantic_layer.results["channel_performance"], expected, keys, metrics
    ) == len(semantic_layer.results["channel_performance"])


def test_channel_cac_equals_the_quarter_rows_of_the_cac_mart(
    semantic_layer: SemanticLayer,
) -> None:
    """Month rows summed to a quarter give the mart's own quarter rows."""
    metrics = QUERIES["channel_cac"][0]
    keys = QUERIES["channel_cac"][1]
    expected = semantic_layer.sql(
        """
        select
            period_start_date,
            channel,
            attribution_model,
            acquisition_cost_eur,
            new_customers,
            cac_eur
        from marts.rpt_customer_acquisition_cost
        where period_type = 'quarter' and channel != 'all'
        """
    )
    assert _compare(
        semantic_layer.results["channel_cac"], expected, keys, metrics
    ) == len(semantic_layer.results["channel_cac"])


def test_funnel_rates_equal_the_funnel_mart(
    semantic_layer: SemanticLayer,
) -> None:
    """Per cohort cell: adjacent stages are the mart's own rate column."""
    keys = QUERIES["funnel"][1]
    rates = []
    for metric, (earlier, later) in FUNNEL_RATES.items():
        adjacent = FUNNEL_STAGES.index(later) == FUNNEL_STAGES.index(earlier) + 1
        rates.append(
            f"max(conversion_rate_from_previous_stage) filter "
            f"(where funnel_stage = '{later}') as {metric}"
            if adjacent
            else f"sum(reached) filter (where funnel_stage = '{later}')"
            f" / nullif(sum(reached) filter "
            f"(where funnel_stage = '{earlier}'), 0) as {metric}"
        )
    expected = semantic_layer.sql(
        f"""
        select cohort_month, first_touch_channel, region_group,
            {", ".join(rates)}
        from marts.rpt_funnel_conversion
        group by 1, 2, 3
        """
    )
    assert _compare(
        semantic_layer.results["funnel"], expected, keys, list(FUNNEL_RATES)
    ) == len(semantic_layer.results["funnel"])
