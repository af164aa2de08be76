"""Data quality: findings, quarantined rows, reconciliation, freshness."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, ui


def render(ctx: ui.Context) -> None:
    """Headline counts, quarantine by reason, findings, tables, freshness."""
    ui.applied_filters(ctx, note="The whole load")
    fmt = ctx.fmt
    findings = data.quality_findings(ctx.con)
    quarantine = data.quarantine_by_reason(ctx.con)
    recon = data.reconciliation(ctx.con)
    published = data.published_at(ctx.con)
    ui.metrics(
        [
            ui.Metric(
                "Findings",
                fmt.number(int(findings["is_found"].sum())),
                help="kinds of finding with finding_count > 0 "
                "(rpt_data_quality_findings.is_found)",
            ),
            ui.Metric(
                "Quarantined rows",
                fmt.number(quarantine["quarantined_rows"].sum()),
                help="rows of fct_quarantined_rows",
            ),
            ui.Metric(
                "Raw tables reconciled",
                f"{int(recon['is_reconciled'].sum())} / {len(recon)}",
                help="rpt_source_reconciliation.is_reconciled",
            ),
            ui.Metric("Published", fmt.date(published.get("published_at"))),
        ],
        per_row=4,
    )
    st.subheader("Findings")
    found = findings[findings["is_found"]]
    if found.empty:
        st.success("No finding: every check is clean.")
    else:
        ui.table(
            found[["finding_kind", "finding_count", "description", "found_in"]],
            fmt,
        )
    st.subheader("Quarantined rows by reason")
    if quarantine.empty:
        st.success("No row quarantined.")
    else:
        st.altair_chart(_quarantine_chart(quarantine), width="stretch")
    st.subheader("Source reconciliation (lines read -> raw rows -> staging)")
    ui.table(recon, fmt)
    _freshness(ctx, published)


def _quarantine_chart(quarantine: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(quarantine)
        .mark_bar()
        .encode(
            y=alt.Y("reason_code:N", sort="-x", title=None),
            x=alt.X("sum(quarantined_rows):Q", title="Rows"),
            color=alt.Color("source_table:N", title=None),
            tooltip=["source_table", "reason_code", "quarantined_rows"],
        )
        .properties(height=max(120, 28 * quarantine["reason_code"].nunique()))
    )


def _freshness(ctx: ui.Context, published: dict) -> None:
    st.subheader("Freshness: latest data date per source")
    when = published.get("published_at")
    st.caption(
        "From what the marts hold. Published copy written "
        f"{ctx.fmt.date(when)} {when:%H:%M}"
        if when
        else "Not published."
    )
    ui.table(
        data.freshness(ctx.con),
        ctx.fmt,
        labels={"measured_by": "measured by", "latest_date": "latest date"},
    )
