"""Weekly review: rpt_weekly_cmo_cfo and rpt_kpi_status (the Monday table)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, ui
from dashboard.format import MISSING, Formatter

#: Weekly measures drawn in the chart (EUR).
CHART_MEASURES = {
    "marketing_spend_eur": "Marketing spend",
    "revenue_invoiced_eur": "Revenue invoiced",
    "cash_collected_eur": "Cash collected",
}
STATUS_ORDER = ("on_track", "at_risk", "off_track", "not_started", "no_data")


def render(ctx: ui.Context) -> None:
    """Headline figures of the period, the weekly chart and table, KPIs."""
    ui.applied_filters(
        ctx,
        "period",
        note="Whole weeks (Monday to Sunday) overlapping the period",
    )
    weeks = data.weekly(ctx.con, ctx.filters)
    if weeks.empty:
        st.info("No week of data in this period.")
        return
    _headline(ctx, data.weekly_totals(ctx.con, ctx.filters))
    _partial_weeks_note(weeks, ctx.fmt)
    _sources_note(ctx)
    st.altair_chart(_chart(weeks, ctx.fmt), width="stretch")
    _weeks_table(weeks, ctx.fmt)
    st.subheader("KPI status against the targets")
    _kpis(ctx)


def _headline(ctx: ui.Context, totals: dict) -> None:
    fmt = ctx.fmt
    trailing = totals["trailing"]
    week = (
        f"13 weeks to the week of {fmt.date(trailing['week_start_date'])} "
        "(last complete week of the period), as the mart gives it"
        if trailing
        else "no complete week in the period"
    )
    ui.metrics(
        [
            ui.Metric("Marketing spend", fmt.money(totals["marketing_spend_eur"])),
            ui.Metric("Leads", fmt.number(totals["leads"])),
            ui.Metric("Pipeline created", fmt.money(totals["pipeline_generated_eur"])),
            ui.Metric("Pipeline won", fmt.money(totals["pipeline_won_eur"])),
            ui.Metric("Revenue invoiced", fmt.money(totals["revenue_invoiced_eur"])),
            ui.Metric("Cash collected", fmt.money(totals["cash_collected_eur"])),
            ui.Metric("New customers", fmt.number(totals["new_customers"])),
            ui.Metric(
                "CAC, period",
                fmt.money(totals["cac_eur"]),
                help="(marketing spend + sales costs) / new customers, summed "
                "over the weeks of the period (rpt_weekly_cmo_cfo.cac_eur's "
                "formula)",
            ),
            ui.Metric(
                "Marketing ROI, period",
                fmt.percent(totals["marketing_roi"]),
                help="(revenue invoiced - marketing spend) / marketing spend over "
                "the period (rpt_weekly_cmo_cfo.marketing_roi's formula)",
            ),
            ui.Metric(
                "CAC, trailing 13 weeks",
                fmt.money(trailing.get("cac_13w_eur") if trailing else None),
                help=f"cac_13w_eur: {week}",
            ),
            ui.Metric(
                "Marketing ROI, trailing 13 weeks",
                fmt.percent(trailing.get("marketing_roi_13w") if trailing else None),
                help=f"marketing_roi_13w: {week}",
            ),
        ]
    )


def _partial_weeks_note(weeks: pd.DataFrame, fmt: Formatter) -> None:
    partial = weeks[weeks["is_partial"]]
    if partial.empty:
        return
    listed = ", ".join(
        f"{fmt.date(row.week_start_date)} ({row.days_in_data} of 7 days)"
        for row in partial.itertuples()
    )
    st.info(
        f"Partial week(s), marked in the chart and the table: {listed}. "
        "Their figures cover only the days in the data, not a full week."
    )


def _sources_note(ctx: ui.Context) -> None:
    """The latest date of each source: a week after it lacks that source."""
    latest = data.freshness(ctx.con)
    listed = " · ".join(
        f"{row.source} {ctx.fmt.date(row.latest_date)}" for row in latest.itertuples()
    )
    st.caption(
        f"Latest data per source: {listed}. A week after a source's latest "
        "date holds none of its data (see Data quality)."
    )


def _chart(weeks: pd.DataFrame, fmt: Formatter) -> alt.LayerChart:
    long = weeks.melt(
        id_vars=["week_start_date", "is_partial", "days_in_data"],
        value_vars=list(CHART_MEASURES),
        var_name="measure",
        value_name="eur",
    )
    long["measure"] = long["measure"].map(CHART_MEASURES)
    long["week"] = long["is_partial"].map(
        {True: "partial week", False: "complete week"}
    )
    long["amount"] = long["eur"].map(fmt.money)
    long["week_label"] = long["week_start_date"].map(fmt.date)
    base = alt.Chart(long).encode(
        x=alt.X(
            "week_start_date:T",
            title="Week",
            axis=alt.Axis(format="%d/%m/%Y" if fmt.french else "%Y-%m-%d"),
        ),
        y=alt.Y("eur:Q", title="EUR"),
        color=alt.Color("measure:N", title=None),
        tooltip=["week_label", "measure", "amount", "week", "days_in_data"],
    )
    lines = base.transform_filter("!datum.is_partial").mark_line()
    points = base.mark_point(size=40).encode(
        shape=alt.Shape(
            "week:N",
            title=None,
            scale=alt.Scale(
                domain=["complete week", "partial week"],
                range=["circle", "triangle-down"],
            ),
        ),
        opacity=alt.condition("datum.is_partial", alt.value(1), alt.value(0.4)),
    )
    return alt.layer(lines, points).properties(height=320)


def _weeks_table(weeks: pd.DataFrame, fmt: Formatter) -> None:
    shown = weeks[
        [
            "week_start_date",
            "days_in_data",
            "is_partial",
            "marketing_spend_eur",
            "leads",
            "pipeline_generated_eur",
            "pipeline_won_eur",
            "revenue_invoiced_eur",
            "cash_collected_eur",
            "new_customers",
            "cac_eur",
            "marketing_roi",
            "cac_13w_eur",
            "marketing_roi_13w",
        ]
    ].sort_values("week_start_date", ascending=False)
    with st.expander("Weekly table (latest first)"):
        ui.table(
            shown,
            fmt,
            formats={
                "marketing_roi": fmt.percent,
                "marketing_roi_13w": fmt.percent,
            },
            labels={"week_start_date": "week", "is_partial": "partial week"},
        )


def _kpis(ctx: ui.Context) -> None:
    kpis = data.kpi_status(ctx.con, ctx.filters)
    if kpis.empty:
        st.info("No KPI target for the quarters of this period.")
        return
    latest = kpis["quarter"].max()
    counts = kpis[kpis["quarter"] == latest]["status"].value_counts()
    ui.metrics(
        [
            ui.Metric("Quarter", latest),
            ui.Metric("KPIs on track", ctx.fmt.number(counts.get("on_track", 0))),
            ui.Metric("KPIs at risk", ctx.fmt.number(counts.get("at_risk", 0))),
            ui.Metric("KPIs off track", ctx.fmt.number(counts.get("off_track", 0))),
        ],
        per_row=4,
    )
    st.caption(
        "Targets from seeds/kpi_targets.csv; a quarter in progress compares "
        "cumulative KPIs with the target pro-rated to the days elapsed."
    )
    fmt = ctx.fmt
    shown = kpis.assign(
        target_to_date=[
            _kpi_value(k, v, fmt)
            for k, v in zip(kpis["kpi"], kpis["target_to_date"], strict=True)
        ],
        actual_value=[
            _kpi_value(k, v, fmt)
            for k, v in zip(kpis["kpi"], kpis["actual_value"], strict=True)
        ],
    )[
        [
            "quarter",
            "kpi",
            "target_to_date",
            "actual_value",
            "attainment",
            "status",
            "share_of_quarter_elapsed",
        ]
    ]
    shown = shown.sort_values(["quarter", "kpi"], ascending=[False, True])
    st.dataframe(
        shown.style.format(
            {"attainment": fmt.percent, "share_of_quarter_elapsed": fmt.percent},
            na_rep="\u2014",
        ).map(_status_colour, subset=["status"]),
        hide_index=True,
        width="stretch",
        placeholder=MISSING,
    )


def _kpi_value(kpi: str, value: float, fmt: Formatter) -> str:
    """A KPI in its unit: EUR, a ratio as a percentage, days or a count."""
    if kpi.endswith("_eur"):
        return fmt.money(value)
    if kpi.endswith("_roi") or kpi == "marketing_roi":
        return fmt.percent(value)
    if "days" in kpi:
        return fmt.days(value)
    return fmt.number(value, 1 if value and value % 1 else 0)


def _status_colour(status: str) -> str:
    colours = {
        "on_track": "background-color: #d4edda",
        "at_risk": "background-color: #fff3cd",
        "off_track": "background-color: #f8d7da",
    }
    return colours.get(status, "")
