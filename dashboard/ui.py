"""Shared page parts: the page context, headline metrics, tables, labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st

from dashboard.data import Filters
from dashboard.format import MISSING, Formatter

#: Display names of the region groups of the marts.
REGION_LABELS = {
    "ile_de_france": "Ile-de-France",
    "regions": "Regions (rest of France)",
    "international": "International",
    "unknown": "Unknown",
    "all": "All regions",
}
#: What each sidebar filter is called in the "applied filters" caption.
FILTER_NAMES = {
    "period": "period",
    "model": "attribution model",
    "channel": "channel",
    "region": "region",
}


@dataclass(frozen=True)
class Context:
    """What every page gets: the read-only connection, filters and formats."""

    con: duckdb.DuckDBPyConnection
    filters: Filters
    fmt: Formatter


@dataclass(frozen=True)
class Metric:
    """A headline figure: a stable label (tests find it by it) and its value."""

    label: str
    value: str
    help: str | None = None


def metrics(items: Sequence[Metric], per_row: int = 3) -> None:
    """Headline figures in rows of ``per_row`` columns."""
    for start in range(0, len(items), per_row):
        row = items[start : start + per_row]
        for column, item in zip(st.columns(per_row), row, strict=False):
            column.metric(item.label, item.value, help=item.help)


def applied_filters(ctx: Context, *used: str, note: str = "") -> None:
    """Say which sidebar filters this page applies and which it cannot."""
    f, fmt = ctx.filters, ctx.fmt
    parts = []
    if "period" in used:
        parts.append(f"{fmt.date(f.start)} to {fmt.date(f.end)}")
    if "model" in used:
        parts.append(f"model {f.model}")
    if "channel" in used:
        parts.append(f"channel {f.channel or 'all'}")
    if "region" in used:
        parts.append(REGION_LABELS.get(f.region or "all", f.region or "all"))
    ignored = [
        FILTER_NAMES[name]
        for name, value in (
            ("period", True),
            ("channel", f.channel),
            ("region", f.region),
        )
        if value and name not in used
    ]
    text = "Filtered on: " + (", ".join(parts) if parts else "nothing")
    if ignored:
        text += f". Not filtered on {', '.join(ignored)} (not in these marts)"
    st.caption(text + (f". {note}" if note else "."))


def table(
    df: pd.DataFrame,
    fmt: Formatter,
    formats: dict[str, Callable[[object], str]] | None = None,
    labels: dict[str, str] | None = None,
) -> None:
    """A sortable table: values stay numbers, shown in the chosen format.

    Columns without an explicit format: ``*_eur`` as money, dates as dates,
    whole numbers without decimals, other numbers with two.
    """
    formats = {**default_formats(df, fmt), **(formats or {})}
    labels = labels or {}
    shown = df.rename(columns=labels)
    st.dataframe(
        shown.style.format(
            {labels.get(column, column): f for column, f in formats.items()},
            na_rep=MISSING,
        ),
        hide_index=True,
        width="stretch",
        placeholder=MISSING,
    )


def default_formats(
    df: pd.DataFrame, fmt: Formatter
) -> dict[str, Callable[[object], str]]:
    """The format of each money, date and number column of ``df``."""
    formats: dict[str, Callable[[object], str]] = {}
    for column in df.columns:
        values = df[column]
        if pd.api.types.is_bool_dtype(values):
            continue
        if column.endswith("_eur"):
            formats[column] = fmt.money
        elif pd.api.types.is_datetime64_any_dtype(values) or column.endswith("_date"):
            formats[column] = fmt.date
        elif pd.api.types.is_numeric_dtype(values):
            whole = bool((values.dropna() % 1 == 0).all())
            formats[column] = _number_format(fmt, 0 if whole else 2)
    return formats


def _number_format(fmt: Formatter, decimals: int) -> Callable[[object], str]:
    return lambda value: fmt.number(value, decimals)


def region_label(region: str) -> str:
    """Display name of a region group."""
    return REGION_LABELS.get(region, region)
