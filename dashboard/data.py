"""Queries of the dashboard, on the published read-only copy of the marts.

Every figure is a filter and a sum of mart columns; a ratio over several rows
(CAC, ROI over a period) is the semantic layer's metric compiled over those
rows (dashboard.metrics), never a formula of our own. Nothing here writes: the
file is opened with ``read_only=True``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.metrics import metric_sql

#: Attribution models in the order of the README (macro attribution_models).
MODEL_ORDER = (
    "first_touch",
    "last_touch",
    "last_non_direct",
    "linear",
    "u_shaped",
    "w_shaped",
    "full_path",
    "time_decay",
    "markov",
    "shapley",
)
#: Region groups of the marts, in display order.
REGION_GROUPS = ("ile_de_france", "regions", "international", "unknown")


@dataclass(frozen=True)
class Filters:
    """The sidebar filters; ``None`` means all channels / all regions."""

    start: dt.date
    end: dt.date
    model: str
    channel: str | None = None
    region: str | None = None


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the published file read-only (the dashboard never writes)."""
    return duckdb.connect(str(path), read_only=True)


def frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None
) -> pd.DataFrame:
    """Run a query and return a DataFrame (decimals as floats)."""
    return con.execute(sql, params or []).df()


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> dict:
    """The single row of a query as a dict (empty dict without a row)."""
    result = con.execute(sql, params or [])
    row = result.fetchone()
    if row is None:
        return {}
    return dict(zip([d[0] for d in result.description], row, strict=True))


def _optional(column: str, value: str | None) -> tuple[str, list]:
    """``and column = ?`` when a value is chosen, else nothing."""
    if value is None:
        return "", []
    return f" and {column} = ?", [value]


# --- sidebar ---------------------------------------------------------------


