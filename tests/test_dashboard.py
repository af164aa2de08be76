"""The Streamlit dashboard, in a real browser, against the published marts.

Each page is opened in Debian's chromium (Playwright) on a Streamlit server
serving a copy published from the demo warehouse. The headline figures on
screen are parsed back from their French or international format and
compared with sums of mart columns computed here with our own SQL on the
published file, before and after a filter changes. The formats are checked
against strings written by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dashboard import format as fmt
from ingestion import jobs, settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
METRIC = '[data-testid="stMetric"]'
IDLE_APP = '[data-testid="stApp"][data-test-script-state="notRunning"]'


# --- formats (no browser) --------------------------------------------------


def test_french_and_international_formats() -> None:
    """Hand-written expected strings for every kind of figure."""
    nnbsp, nbsp = "\u202f", "\u00a0"
    assert fmt.money(1234.5, french=True) == f"1{nnbsp}234,50{nbsp}EUR"
    assert fmt.money(1234.5, french=False) == "1,234.50 EUR"
    assert fmt.money(-1234567.891, french=True) == (
        f"-1{nnbsp}234{nnbsp}567,89{nbsp}EUR"
    )
    assert fmt.money(0.004, french=True) == f"0,00{nbsp}EUR"
    assert fmt.money(-0.004, french=False) == "0.00 EUR"
    assert fmt.number(2308, french=True) == f"2{nnbsp}308"
    assert fmt.number(100.04, french=False, decimals=1) == "100.0"
    assert fmt.percent(0.125, french=True) == f"12,5{nbsp}%"
    assert fmt.percent(2.3384, french=False) == "233.8%"
    assert fmt.days(103.0, french=True) == "103 days"
    assert fmt.date(dt.date(2026, 12, 2), french=True) == "02/12/2026"
    assert fmt.date(dt.date(2026, 12, 2), french=False) == "2026-12-02"
    assert fmt.date(dt.datetime(2026, 1, 5, 23, 59), french=True) == "05/01/2026"
    for missing in (None, float("nan")):
        assert fmt.money(missing, french=True) == "\u2014"
        assert fmt.percent(missing, french=False) == "\u2014"
    assert fmt.date(None, french=True) == "\u2014"


def test_a_missing_published_file_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No published copy yet: one st.error naming the commands, no page."""
    from streamlit.testing.v1 import AppTest

    missing = tmp_path / "published.duckdb"
    monkeypatch.setenv(settings.PUBLISHED_DB_PATH_ENV, str(missing))
    app = AppTest.from_file(
        str(settings.PROJECT_DIR / "dashboard" / "app.py"), default_timeout=60
    ).run()
    assert [error.value for error in app.error] == [
        f"No published marts at {missing}: run `make demo` or "
        "`attribution build` first."
    ]
    assert not app.exception and not app.metric
    assert not missing.exists()


def test_cli_runs_streamlit_headless_on_the_port() -> None:
    """`attribution dashboard --port N` runs `streamlit run dashboard/app.py`."""
    from ingestion import cli

    args = cli._parser().parse_args(["dashboard", "--port", "8600"])
    assert (args.command, args.port) == ("dashboard", 8600)
    command = jobs.dashboard_command(8600)
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert command[4] == str(settings.PROJECT_DIR / "dashboard" / "app.py")
    assert command[command.index("--server.port") + 1] == "8600"
    assert command[command.index("--server.headless") + 1] == "true"


def test_every_page_is_a_dbt_exposure() -> None:
    """The pages and the exposures' urls (models/marts/exposures.yml) match."""
    import yaml

    from dashboard.app import PAGES

    exposures = yaml.safe_load(
        (settings.PROJECT_DIR / "models" / "marts" / "exposures.yml").read_text()
    )["exposures"]
    urls = {e["url"].removeprefix("http://localhost:8501/") for e in exposures}
    assert urls == {url_path for _, _, url_path in PAGES}


# --- the browser test ------------------------------------------------------


