"""Channel ROI: spend against attributed revenue under two attribution models.

rpt_channel_campaign_performance, months overlapping the period. Model A is
the sidebar's attribution model, model B the one chosen on the page.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, ui
from dashboard.format import Formatter

DEFAULT_COMPARE = "last_touch"
#: Colours of spend, model A and model B, the same in both charts.
COLOURS = ("#1f4e79", "#4c9be8", "#e8743b")


def render(ctx: ui.Context) -> None:
    """Headline totals, spend vs revenue by channel, ROI by channel."""
    ui.applied_filters(
        ctx,
        "period",
        "model",
        "channel",
        note="Whole months overlapping the period",
    )
    model_a = ctx.filters.model
    model_b = _compare_with(ctx)
    by_channel = data.channel_roi(ctx.con, ctx.filters, model_a, model_b)
    if by_channel.empty:
        st.info("No spend or attributed revenue in this period.")
        return
    st.caption(
        f"A = **{model_a}** (sidebar), B = **{model_b}**. Spend does not "
        "depend on the model; per model, attributed revenue over all channels "
        "adds up to the revenue invoiced, so the models differ per channel."
    )
    _headline(by_channel, ctx.fmt, model_a, model_b)
    st.altair_chart(_spend_revenue_chart(by_channel, model_a, model_b), width="stretch")
    st.altair_chart(_roi_chart(by_channel, model_a, model_b), width="stretch")
    _table(by_channel, ctx.fmt, model_a, model_b)


def _compare_with(ctx: ui.Context) -> str:
    models = data.filter_options(ctx.con)["models"]
    default = DEFAULT_COMPARE if DEFAULT_COMPARE in models else models[0]
    return st.selectbox(
        "Compare with (model B)",
        models,
        index=models.index(default),
        key="compare",
        bind="query-params",
    )


def _headline(
    by_channel: pd.DataFrame, fmt: Formatter, model_a: str, model_b: str
) -> None:
    spend = by_channel["spend_eur"].sum()
    revenue_a = by_channel["revenue_a_eur"].sum()
    revenue_b = by_channel["revenue_b_eur"].sum()
    roi_help = (
        "(attributed revenue - spend) / spend over the period's sums, as "
        "rpt_channel_campaign_performance documents"
    )
    ui.metrics(
        [
            ui.Metric("Spend", fmt.money(spend), help="sum of spend_eur"),
            ui.Metric(
                "Attributed revenue A",
                fmt.money(revenue_a),
                help=f"sum of attributed_revenue_eur under {model_a}",
            ),
            ui.Metric(
                "ROI A",
                fmt.percent(data.ratio(revenue_a - spend, spend)),
                help=f"{model_a}: {roi_help}",
            ),
            ui.Metric("Leads", fmt.number(by_channel["leads"].sum())),
            ui.Metric(
                "Attributed revenue B",
                fmt.money(revenue_b),
                help=f"sum of attributed_revenue_eur under {model_b}",
            ),
            ui.Metric(
                "ROI B",
                fmt.percent(data.ratio(revenue_b - spend, spend)),
                help=f"{model_b}: {roi_help}",
            ),
        ],
        per_row=3,
    )


def _series_names(model_a: str, model_b: str) -> dict[str, str]:
    names = {"spend_eur": "Spend", "revenue_a_eur": f"Revenue, {model_a} (A)"}
    if model_b != model_a:
        names["revenue_b_eur"] = f"Revenue, {model_b} (B)"
    return names


def _spend_revenue_chart(
    by_channel: pd.DataFrame, model_a: str, model_b: str
) -> alt.Chart:
    names = _series_names(model_a, model_b)
    long = by_channel.melt(
        id_vars=["channel"],
        value_vars=list(names),
        var_name="series",
        value_name="eur",
    )
    long["series"] = long["series"].map(names)
    return (
        alt.Chart(long, title="Spend and attributed revenue by channel")
        .mark_bar()
        .encode(
            x=alt.X("channel:N", title=None, sort="-y"),
            xOffset=alt.XOffset("series:N", sort=list(names.values())),
            y=alt.Y("eur:Q", title="EUR"),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=list(names.values()), range=COLOURS[: len(names)]
                ),
            ),
            tooltip=["channel", "series", alt.Tooltip("eur:Q", format=",.2f")],
        )
        .properties(height=340)
    )


def _roi_chart(by_channel: pd.DataFrame, model_a: str, model_b: str) -> alt.Chart:
    names = {"roi_a": f"{model_a} (A)"}
    if model_b != model_a:
        names["roi_b"] = f"{model_b} (B)"
    long = by_channel.dropna(subset=["roi_a"]).melt(
        id_vars=["channel"],
        value_vars=list(names),
        var_name="model",
        value_name="roi",
    )
    long["model"] = long["model"].map(names)
    return (
        alt.Chart(long, title="ROI by channel (channels with spend)")
        .mark_bar()
        .encode(
            x=alt.X("channel:N", title=None),
            xOffset=alt.XOffset("model:N", sort=list(names.values())),
            y=alt.Y("roi:Q", title="ROI", axis=alt.Axis(format="%")),
            color=alt.Color(
                "model:N",
                title=None,
                scale=alt.Scale(
                    domain=list(names.values()), range=COLOURS[1 : 1 + len(names)]
                ),
            ),
            tooltip=["channel", "model", alt.Tooltip("roi:Q", format=".1%")],
        )
        .properties(height=280)
    )


def _table(
    by_channel: pd.DataFrame, fmt: Formatter, model_a: str, model_b: str
) -> None:
    shown = by_channel[
        [
            "channel",
            "spend_eur",
            "leads",
            "revenue_a_eur",
            "roi_a",
            "revenue_b_eur",
            "roi_b",
        ]
    ].sort_values("revenue_a_eur", ascending=False)
    if model_b == model_a:
        shown = shown.drop(columns=["revenue_b_eur", "roi_b"])
    ui.table(
        shown,
        fmt,
        formats={"roi_a": fmt.percent, "roi_b": fmt.percent},
        labels={
            "spend_eur": "spend",
            "revenue_a_eur": f"revenue {model_a} (A)",
            "roi_a": f"ROI {model_a} (A)",
            "revenue_b_eur": f"revenue {model_b} (B)",
            "roi_b": f"ROI {model_b} (B)",
        },
    )
