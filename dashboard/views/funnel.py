"""Funnel by stage: rpt_funnel_conversion, cohorts of the period.

The mart starts at visitors (anonymous ones included as aggregate counts)
with the columns ``reached``, ``reached_previous_stage``, ``visitors``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, ui
from dashboard.format import Formatter


def render(ctx: ui.Context) -> None:
    """Headline counts and rates, the funnel chart, the stage table."""
    ui.applied_filters(
        ctx,
        "period",
        "channel",
        "region",
        note="Cohort months (first activity) overlapping the period; channel "
        "= first-touch channel",
    )
    stages = data.funnel(ctx.con, ctx.filters)
    if stages.empty:
        st.info("No cohort in this period for these filters.")
        return
    _headline(stages, ctx.fmt, data.anonymous_visitors(ctx.con, ctx.filters))
    st.altair_chart(_chart(stages, ctx.fmt), width="stretch")
    _table(stages, ctx.fmt)


def _reached(stages: pd.DataFrame, stage: str) -> float | None:
    row = stages[stages["funnel_stage"] == stage]
    return None if row.empty else row["reached"].iloc[0]


def _headline(stages: pd.DataFrame, fmt: Formatter, anonymous: float | None) -> None:
    first = stages.iloc[0]
    visitors = first["reached"]
    won = _reached(stages, "won")
    items = [
        ui.Metric(
            "Visitors",
            fmt.number(visitors),
            help=f"sum of reached at the first stage ({first['funnel_stage']})",
        )
    ]
    if anonymous is not None:
        items.append(
            ui.Metric(
                "Anonymous visitors",
                fmt.number(anonymous),
                help="of the visitors, devices never tied to a contact "
                "(sum of anonymous_visitors over the first stage's rows)",
            )
        )
    items += [
        ui.Metric("Leads", fmt.number(_reached(stages, "lead"))),
        ui.Metric("Opportunities", fmt.number(_reached(stages, "opportunity"))),
        ui.Metric("Won", fmt.number(won)),
        ui.Metric("Paid", fmt.number(_reached(stages, "paid"))),
        ui.Metric(
            "Visitor to won",
            fmt.percent(data.ratio(won, visitors), 2),
            help="sum of reached (won) / sum of visitors: the mart's "
            "conversion rate from the first stage, over the cohorts",
        ),
    ]
    ui.metrics(items, per_row=4)


def _chart(stages: pd.DataFrame, fmt: Formatter) -> alt.LayerChart:
    shown = stages.assign(
        rate=[
            "" if pd.isna(rate) else fmt.percent(rate)
            for rate in stages["conversion_rate_from_previous_stage"]
        ],
        count=stages["reached"].map(fmt.number),
    )
    order = list(shown["funnel_stage"])
    bars = (
        alt.Chart(shown, title="Reached each stage (or a later one)")
        .mark_bar()
        .encode(
            y=alt.Y("funnel_stage:N", sort=order, title=None),
            x=alt.X("reached:Q", title="Reached"),
            tooltip=["funnel_stage", "count", "rate"],
        )
    )
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text("rate:N"))
    return alt.layer(bars, labels).properties(height=300)


def _table(stages: pd.DataFrame, fmt: Formatter) -> None:
    ui.table(
        stages[
            [
                "funnel_stage",
                "reached",
                "reached_previous_stage",
                "conversion_rate_from_previous_stage",
                "conversion_rate_from_visitor",
            ]
        ],
        fmt,
        formats={
            "conversion_rate_from_previous_stage": fmt.percent,
            "conversion_rate_from_visitor": fmt.percent,
        },
        labels={
            "funnel_stage": "stage",
            "reached_previous_stage": "reached previous stage",
            "conversion_rate_from_previous_stage": "from previous stage",
            "conversion_rate_from_visitor": "from first stage",
        },
    )
