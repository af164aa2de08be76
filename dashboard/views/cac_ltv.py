"""CAC, LTV and payback by channel.

rpt_customer_acquisition_cost (monthly rows of the sidebar's model) and
rpt_customer_lifetime_value (cohorts acquired in the period).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, ui
from dashboard.format import Formatter


def render(ctx: ui.Context) -> None:
    """Headline CAC of the period, CAC by channel and month, cohort LTV."""
    ui.applied_filters(
        ctx,
        "period",
        "model",
        "channel",
        note="Whole months overlapping the period",
    )
    by_channel = data.cac_by_channel(ctx.con, ctx.filters)
    if by_channel.empty:
        st.info("No acquisition cost or new customer in this period.")
        return
    selected = ctx.filters.channel or "all"
    _headline(by_channel[by_channel["channel"] == selected], ctx.fmt, selected)
    channels = by_channel[by_channel["channel"] != "all"]
    if not channels.empty:
        st.altair_chart(_cac_chart(channels), width="stretch")
        _table(channels, ctx.fmt)
    st.subheader(f"CAC per month ({selected})")
    st.altair_chart(_monthly_chart(ctx), width="stretch")
    st.subheader("Cumulative revenue per customer since acquisition")
    st.caption(
        "Cohorts acquired in the period, by acquisition channel (model of "
        "var revenue_ltv_attribution_model, first touch by default)."
    )
    curves = data.ltv_curves(ctx.con, ctx.filters)
    if curves.empty:
        st.info("No cohort acquired in this period.")
    else:
        st.altair_chart(_ltv_chart(curves), width="stretch")


def _headline(row: pd.DataFrame, fmt: Formatter, channel: str) -> None:
    if row.empty:
        st.info(f"No row for channel {channel} in this period.")
        return
    values = row.iloc[0]
    cac = values["cac_eur"]
    lifetime = values["expected_lifetime_revenue_eur"]
    ltv_to_cac = (lifetime - cac) / cac if pd.notna(cac) and cac else None
    scope = (
        "every marketing and sales cost (fully loaded)"
        if channel == "all"
        else "the channel's own marketing costs (no sales costs)"
    )
    ui.metrics(
        [
            ui.Metric(
                "New customers",
                fmt.number(values["new_customers"], 1),
                help="sum of new_customers (closed-won credit on channel rows)",
            ),
            ui.Metric(
                "Acquisition cost",
                fmt.money(values["acquisition_cost_eur"]),
                help=f"sum of acquisition_cost_eur: {scope}",
            ),
            ui.Metric(
                "CAC",
                fmt.money(cac),
                help="acquisition_cost_eur / new_customers over the period",
            ),
            ui.Metric(
                "CAC payback (months)",
                fmt.number(values["cac_payback_months"], 1),
                help="CAC / monthly_margin_per_customer_eur",
            ),
            ui.Metric(
                "Expected lifetime revenue",
                fmt.money(lifetime),
                help="expected_lifetime_revenue_eur, blended over all acquired "
                "customers (the same on every row)",
            ),
            ui.Metric(
                "LTV / CAC",
                fmt.number(ltv_to_cac, 1),
                help="(expected lifetime revenue - CAC) / CAC: the mart's "
                "customer_lifetime_value_eur / cac_eur, over the period",
            ),
        ],
        per_row=3,
    )


#: Channels credited with fewer new customers are left out of the CAC chart.
MIN_CUSTOMERS_IN_CHART = 1


def _cac_chart(channels: pd.DataFrame) -> alt.Chart:
    shown = channels[channels["new_customers"] >= MIN_CUSTOMERS_IN_CHART]
    title = (
        "CAC by channel (its own marketing costs; channels credited with "
        f"fewer than {MIN_CUSTOMERS_IN_CHART} new customer are in the table only)"
    )
    return (
        alt.Chart(shown, title=title)
        .mark_bar()
        .encode(
            x=alt.X("channel:N", title=None, sort="y"),
            y=alt.Y("cac_eur:Q", title="CAC (EUR)"),
            tooltip=[
                "channel",
                alt.Tooltip("cac_eur:Q", format=",.2f", title="CAC"),
                alt.Tooltip("new_customers:Q", format=".2f"),
                alt.Tooltip("cac_payback_months:Q", format=".1f"),
            ],
        )
        .properties(height=280)
    )


def _table(channels: pd.DataFrame, fmt: Formatter) -> None:
    shown = channels[
        [
            "channel",
            "marketing_cost_eur",
            "new_customers",
            "cac_eur",
            "cac_payback_months",
        ]
    ].sort_values("new_customers", ascending=False)
    ui.table(
        shown,
        fmt,
        formats={
            "new_customers": lambda v: fmt.number(v, 2),
            "cac_payback_months": lambda v: fmt.number(v, 1),
        },
        labels={
            "marketing_cost_eur": "marketing cost",
            "new_customers": "new customers",
            "cac_eur": "CAC",
            "cac_payback_months": "payback (months)",
        },
    )


def _monthly_chart(ctx: ui.Context) -> alt.Chart:
    months = data.cac_by_month(ctx.con, ctx.filters)
    date_format = "%m/%Y" if ctx.fmt.french else "%Y-%m"
    return (
        alt.Chart(months)
        .mark_bar()
        .encode(
            x=alt.X(
                "period_start_date:T",
                title="Month",
                axis=alt.Axis(format=date_format),
            ),
            y=alt.Y("cac_eur:Q", title="CAC (EUR), as the mart gives it"),
            tooltip=[
                alt.Tooltip("period_start_date:T", format=date_format),
                alt.Tooltip("cac_eur:Q", format=",.2f"),
                alt.Tooltip("new_customers:Q", format=".2f"),
                alt.Tooltip("cac_payback_months:Q", format=".1f"),
            ],
        )
        .properties(height=240)
    )


def _ltv_chart(curves: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(curves)
        .mark_line(point=True)
        .encode(
            x=alt.X("months_since_acquisition:Q", title="Months since acquisition"),
            y=alt.Y(
                "cumulative_revenue_per_customer_eur:Q",
                title="Cumulative revenue per customer (EUR)",
            ),
            color=alt.Color("acquisition_channel:N", title=None),
            tooltip=[
                "acquisition_channel",
                "months_since_acquisition",
                "customers",
                alt.Tooltip("cumulative_revenue_per_customer_eur:Q", format=",.2f"),
            ],
        )
        .properties(height=320)
    )