def data_range(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """First and last day with data (rpt_weekly_cmo_cfo's week edges)."""
    row = one(
        con,
        "select min(week_end_date - cast(days_in_data as integer) + 1) as first_day,"
        " max(week_start_date + cast(days_in_data as integer) - 1) as last_day "
        "from marts.rpt_weekly_cmo_cfo",
    )
    return row["first_day"], row["last_day"]


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Attribution models, channels and region groups present in the marts."""
    present_models = {
        m
        for (m,) in con.execute(
            "select distinct attribution_model "
            "from marts.rpt_channel_campaign_performance"
        ).fetchall()
    }
    models = [m for m in MODEL_ORDER if m in present_models]
    models += sorted(present_models - set(MODEL_ORDER))
    channels = [
        c
        for (c,) in con.execute(
            "select channel from marts.rpt_channel_campaign_performance "
            "union select first_touch_channel from marts.fct_deal_time_to_cash "
            "order by 1"
        ).fetchall()
    ]
    present = {
        r
        for (r,) in con.execute(
            "select distinct region_group from marts.fct_deal_time_to_cash"
        ).fetchall()
    }
    regions = [r for r in REGION_GROUPS if r in present]
    return {"models": models, "channels": channels, "regions": regions}


# --- 1. weekly review ------------------------------------------------------

WEEKLY_SUMS = (
    "marketing_spend_eur",
    "sales_costs_eur",
    "leads",
    "opportunities_created",
    "pipeline_generated_eur",
    "deals_won",
    "pipeline_won_eur",
    "new_customers",
    "revenue_invoiced_eur",
    "cash_collected_eur",
)


def weekly(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Weeks overlapping the period, with an ``is_partial`` flag."""
    return frame(
        con,
        "select *, is_partial_week as is_partial from marts.rpt_weekly_cmo_cfo "
        "where week_start_date between date_trunc('week', ?) and ? "
        "order by week_start_date",
        [f.start, f.end],
    )


def weekly_totals(con: duckdb.DuckDBPyConnection, f: Filters) -> dict:
    """Sums over the weeks of the period; CAC and ROI of the period.

    CAC and ROI are the semantic layer's metrics `cac` and `marketing_roi`
    compiled over the period's weeks (dashboard.metrics). The trailing
    13-week figures are read as they are, from the last complete week.
    """
    sums = ", ".join(f"sum({c}) as {c}" for c in WEEKLY_SUMS)
    totals = one(
        con,
        f"select {sums}, {metric_sql('cac')} as cac_eur, "
        f"{metric_sql('marketing_roi')} as marketing_roi "
        "from marts.rpt_weekly_cmo_cfo "
        "where week_start_date between date_trunc('week', ?) and ?",
        [f.start, f.end],
    )
    totals["trailing"] = one(
        con,
        "select week_start_date, cac_13w_eur, marketing_roi_13w "
        "from marts.rpt_weekly_cmo_cfo "
        "where week_start_date between date_trunc('week', ?) and ? "
        "and not is_partial_week order by week_start_date desc limit 1",
        [f.start, f.end],
    )
    return totals


def kpi_status(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """KPI rows of the quarters overlapping the period."""
    return frame(
        con,
        "select quarter, kpi, direction, target_value, target_to_date, "
        "actual_value, attainment, status, share_of_quarter_elapsed "
        "from marts.rpt_kpi_status "
        "where quarter_end_date >= ? and quarter_start_date <= ? "
        "order by quarter_start_date, kpi",
        [f.start, f.end],
    )


# --- 2. channel ROI --------------------------------------------------------


def channel_roi(
    con: duckdb.DuckDBPyConnection, f: Filters, model_a: str, model_b: str
) -> pd.DataFrame:
    """Per channel: spend and attributed revenue under two models, ROI.

    Months overlapping the period. Spend does not depend on the model and
    repeats on every model's rows: it is summed over model A's rows only.
    ROI is the semantic layer's metric `channel_roi` over each model's rows
    (dashboard.metrics).
    """
    where, params = _optional("channel", f.channel)
    roi_a = metric_sql("channel_roi", f"attribution_model = {_literal(model_a)}")
    roi_b = metric_sql("channel_roi", f"attribution_model = {_literal(model_b)}")
    return frame(
        con,
        "select channel, "
        "sum(spend_eur) filter (where attribution_model = ?) as spend_eur, "
        "sum(leads) filter (where attribution_model = ?) as leads, "
        "sum(attributed_revenue_eur) filter (where attribution_model = ?) "
        "as revenue_a_eur, "
        "sum(attributed_revenue_eur) filter (where attribution_model = ?) "
        f"as revenue_b_eur, {roi_a} as roi_a, {roi_b} as roi_b "
        "from marts.rpt_channel_campaign_performance "
        "where month_start_date between date_trunc('month', ?) and ?"
        f"{where} group by 1 order by 1",
        [model_a, model_a, model_a, model_b, f.start, f.end, *params],
    ).astype({"roi_a": float, "roi_b": float})


def _literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Divide, missing where the denominator is 0."""
    return (numerator / denominator.where(denominator != 0)).astype(float)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """Divide, None when undefined (no numerator or a zero denominator)."""
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator)


# --- 3. CAC, LTV, payback --------------------------------------------------


def cac_by_month(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Monthly rows of the model for the channel (blended 'all' by default)."""
    return frame(
        con,
        "select * from marts.rpt_customer_acquisition_cost "
        "where period_type = 'month' and attribution_model = ? and channel = ? "
        "and period_start_date between date_trunc('month', ?) and ? "
        "order by period_start_date",
        [f.model, f.channel or "all", f.start, f.end],
    )


def cac_by_channel(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Per channel over the period: costs, new customers, CAC, payback.

    CAC = acquisition_cost_eur / new_customers and payback =
    cac_eur / monthly_margin_per_customer_eur, over the period's sums
    (rpt_customer_acquisition_cost.yml); the margin per customer-month is the
    same on every row (blended over all acquired customers).
    """
    where, params = _optional("channel", f.channel)
    return frame(
        con,
        "select channel, sum(marketing_cost_eur) as marketing_cost_eur, "
        "sum(sales_cost_eur) as sales_cost_eur, "
        "sum(acquisition_cost_eur) as acquisition_cost_eur, "
        "sum(new_customers) as new_customers, "
        "any_value(monthly_margin_per_customer_eur) "
        "as monthly_margin_per_customer_eur, "
        "any_value(expected_lifetime_revenue_eur) "
        "as expected_lifetime_revenue_eur "
        "from marts.rpt_customer_acquisition_cost "
        "where period_type = 'month' and attribution_model = ? "
        "and period_start_date between date_trunc('month', ?) and ?"
        f"{where} group by 1 order by 1",
        [f.model, f.start, f.end, *params],
    ).assign(
        cac_eur=lambda d: _ratio(d.acquisition_cost_eur, d.new_customers),
        cac_payback_months=lambda d: _ratio(
            d.cac_eur, d.monthly_margin_per_customer_eur
        ),
    )


def ltv_curves(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Cumulative revenue per customer by months since acquisition, by channel.

    Cohorts acquired in the period; per channel and month since acquisition,
    sum(cumulative_revenue_eur) / sum(cohort_customers) over the cohorts that
    have reached that month.
    """
    where, params = _optional("acquisition_channel", f.channel)
    return frame(
        con,
        "select acquisition_channel, months_since_acquisition, "
        "sum(cohort_customers) as customers, "
        "sum(cumulative_revenue_eur) as cumulative_revenue_eur, "
        "sum(cumulative_revenue_eur) / sum(cohort_customers) "
        "as cumulative_revenue_per_customer_eur "
        "from marts.rpt_customer_lifetime_value "
        "where cohort_month between date_trunc('month', ?) and ?"
        f"{where} group by 1, 2 order by 1, 2",
        [f.start, f.end, *params],
    )


# --- 4. funnel -------------------------------------------------------------

def funnel(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Per stage: reached, reached at the previous stage, rates, median days."""
    channel, channel_params = _optional("first_touch_channel", f.channel)
    region, region_params = _optional("region_group", f.region)
    return frame(
        con,
        "with cells as (select funnel_stage, stage_number, "
        "reached, reached_previous_stage, visitors "
        "from marts.rpt_funnel_conversion "
        "where cohort_month between date_trunc('month', ?) and ?"
        f"{channel}{region}) "
        "select stage_number, funnel_stage, sum(reached) as reached, "
        "sum(reached_previous_stage) as reached_previous_stage, "
        "sum(visitors) as visitors, "
        "sum(reached) / nullif(sum(reached_previous_stage), 0) "
        "as conversion_rate_from_previous_stage, "
        "sum(reached) / nullif(sum(visitors), 0) "
        "as conversion_rate_from_visitor "
        "from cells group by 1, 2 order by 1",
        [f.start, f.end, *channel_params, *region_params],
    )


def anonymous_visitors(con: duckdb.DuckDBPyConnection, f: Filters) -> float | None:
    """Visitors never tied to a contact.

    ``anonymous_visitors`` repeats on every stage row of a cell: summed over
    the first stage's rows only, as rpt_funnel_conversion.yml says.
    """
    channel, channel_params = _optional("first_touch_channel", f.channel)
    region, region_params = _optional("region_group", f.region)
    return one(
        con,
        "select coalesce(sum(anonymous_visitors), 0) as anonymous "
        "from marts.rpt_funnel_conversion where stage_number = 1 "
        "and cohort_month between date_trunc('month', ?) and ?"
        f"{channel}{region}",
        [f.start, f.end, *channel_params, *region_params],
    )["anonymous"]


# --- 5. time to cash -------------------------------------------------------


def time_to_cash(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """rpt_time_to_cash rows of the channel ('all' by default), per region."""
    return frame(
        con,
        "select * from marts.rpt_time_to_cash where first_touch_channel = ? "
        "order by region_group",
        [f.channel or "all"],
    )


def deals_time_to_cash(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """New-business deals created in the period, with their day counts."""
    channel, channel_params = _optional("first_touch_channel", f.channel)
    region, region_params = _optional("region_group", f.region)
    return frame(
        con,
        "select deal_id, region_group, first_touch_channel, is_won, "
        "created_date, first_paid_date, days_first_touch_to_first_payment, "
        "days_opportunity_to_first_payment, sales_cycle_days "
        "from marts.fct_deal_time_to_cash "
        "where is_new_business and created_date between ? and ?"
        f"{channel}{region} order by created_date",
        [f.start, f.end, *channel_params, *region_params],
    )


# --- 6. ABM ----------------------------------------------------------------


def abm_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """rpt_abm_summary: target and non-target segments."""
    return frame(
        con, "select * from marts.rpt_abm_summary order by account_segment desc"
    )


def abm_accounts(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Target accounts with their engagement, deals, revenue and ROI."""
    region, params = _optional("accounts.region_group", f.region)
    return frame(
        con,
        "select accounts.account_id, accounts.region_group, "
        "accounts.interactions, accounts.is_engaged, accounts.opportunities, "
        "accounts.won_deals, accounts.pipeline_eur, accounts.won_eur, "
        "roi.revenue_eur, roi.total_cost_eur, roi.roi "
        "from marts.fct_abm_accounts as accounts "
        "left join marts.fct_abm_account_roi as roi "
        "on accounts.account_id = roi.account_id "
        f"where accounts.is_target_account{region} "
        "order by roi.revenue_eur desc nulls last, accounts.account_id",
        params,
    )


# --- 7. data quality -------------------------------------------------------


def quality_findings(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every kind of finding, found ones first."""
    return frame(
        con,
        "select finding_kind, finding_count, is_found, description, found_in "
        "from marts.rpt_data_quality_findings "
        "order by is_found desc, finding_order",
    )


def quarantine_by_reason(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Quarantined rows per source table and reason code."""
    return frame(
        con,
        "select source_table, reason_code, count(*) as quarantined_rows "
        "from marts.fct_quarantined_rows group by 1, 2 order by 3 desc, 1, 2",
    )


def reconciliation(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """rpt_source_reconciliation, one row per raw table."""
    return frame(
        con, "select * from marts.rpt_source_reconciliation order by source_table"
    )


#: Latest data date per source, from what the marts hold.
FRESHNESS_SQL = """
select 'Ad platforms and costs' as source,
    'last week with marketing spend (rpt_weekly_cmo_cfo)' as measured_by,
    max(week_end_date) filter (where marketing_spend_eur <> 0) as latest_date
from marts.rpt_weekly_cmo_cfo
union all
select 'Web touches', 'latest touch in a journey (fct_attribution_credits)',
    cast(max(touched_at) as date)
from marts.fct_attribution_credits
union all
select 'CRM contacts', 'latest visit or lead date (fct_contact_funnel)',
    greatest(max(visit_date), max(lead_date))
from marts.fct_contact_funnel
union all
select 'CRM deals', 'latest deal created or closed (fct_deal_time_to_cash)',
    greatest(max(created_date), max(closed_date))
from marts.fct_deal_time_to_cash
union all
select 'Invoices', 'latest issue date (fct_invoices)', max(issued_date)
from marts.fct_invoices
union all
select 'Payments', 'latest payment date (fct_invoices)', max(last_paid_date)
from marts.fct_invoices
"""


def freshness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Latest data date per source."""
    return frame(con, FRESHNESS_SQL)


def published_at(con: duckdb.DuckDBPyConnection) -> dict:
    """When the copy was published, and from which file."""
    return one(con, "select * from main.published_at")
