"""Streamlit entry point: ``streamlit run dashboard/app.py``.

Reads the published read-only copy of the marts
(``ingestion.settings.published_db_path()``, env ATTRIBUTION_PUBLISHED_PATH),
never the warehouse dbt writes. The sidebar filters are bound to the URL's
query parameters, so a filtered view can be shared as a link.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project.
PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import data, ui  # noqa: E402
from dashboard.format import Formatter  # noqa: E402
from dashboard.views import (  # noqa: E402
    abm,
    cac_ltv,
    channels,
    funnel,
    quality,
    time_to_cash,
    weekly,
)
from ingestion import settings  # noqa: E402

#: (module, title, url path) of each page, in menu order; each url path is the
#: ``url`` of a dbt exposure in models/marts/exposures.yml.
PAGES = (
    # the first page is Streamlit's default page, served at the root url
    (weekly, "Weekly review", ""),
    (channels, "Channel ROI", "channel_roi"),
    (cac_ltv, "CAC, LTV and payback", "cac_ltv"),
    (funnel, "Funnel", "funnel"),
    (time_to_cash, "Time to cash", "time_to_cash"),
    (abm, "ABM", "abm"),
    (quality, "Data quality", "data_quality"),
)
ALL = "all"
DEFAULT_MODEL = "shapley"


def sidebar(con: duckdb.DuckDBPyConnection, path: Path) -> ui.Context:
    """The filters every page shares, bound to the URL's query parameters."""
    first, last = data.data_range(con)
    options = data.filter_options(con)
    models = options["models"]
    with st.sidebar:
        french = st.toggle(
            "French formats",
            value=True,
            key="fr",
            bind="query-params",
            help="1\u202f234,56 EUR and 02/12/2026; off: 1,234.56 EUR, 2026-12-02",
        )
        fmt = Formatter(french)
        period = st.date_input(
            "Period",
            value=(first, last),
            min_value=first,
            max_value=last,
            key="period",
            format=fmt.date_pattern,
            bind="query-params",
        )
        model = st.selectbox(
            "Attribution model",
            models,
            key="model",
            bind="query-params",
            index=models.index(DEFAULT_MODEL) if DEFAULT_MODEL in models else 0,
        )
        channel = st.selectbox(
            "Channel",
            [ALL, *options["channels"]],
            key="channel",
            bind="query-params",
        )
        region = st.selectbox(
            "Region",
            [ALL, *options["regions"]],
            key="region",
            format_func=ui.region_label,
            bind="query-params",
        )
        _published_caption(con, path, fmt)
    start, end = _period_bounds(period, first, last)
    filters = data.Filters(
        start=start,
        end=end,
        model=model,
        channel=None if channel == ALL else channel,
        region=None if region == ALL else region,
    )
    return ui.Context(con=con, filters=filters, fmt=fmt)


def _period_bounds(period: object, first, last) -> tuple:
    """The two ends of the date range (one end while the user is picking)."""
    if isinstance(period, (tuple, list)):
        if len(period) == 2:
            return period[0], period[1]
        if len(period) == 1:
            return period[0], last
        return first, last
    return (period, period) if period else (first, last)


def _published_caption(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: Formatter
) -> None:
    published = data.published_at(con)
    when = published.get("published_at")
    st.caption(
        f"Read-only copy of the marts: `{path}`, published "
        f"{fmt.date(when)} {when:%H:%M}"
        if when
        else f"`{path}`"
    )


def _page(module: object, title: str, url_path: str, ctx: ui.Context) -> st.Page:
    render: Callable[[ui.Context], None] = module.render  # type: ignore[attr-defined]

    def run() -> None:
        st.title(title)
        render(ctx)

    run.__name__ = url_path or "weekly_review"
    if not url_path:
        return st.Page(run, title=title, default=True)
    return st.Page(run, title=title, url_path=url_path)


def main() -> None:
    """Check the published file, draw the sidebar, run the chosen page."""
    st.set_page_config(page_title="Revenue attribution", layout="wide")
    path = settings.published_db_path()
    if not path.exists():
        st.error(
            f"No published marts at {path}: run `make demo` or "
            "`attribution build` first."
        )
        st.stop()
    con = data.connect(path)
    try:
        ctx = sidebar(con, path)
        pages = [_page(module, title, url, ctx) for module, title, url in PAGES]
        st.navigation(pages).run()
    finally:
        con.close()


if __name__ == "__main__":  # streamlit runs the script as __main__
    main()