def parse_figure(text: str) -> tuple[float, float]:
    """A displayed figure back to a number, with half its last digit's unit.

    ``1 234,56 EUR`` (French) or ``1,234.56 EUR``; a percentage becomes a
    ratio. Returns (value, tolerance).
    """
    text = text.replace("\u202f", " ").replace("\u00a0", " ").strip()
    is_percent = text.endswith("%")
    number = re.sub(r"(EUR|%|days)$", "", text).strip()
    if "," in number and "." not in number and not re.search(r",\d{3}$", number):
        number = number.replace(" ", "").replace(",", ".")  # French decimals
    elif " " in number:
        number = number.replace(" ", "").replace(",", ".")  # French thousands
    else:
        number = number.replace(",", "")  # international thousands
    decimals = len(number.split(".")[1]) if "." in number else 0
    value, tolerance = float(number), 0.5 * 10**-decimals + 1e-9
    if is_percent:
        return value / 100, tolerance / 100
    return value, tolerance


def test_parse_figure_reads_both_formats() -> None:
    assert parse_figure("1\u202f234,50\u00a0EUR") == pytest.approx((1234.5, 0.005))
    assert parse_figure("1,234.50 EUR") == pytest.approx((1234.5, 0.005))
    assert parse_figure("233,8\u00a0%") == pytest.approx((2.338, 0.0005))
    assert parse_figure("1,234") == pytest.approx((1234, 0.5))
    assert parse_figure("2\u202f308") == pytest.approx((2308, 0.5))
    assert parse_figure("103 days") == pytest.approx((103, 0.5))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def published(demo_warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's marts published as the dashboard reads them."""
    from ingestion.publish import publish

    assert demo_warehouse.build_ok
    out = tmp_path_factory.mktemp("published") / "published.duckdb"
    publish(demo_warehouse.db_path, out)
    return out


@pytest.fixture(scope="module")
def marts(published: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Our own read-only connection for the expected values."""
    with duckdb.connect(str(published), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def server(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One Streamlit server for the module, killed at teardown."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = {**os.environ, settings.PUBLISHED_DB_PATH_ENV: str(published)}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            jobs.dashboard_command(port),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=settings.PROJECT_DIR,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_health(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited: {log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"streamlit not healthy after 60 s: {log_path.read_text()}")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright (no browser download)."""
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (Debian package `chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    """A fresh tab, tall enough for a page's figures and first charts."""
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dashboard_screenshots")


def open_page(page, url: str) -> None:
    """Navigate and wait until Streamlit has drawn the figures and is idle."""
    page.goto(url)
    page.wait_for_selector(METRIC)
    page.wait_for_selector(IDLE_APP)


def displayed(page) -> dict[str, str]:
    """Every headline figure on screen: label -> displayed value."""
    return page.evaluate(
        """() => Object.fromEntries(
            [...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [
                m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
                m.querySelector('[data-testid="stMetricValue"]').innerText.trim(),
            ]))"""
    )


def _mismatches(shown: dict[str, str], expected: dict[str, float | None]) -> list:
    wrong = []
    for label, value in expected.items():
        text = shown.get(label)
        if text is None:
            wrong.append((label, "missing", value))
        elif value is None:
            if text != "\u2014":
                wrong.append((label, text, value))
        else:
            number, tolerance = parse_figure(text)
            if abs(number - float(value)) > tolerance:
                wrong.append((label, text, value))
    return wrong


def assert_figures(page, expected: dict[str, float | None]) -> dict[str, str]:
    """The figures on screen equal the expected values (waits for a rerun)."""
    deadline = time.monotonic() + 30
    while True:
        page.wait_for_selector(IDLE_APP)
        shown = displayed(page)
        wrong = _mismatches(shown, expected)
        if not wrong or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    assert not wrong, f"displayed vs expected: {wrong}"
    return shown


def check_page(page, name: str, screenshots: Path) -> None:
    """No exception, no st.error; a screenshot of the page."""
    page.wait_for_selector(IDLE_APP)
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.all_inner_texts()
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()
    path = screenshots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot of {name}: {path}")


def wait_until(page, condition, seconds: float = 30) -> dict[str, str]:
    """Wait until the figures on screen satisfy ``condition``."""
    deadline = time.monotonic() + seconds
    while True:
        page.wait_for_selector(IDLE_APP)
        shown = displayed(page)
        if condition(shown):
            return shown
        assert time.monotonic() < deadline, f"condition not met: {shown}"
        page.wait_for_timeout(250)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a selectbox, as a person would (open, click)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    box.get_by_role("button", name="Open").click()
    page.get_by_role("option", name=option, exact=True).click()


def selected(page, label: str) -> str:
    """The value a selectbox shows."""
    return page.get_by_role("combobox", name=label).input_value()


def row(marts, sql: str, params: list | dict | None = None) -> dict:
    """One row of our own query as a dict."""
    result = marts.execute(sql, params or [])
    values = result.fetchone()
    return dict(zip([d[0] for d in result.description], values, strict=True))


def ratio(numerator, denominator) -> float | None:
    return None if not denominator else float(numerator) / float(denominator)


def differs(before: float | None, after: float | None) -> bool:
    """Two expected values that a display with cents can tell apart."""
    if before is None or after is None:
        return before is not after
    return abs(float(before) - float(after)) > 0.01


slow = pytest.mark.slow


# --- 1. weekly review ------------------------------------------------------


def weekly_expected(marts, first_monday: str, last_monday: str) -> dict:
    """Sums of rpt_weekly_cmo_cfo over weeks starting in [first, last]."""
    sums = row(
        marts,
        """
        select
            sum(marketing_spend_eur) as spend,
            sum(sales_costs_eur) as sales,
            sum(leads) as leads,
            sum(pipeline_generated_eur) as created,
            sum(pipeline_won_eur) as won,
            sum(revenue_invoiced_eur) as revenue,
            sum(cash_collected_eur) as cash,
            sum(new_customers) as customers
        from marts.rpt_weekly_cmo_cfo
        where week_start_date between cast(? as date) and cast(? as date)
        """,
        [first_monday, last_monday],
    )
    trailing = row(
        marts,
        f"""
        select cac_13w_eur, marketing_roi_13w from marts.rpt_weekly_cmo_cfo
        where week_start_date between cast(? as date) and cast(? as date)
            and not ({partial_week_condition(marts)})
        order by week_start_date desc limit 1
        """,
        [first_monday, last_monday],
    )
    return {
        "Marketing spend": sums["spend"],
        "Leads": sums["leads"],
        "Pipeline created": sums["created"],
        "Pipeline won": sums["won"],
        "Revenue invoiced": sums["revenue"],
        "Cash collected": sums["cash"],
        "New customers": sums["customers"],
        # cac_eur and marketing_roi as rpt_weekly_cmo_cfo.yml defines them.
        "CAC, period": ratio(sums["spend"] + sums["sales"], sums["customers"]),
        "Marketing ROI, period": ratio(sums["revenue"] - sums["spend"], sums["spend"]),
        "CAC, trailing 13 weeks": trailing["cac_13w_eur"],
        "Marketing ROI, trailing 13 weeks": trailing["marketing_roi_13w"],
    }


def partial_week_condition(marts) -> str:
    """The mart's is_partial_week once it has one, else fewer than 7 days."""
    has_flag = marts.execute(
        "select count(*) from information_schema.columns where table_schema = "
        "'marts' and table_name = 'rpt_weekly_cmo_cfo' "
        "and column_name = 'is_partial_week'"
    ).fetchone()[0]
    return "is_partial_week" if has_flag else "days_in_data < 7"


@slow
def test_weekly_review(page, server, marts, screenshots) -> None:
    """Period sums, trailing 13 weeks, KPI status, partial weeks; a period."""
    bounds = row(
        marts,
        "select cast(min(week_start_date) as varchar) as first_monday, "
        "cast(max(week_start_date) as varchar) as last_monday "
        "from marts.rpt_weekly_cmo_cfo",
    )
    open_page(page, f"{server}/")
    check_page(page, "weekly_review", screenshots)
    shown = assert_figures(
        page, weekly_expected(marts, bounds["first_monday"], bounds["last_monday"])
    )
    latest = row(
        marts,
        "select max(quarter) as quarter from marts.rpt_kpi_status "
        "where quarter_start_date <= (select max(week_start_date + "
        "cast(days_in_data as integer) - 1) from marts.rpt_weekly_cmo_cfo)",
    )["quarter"]
    assert shown["Quarter"] == latest
    statuses = dict(
        marts.execute(
            "select status, count(*) from marts.rpt_kpi_status "
            "where quarter = ? group by 1",
            [latest],
        ).fetchall()
    )
    assert_figures(
        page,
        {
            "KPIs on track": statuses.get("on_track", 0),
            "KPIs at risk": statuses.get("at_risk", 0),
            "KPIs off track": statuses.get("off_track", 0),
        },
    )
    partial = marts.execute(
        "select strftime(week_start_date, '%d/%m/%Y'), days_in_data "
        "from marts.rpt_weekly_cmo_cfo "
        f"where {partial_week_condition(marts)}"
    ).fetchall()
    if partial:
        note = page.locator('[data-testid="stAlertContentInfo"]').inner_text()
        for week, days in partial:
            assert f"{week} ({days} of 7 days)" in note
    # Q1 2026: the weeks overlapping 01/01/2026 .. 31/03/2026 start on the
    # Mondays 29/12/2025 .. 30/03/2026.
    quarter = weekly_expected(marts, "2025-12-29", "2026-03-30")
    before = weekly_expected(marts, bounds["first_monday"], bounds["last_monday"])
    assert differs(before["Marketing spend"], quarter["Marketing spend"])
    open_page(page, f"{server}/?period=2026-01-01&period=2026-03-31")  # default page
    check_page(page, "weekly_review_2026_q1", screenshots)
    assert_figures(page, quarter)


# --- 2. channel ROI --------------------------------------------------------


def channel_expected(
    marts,
    model_a: str,
    model_b: str,
    channel: str | None = None,
    months: tuple[str, str] = ("1900-01-01", "2999-12-01"),
) -> dict:
    """Spend (one model's rows) and attributed revenue under two models."""
    sums = row(
        marts,
        """
        select
            sum(spend_eur) filter (where attribution_model = $a) as spend,
            sum(leads) filter (where attribution_model = $a) as leads,
            sum(attributed_revenue_eur) filter (where attribution_model = $a)
                as revenue_a,
            sum(attributed_revenue_eur) filter (where attribution_model = $b)
                as revenue_b
        from marts.rpt_channel_campaign_performance
        where ($channel is null or channel = $channel)
            and month_start_date between cast($first as date)
                and cast($last as date)
        """,
        {
            "a": model_a,
            "b": model_b,
            "channel": channel,
            "first": months[0],
            "last": months[1],
        },
    )
    spend = sums["spend"]
    return {
        "Spend": spend,
        "Leads": sums["leads"],
        "Attributed revenue A": sums["revenue_a"],
        "Attributed revenue B": sums["revenue_b"],
        # "sum the amounts and recompute the ratios" (the mart's YAML).
        "ROI A": ratio(sums["revenue_a"] - spend, spend),
        "ROI B": ratio(sums["revenue_b"] - spend, spend),
    }


@slow
def test_channel_roi(page, server, marts, screenshots) -> None:
    """Two models side by side; channel and period; model B picked by hand."""
    open_page(page, f"{server}/channel_roi")
    check_page(page, "channel_roi", screenshots)
    model_a = selected(page, "Attribution model")
    model_b = selected(page, "Compare with (model B)")
    assert model_a != model_b
    assert_figures(page, channel_expected(marts, model_a, model_b))
    # Paid search in Q1 2026 (months starting 2026-01-01 .. 2026-03-01).
    months = ("2026-01-01", "2026-03-01")
    open_page(
        page,
        f"{server}/channel_roi?channel=paid_search&period=2026-01-01&period=2026-03-31",
    )
    assert_figures(
        page, channel_expected(marts, model_a, model_b, "paid_search", months)
    )
    other = next(
        m for m in ("first_touch", "linear", "w_shaped") if m not in (model_a, model_b)
    )
    before = channel_expected(marts, model_a, model_b, "paid_search", months)
    after = channel_expected(marts, model_a, other, "paid_search", months)
    assert differs(before["Attributed revenue B"], after["Attributed revenue B"])
    choose(page, "Compare with (model B)", other)
    assert_figures(page, after)
    check_page(page, "channel_roi_paid_search_q1", screenshots)
    # International formats: the same figures, written 1,234.56 EUR.
    page.get_by_text("French formats").click()
    international = re.compile(r"-?\d{1,3}(,\d{3})*\.\d{2} EUR")
    wait_until(page, lambda shown: international.fullmatch(shown["Spend"]))
    assert_figures(page, after)


# --- 3. CAC, LTV and payback -----------------------------------------------


def cac_expected(
    marts, model: str, months: tuple[str, str] = ("1900-01-01", "2999-12-01")
) -> dict:
    """Blended ('all') monthly rows of rpt_customer_acquisition_cost."""
    sums = row(
        marts,
        """
        select
            sum(acquisition_cost_eur) as cost,
            sum(new_customers) as customers,
            any_value(monthly_margin_per_customer_eur) as monthly_margin,
            any_value(expected_lifetime_revenue_eur) as lifetime_revenue
        from marts.rpt_customer_acquisition_cost
        where period_type = 'month' and channel = 'all'
            and attribution_model = ?
            and period_start_date between cast(? as date) and cast(? as date)
        """,
        [model, *months],
    )
    # CAC, payback and CLV / CAC as rpt_customer_acquisition_cost.yml defines
    # them (cac_eur, cac_payback_months, ltv_to_cac_ratio).
    cac = ratio(sums["cost"], sums["customers"])
    return {
        "New customers": sums["customers"],
        "Acquisition cost": sums["cost"],
        "CAC": cac,
        "CAC payback (months)": ratio(cac, sums["monthly_margin"]),
        "Expected lifetime revenue": sums["lifetime_revenue"],
        "LTV / CAC": ratio(sums["lifetime_revenue"] - cac, cac),
    }


@slow
def test_cac_ltv_payback(page, server, marts, screenshots) -> None:
    """Blended CAC of the period; one month shows the mart's own cac_eur."""
    open_page(page, f"{server}/cac_ltv")
    check_page(page, "cac_ltv", screenshots)
    model = selected(page, "Attribution model")
    assert_figures(page, cac_expected(marts, model))
    march = row(
        marts,
        "select cac_eur, cac_payback_months, new_customers "
        "from marts.rpt_customer_acquisition_cost "
        "where period_type = 'month' and channel = 'all' "
        "and attribution_model = ? and period_start_date = '2026-03-01'",
        [model],
    )
    assert march["new_customers"] > 0
    expected = cac_expected(marts, model, ("2026-03-01", "2026-03-01"))
    assert expected["CAC"] == pytest.approx(march["cac_eur"])
    assert expected["CAC payback (months)"] == pytest.approx(
        march["cac_payback_months"]
    )
    assert differs(cac_expected(marts, model)["CAC"], expected["CAC"])
    open_page(page, f"{server}/cac_ltv?period=2026-03-01&period=2026-03-31")
    assert_figures(page, expected)
    check_page(page, "cac_ltv_march_2026", screenshots)


# --- 4. funnel -------------------------------------------------------------


def funnel_expected(marts, region: str | None = None) -> dict:
    """Contacts (or visitors) reaching each stage, summed over the cells."""
    names = {
        name
        for (name,) in marts.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'rpt_funnel_conversion'"
        ).fetchall()
    }
    reached = "reached" if "reached" in names else "contacts_reached"
    anonymous = "anonymous_visitors" if "anonymous_visitors" in names else "0"
    stages = dict(
        marts.execute(
            f"""
            select
                case when stage_number = 1 then 'first' else funnel_stage end,
                sum({reached})
            from marts.rpt_funnel_conversion
            where $region is null or region_group = $region
            group by 1
            union all
            select 'anonymous', sum({anonymous})
            from marts.rpt_funnel_conversion
            where stage_number = 1
                and ($region is null or region_group = $region)
            """,
            {"region": region},
        ).fetchall()
    )
    anonymous_figure = {"Anonymous visitors": stages["anonymous"] or 0}
    return {
        **(anonymous_figure if anonymous != "0" else {}),
        "Visitors": stages["first"],
        "Leads": stages["lead"],
        "Opportunities": stages["opportunity"],
        "Won": stages["won"],
        "Paid": stages["paid"],
        "Visitor to won": ratio(stages["won"], stages["first"]),
    }


@slow
def test_funnel(page, server, marts, screenshots) -> None:
    """Stage counts and the visitor-to-won rate; the region picked by hand."""
    open_page(page, f"{server}/funnel")
    check_page(page, "funnel", screenshots)
    everyone = funnel_expected(marts)
    assert_figures(page, everyone)
    paris = funnel_expected(marts, "ile_de_france")
    assert differs(everyone["Visitors"], paris["Visitors"])
    choose(page, "Region", "Ile-de-France")
    assert_figures(page, paris)
    check_page(page, "funnel_ile_de_france", screenshots)


# --- 5. time to cash -------------------------------------------------------


def time_to_cash_expected(marts, channel: str) -> dict:
    """rpt_time_to_cash rows of the channel for Ile-de-France and regions."""
    expected = {}
    for region, name in (
        ("ile_de_france", "Ile-de-France"),
        ("regions", "Regions (rest of France)"),
    ):
        values = marts.execute(
            "select median_days_first_touch_to_first_payment, "
            "p75_days_first_touch_to_first_payment, paid_deals "
            "from marts.rpt_time_to_cash "
            "where first_touch_channel = ? and region_group = ?",
            [channel, region],
        ).fetchone() or (None, None, None)
        expected[f"Median days to cash, {name}"] = values[0]
        expected[f"P75 days to cash, {name}"] = values[1]
        expected[f"Paid deals, {name}"] = values[2]
    return expected


@slow
def test_time_to_cash(page, server, marts, screenshots) -> None:
    """Medians and p75 read from the mart; the channel changes them."""
    open_page(page, f"{server}/time_to_cash")
    check_page(page, "time_to_cash", screenshots)
    everyone = time_to_cash_expected(marts, "all")
    assert_figures(page, everyone)
    paid_search = time_to_cash_expected(marts, "paid_search")
    label = "Median days to cash, Ile-de-France"
    assert differs(everyone[label], paid_search[label])
    open_page(page, f"{server}/time_to_cash?channel=paid_search")
    assert_figures(page, paid_search)
    check_page(page, "time_to_cash_paid_search", screenshots)


# --- 6. ABM ----------------------------------------------------------------


@slow
def test_abm(page, server, marts, screenshots) -> None:
    """The target segment's row of rpt_abm_summary."""
    open_page(page, f"{server}/abm")
    check_page(page, "abm", screenshots)
    target = row(
        marts,
        "select * from marts.rpt_abm_summary where account_segment = 'target'",
    )
    assert_figures(
        page,
        {
            "Target accounts": target["total_accounts"],
            "Engaged target accounts": target["engaged_accounts"],
            "Target won deals": target["won_deals"],
            "Target won amount": target["won_eur"],
            "Target revenue": target["revenue_eur"],
            "Target allocated cost": target["total_cost_eur"],
            "Target ROI": target["roi"],
            "Target pipeline touched by marketing": target[
                "marketing_contribution_to_pipeline"
            ],
        },
    )


# --- 7. data quality -------------------------------------------------------


@slow
def test_data_quality(page, server, marts, screenshots) -> None:
    """Findings, quarantined rows, reconciliation and the publication date."""
    open_page(page, f"{server}/data_quality")
    check_page(page, "data_quality", screenshots)
    counts = row(
        marts,
        """
        select
            (select count(*) from marts.rpt_data_quality_findings
             where finding_count > 0) as findings,
            (select count(*) from marts.fct_quarantined_rows) as quarantined,
            (select count(*) filter (where is_reconciled)
             from marts.rpt_source_reconciliation) as reconciled,
            (select count(*) from marts.rpt_source_reconciliation) as tables,
            (select strftime(published_at, '%d/%m/%Y') from main.published_at)
                as published
        """,
    )
    shown = assert_figures(
        page,
        {"Findings": counts["findings"], "Quarantined rows": counts["quarantined"]},
    )
    assert shown["Raw tables reconciled"] == (
        f"{counts['reconciled']} / {counts['tables']}"
    )
    assert shown["Published"] == counts["published"]
    freshness = page.locator('[data-testid="stDataFrame"]').last
    assert freshness.is_visible()
