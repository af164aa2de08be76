"""Time to cash, Ile-de-France vs the regions.

Headline medians are read from rpt_time_to_cash (all new-business deals of
the channel, whatever their date); the distribution below is
fct_deal_time_to_cash for the deals created in the period.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, ui
from dashboard.format import Formatter

COMPARED = ("ile_de_france", "regions")
#: Milestones of rpt_time_to_cash, from the first marketing touch.
MILESTONES = {
    "median_days_first_touch_to_opportunity": "opportunity",
    "median_days_first_touch_to_close": "won",
    "median_days_first_touch_to_first_invoice": "first invoice",
    "median_days_first_touch_to_first_payment": "first payment",
}


def render(ctx: ui.Context) -> None:
    """Medians per region group, milestones chart, deals of the period."""
    ui.applied_filters(
        ctx,
        "channel",
        note="Figures and chart: every new-business deal of the channel "
        "(rpt_time_to_cash); the period and region filter the deals below",
    )
    rows = data.time_to_cash(ctx.con, ctx.filters)
    if rows.empty:
        st.info(f"No deal for channel {ctx.filters.channel}.")
        return
    _headline(rows, ctx.fmt)
    st.altair_chart(_milestones_chart(rows), width="stretch")
    st.subheader("Deals created in the period")
    ui.applied_filters(ctx, "period", "channel", "region")
    deals = data.deals_time_to_cash(ctx.con, ctx.filters)
    paid = deals.dropna(subset=["days_first_touch_to_first_payment"])
    if paid.empty:
        st.info("No paid deal created in the period for these filters.")
        return
    st.altair_chart(_distribution_chart(paid), width="stretch")
    ui.table(
        paid.sort_values("created_date", ascending=False),
        ctx.fmt,
        formats={"region_group": ui.region_label},
        labels={"days_first_touch_to_first_payment": "days first touch to cash"},
    )


def _region_value(rows: pd.DataFrame, region: str, column: str) -> object:
    row = rows[rows["region_group"] == region]
    return None if row.empty else row[column].iloc[0]


def _headline(rows: pd.DataFrame, fmt: Formatter) -> None:
    items = []
    for column, name in (
        ("median_days_first_touch_to_first_payment", "Median days to cash"),
        ("p75_days_first_touch_to_first_payment", "P75 days to cash"),
        ("paid_deals", "Paid deals"),
    ):
        for region in COMPARED:
            value = _region_value(rows, region, column)
            shown = fmt.number(value) if column == "paid_deals" else fmt.days(value)
            items.append(
                ui.Metric(
                    f"{name}, {ui.region_label(region)}",
                    shown,
                    help=f"rpt_time_to_cash.{column}, region_group = {region}",
                )
            )
    ui.metrics(items, per_row=2)


def _milestones_chart(rows: pd.DataFrame) -> alt.Chart:
    compared = rows[rows["region_group"].isin(COMPARED)].copy()
    compared["region"] = compared["region_group"].map(ui.region_label)
    long = compared.melt(
        id_vars=["region"],
        value_vars=list(MILESTONES),
        var_name="milestone",
        value_name="days",
    )
    long["milestone"] = long["milestone"].map(MILESTONES)
    return (
        alt.Chart(long, title="Median days from the first marketing touch")
        .mark_bar()
        .encode(
            y=alt.Y("milestone:N", sort=list(MILESTONES.values()), title=None),
            yOffset="region:N",
            x=alt.X("days:Q", title="Days"),
            color=alt.Color("region:N", title=None),
            tooltip=["region", "milestone", "days"],
        )
        .properties(height=260)
    )


def _distribution_chart(paid: pd.DataFrame) -> alt.Chart:
    shown = paid.assign(region=paid["region_group"].map(ui.region_label))
    return (
        alt.Chart(shown, title="Days from first touch to cash, per paid deal")
        .mark_boxplot(extent="min-max")
        .encode(
            y=alt.Y("region:N", title=None),
            x=alt.X("days_first_touch_to_first_payment:Q", title="Days"),
            color=alt.Color("region:N", legend=None),
        )
        .properties(height=200)
    )
