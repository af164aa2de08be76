"""ABM: target accounts against the others (rpt_abm_summary), per account.

rpt_abm_summary, fct_abm_accounts and fct_abm_account_roi cover every
account and all time (no date or channel to filter on); the region filters
the account table.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, ui
from dashboard.format import Formatter

SEGMENT_LABELS = {"target": "Target accounts", "non_target": "Other accounts"}
RATES = {
    "engagement_rate": "engaged",
    "opportunity_rate": "with an opportunity",
    "opportunity_to_won_rate": "opportunity to won",
    "marketing_influence_rate": "won deals influenced by marketing",
}


def render(ctx: ui.Context) -> None:
    """Headline target-segment figures, rates chart, summary and accounts."""
    summary = data.abm_summary(ctx.con)
    ui.applied_filters(ctx, note="All accounts, all time")
    target = summary[summary["account_segment"] == "target"]
    if target.empty or not target["total_accounts"].iloc[0]:
        st.info("No ABM target account in the CRM (is_target_account).")
    else:
        _headline(target.iloc[0], ctx.fmt)
    st.altair_chart(_rates_chart(summary), width="stretch")
    _summary_table(summary, ctx.fmt)
    st.subheader("Target accounts")
    ui.applied_filters(ctx, "region")
    accounts = data.abm_accounts(ctx.con, ctx.filters)
    ui.table(
        accounts,
        ctx.fmt,
        formats={"region_group": ui.region_label, "roi": ctx.fmt.percent},
        labels={"total_cost_eur": "allocated cost", "roi": "ROI"},
    )


def _headline(target: pd.Series, fmt: Formatter) -> None:
    ui.metrics(
        [
            ui.Metric("Target accounts", fmt.number(target["total_accounts"])),
            ui.Metric(
                "Engaged target accounts", fmt.number(target["engaged_accounts"])
            ),
            ui.Metric("Target won deals", fmt.number(target["won_deals"])),
            ui.Metric("Target won amount", fmt.money(target["won_eur"])),
            ui.Metric("Target revenue", fmt.money(target["revenue_eur"])),
            ui.Metric("Target allocated cost", fmt.money(target["total_cost_eur"])),
            ui.Metric(
                "Target ROI",
                fmt.percent(target["roi"]),
                help="rpt_abm_summary.roi: (revenue - allocated costs) / costs",
            ),
            ui.Metric(
                "Target pipeline touched by marketing",
                fmt.percent(target["marketing_contribution_to_pipeline"]),
            ),
        ]
    )


def _rates_chart(summary: pd.DataFrame) -> alt.Chart:
    long = summary.melt(
        id_vars=["account_segment"],
        value_vars=list(RATES),
        var_name="rate",
        value_name="value",
    )
    long["rate"] = long["rate"].map(RATES)
    long["segment"] = long["account_segment"].map(SEGMENT_LABELS)
    return (
        alt.Chart(long, title="Target accounts against the others")
        .mark_bar()
        .encode(
            y=alt.Y("rate:N", sort=list(RATES.values()), title=None),
            yOffset="segment:N",
            x=alt.X("value:Q", title=None, axis=alt.Axis(format="%")),
            color=alt.Color("segment:N", title=None),
            tooltip=["segment", "rate", alt.Tooltip("value:Q", format=".1%")],
        )
        .properties(height=260)
    )


def _summary_table(summary: pd.DataFrame, fmt: Formatter) -> None:
    shown = summary.set_index("account_segment").T.reset_index()
    shown = shown.rename(columns={"index": "measure", **SEGMENT_LABELS})
    segments = [c for c in shown.columns if c != "measure"]
    shown[segments] = [
        [_value(measure, value, fmt) for value in row]
        for measure, row in zip(
            shown["measure"],
            shown[segments].itertuples(index=False),
            strict=True,
        )
    ]
    with st.expander("rpt_abm_summary"):
        st.dataframe(shown, hide_index=True, width="stretch")


def _value(measure: str, value: object, fmt: Formatter) -> str:
    if measure.endswith("_eur"):
        return fmt.money(value)
    ratios = ("roi", "marketing_contribution_to_pipeline")
    if measure.endswith("rate") or measure in ratios:
        return fmt.percent(value)
    return fmt.number(value)
