"""Jobs behind the CLI: demo, load, dbt build, summary."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

from ingestion import settings
from ingestion.pipelines import FamilyResult, load_all

DBT_EXCLUDE_UNIT_TESTS = ["--exclude-resource-type", "unit_test"]


def _step(name: str, started: float, timings: dict[str, float]) -> float:
    now = time.perf_counter()
    timings[name] = now - started
    print(f"[{name}] {timings[name]:.1f} s", flush=True)
    return now


def run_load(
    exports_dir: Path, db_path: Path, families: Sequence[str]
) -> list[FamilyResult]:
    """Load export files into the raw schemas and print what was read."""
    results = load_all(exports_dir, db_path, families)
    _print_loads(results)
    return results


def _print_loads(results: list[FamilyResult], where: str = "") -> None:
    """One line per family (files, rows, time), then its raw row counts."""
    for result in results:
        loaded = sum(len(v) for v in result.report.files_loaded.values())
        skipped = sum(len(v) for v in result.report.files_skipped.values())
        rows = sum(result.report.rows.values())
        print(
            f"{where}raw_{result.family}: {loaded} new file(s), {skipped} "
            f"already loaded, {rows} rows read in {result.seconds:.1f} s"
        )
        for table, count in result.raw_rows.items():
            print(f"    raw_{result.family}.{table}: {count} rows")


def run_dbt(db_path: Path, args: Sequence[str]) -> bool:
    """Run a dbt command against the project in-process.

    Args:
        db_path: the DuckDB file (exported as ATTRIBUTION_DUCKDB_PATH).
        args: dbt arguments, e.g. ``["build", "-s", "staging"]``.

    Returns:
        Whether every node succeeded.
    """
    from dbt.cli.main import dbtRunner

    os.environ[settings.DB_PATH_ENV] = str(db_path)
    project = str(settings.PROJECT_DIR)
    try:
        result = dbtRunner().invoke(
            [*args, "--project-dir", project, "--profiles-dir", project]
        )
    finally:
        _release_dbt_duckdb()
    return bool(result.success)


def _release_dbt_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open after ``invoke``.

    dbt-duckdb holds the warehouse file in a class attribute once dbt returns,
    so the same process could not attach that file again (``publish`` after an
    in-process build failed with "Unique file handle conflict"). The next dbt
    invocation opens it again.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        DuckDBConnectionManager._ENV = None
    if environment is not None:
        environment.close()


class NothingLoadedError(FileNotFoundError):
    """``build`` was asked for before any export was loaded."""


def require_loaded_raw(db_path: Path) -> None:
    """Stop with one clear line when the warehouse holds no raw data yet.

    Raises:
        NothingLoadedError: the file is missing or has no ``raw_*`` table
            (dbt would otherwise report one error per source).
    """
    tables = 0
    if db_path.exists():
        import duckdb

        with duckdb.connect(str(db_path), read_only=True) as connection:
            tables = connection.execute(
                "select count(*) from information_schema.tables "
                "where table_schema like 'raw\\_%' escape '\\' "
                "and table_name not like '\\_%' escape '\\'"
            ).fetchone()[0]
    if not tables:
        raise NothingLoadedError(
            f"no raw data in {db_path}: run `attribution load --exports "
            "<folder>` (your exports) or `attribution demo` first"
        )


def run_dbt_build(
    db_path: Path, unit_tests: bool = False, full_refresh: bool = False
) -> int:
    """``dbt build`` (seeds, models, data tests; unit tests on request).

    A successful build then publishes the marts for BI tools
    (``ingestion.publish``); a failed one leaves the previous copy.
    """
    require_loaded_raw(db_path)
    args = ["build"] if unit_tests else ["build", *DBT_EXCLUDE_UNIT_TESTS]
    if full_refresh:
        args.append("--full-refresh")
    if not run_dbt(db_path, args):
        return 1
    run_publish(db_path)
    return 0


def run_publish(db_path: Path) -> None:
    """Write the read-only copy of the marts and say where it is."""
    from ingestion.publish import publish

    published = publish(db_path)
    print(
        f"published {published.tables} marts ({published.rows:,} rows) for BI "
        f"tools and the dashboard: {published.path} "
        f"({published.seconds:.1f} s)"
    )


def dashboard_command(port: int) -> list[str]:
    """``python -m streamlit run dashboard/app.py`` headless on ``port``."""
    import sys

    return [
        sys.executable, "-m", "streamlit", "run",
        str(settings.PROJECT_DIR / "dashboard" / "app.py"),
        "--server.headless", "true",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]


def run_dashboard(published_path: Path, port: int) -> int:
    """Serve the dashboard on the published copy until interrupted."""
    import subprocess

    if not published_path.exists():
        print(
            f"warning: no published marts at {published_path} yet: run "
            "`make demo` or `attribution build`; the dashboard says so too"
        )
    print(f"dashboard on http://localhost:{port} reading {published_path}")
    env = {**os.environ, settings.PUBLISHED_DB_PATH_ENV: str(published_path)}
    try:
        return subprocess.call(dashboard_command(port), env=env)
    except KeyboardInterrupt:
        return 0


def run_demo(
    db_path: Path, out_dir: Path, seed: int, scale: float, run_dbt: bool = True
) -> int:
    """Generate the demo company, load it, build the warehouse, summarise."""
    from ingestion.demo import generate

    timings: dict[str, float] = {}
    started = time.perf_counter()
    generated = generate(out_dir, seed=seed, scale=scale)
    print(
        f"demo company (seed {seed}, scale {scale:g}): "
        f"{sum(generated.values())} rows in {len(generated)} files "
        f"under {out_dir / 'exports'}"
    )
    started = _step("generate", started, timings)
    run_load((out_dir / "exports").resolve(), db_path, list(_families()))
    started = _step("load (dlt)", started, timings)
    if run_dbt:
        ok = run_dbt_build(db_path) == 0
        started = _step("dbt build", started, timings)
        if not ok:
            print("dbt build failed; see the output above")
            return 1
    print(summary(db_path))
    print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    return 0


def _families() -> list[str]:
    from ingestion.sources import FAMILIES

    return list(FAMILIES)


def _schema_rows(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int]]:
    tables = connection.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_name not like '\\_%' escape '\\' "
        "and table_schema not like '%\\_staging' escape '\\' order by 1, 2"
    ).fetchall()
    counts: dict[str, list[int]] = {}
    for schema, table in tables:
        rows = connection.execute(
            f'select count(*) from "{schema}"."{table}"'
        ).fetchone()[0]
        entry = counts.setdefault(schema, [0, 0])
        entry[0] += 1
        entry[1] += rows
    return [(schema, n, rows) for schema, (n, rows) in counts.items()]


def _relation_exists(
    connection: duckdb.DuckDBPyConnection, schema: str, name: str
) -> bool:
    found = connection.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(found and found[0])


def summary(db_path: Path) -> str:
    """Rows per layer, spend by channel and revenue (text for the terminal)."""
    if not db_path.exists():
        return f"no warehouse at {db_path}"
    lines = [f"warehouse: {db_path}", "", "rows per schema (tables/views, rows):"]
    with duckdb.connect(str(db_path)) as connection:
        for schema, tables, rows in _schema_rows(connection):
            lines.append(f"  {schema:<22} {tables:>3} relations {rows:>12,} rows")
        for title, schema, relation, query in SUMMARY_QUERIES:
            if _relation_exists(connection, schema, relation):
                lines += ["", title]
                result = connection.execute(query)
                header = [d[0] for d in result.description]
                lines.append("  " + " | ".join(header))
                for row in result.fetchall():
                    lines.append(
                        "  " + " | ".join(_fmt(value) for value in row)
                    )
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    try:
        from decimal import Decimal

        if isinstance(value, Decimal):
            return f"{value:,.2f}"
    except ImportError:  # pragma: no cover
        pass
    return str(value)


SUMMARY_QUERIES: list[tuple[str, str, str, str]] = [
    (
        "ad spend by platform (EUR, excl. VAT):",
        "staging",
        "stg_ads__google_ads_spend",
        """
        with spend as (
            select ad_platform, spend_amount from staging.stg_ads__google_ads_spend
            union all
            select ad_platform, spend_amount from staging.stg_ads__meta_ads_spend
            union all
            select ad_platform, spend_amount
            from staging.stg_ads__linkedin_ads_spend
        )
        select ad_platform, sum(spend_amount) as spend
        from spend group by 1 order by 2 desc
        """,
    ),
    (
        "other costs by type and channel (EUR):",
        "staging",
        "stg_ads__monthly_costs",
        """
        select cost_type, coalesce(channel, '(unallocated)') as channel,
            sum(amount) as amount
        from staging.stg_ads__monthly_costs group by 1, 2 order by 1, 3 desc
        """,
    ),
    (
        "invoiced revenue by kind (native currency, excl. VAT):",
        "staging",
        "stg_invoicing__invoices",
        """
        select invoice_kind, currency, count(*) as documents,
            sum(amount_excl_vat) as amount_excl_vat
        from staging.stg_invoicing__invoices group by 1, 2 order by 1, 2
        """,
    ),
    (
        "invoiced revenue by channel (EUR excl. VAT), two attribution models:",
        "marts",
        "fct_attribution_credits",
        """
        select channel,
            sum(attributed_revenue_eur) filter (
                where attribution_model = 'linear') as linear,
            sum(attributed_revenue_eur) filter (
                where attribution_model = 'w_shaped') as w_shaped
        from marts.fct_attribution_credits
        where conversion_type = 'invoiced_revenue'
            and attribution_model in ('linear', 'w_shaped')
        group by 1 order by 2 desc
        """,
    ),
    (
        "channel ROI (revenue - spend) / spend, W-shaped vs data-driven Shapley:",
        "marts",
        "rpt_channel_campaign_performance",
        """
        with by_model as (
            select channel, attribution_model, sum(spend_eur) as spend,
                sum(attributed_revenue_eur) as revenue
            from marts.rpt_channel_campaign_performance
            where attribution_model in ('w_shaped', 'shapley')
            group by 1, 2
        )
        select channel,
            max(spend) as spend,
            max(revenue) filter (where attribution_model = 'w_shaped')
                as w_shaped_revenue,
            max((revenue - spend) / nullif(spend, 0)) filter (
                where attribution_model = 'w_shaped') as w_shaped_roi,
            max(revenue) filter (where attribution_model = 'shapley')
                as shapley_revenue,
            max((revenue - spend) / nullif(spend, 0)) filter (
                where attribution_model = 'shapley') as shapley_roi
        from by_model group by 1 order by 3 desc nulls last
        """,
    ),
    (
        "data-driven Shapley: share of conversions that would have converted"
        " without any touch (baseline row; the rest goes to the channels):",
        "marts",
        "fct_attribution_credits",
        """
        select conversion_type,
            count(distinct conversion_id) as conversions,
            coalesce(sum(credit_weight) filter (where is_baseline), 0)
                as baseline_conversions,
            100 * coalesce(sum(credit_weight) filter (where is_baseline), 0)
                / count(distinct conversion_id) as baseline_pct,
            coalesce(sum(attributed_pipeline_eur + attributed_booked_eur
                + attributed_revenue_eur) filter (where is_baseline), 0)
                as baseline_eur
        from marts.fct_attribution_credits
        where attribution_model = 'shapley'
        group by 1 order by 1
        """,
    ),
    (
        "KPI status, latest complete quarter:",
        "marts",
        "rpt_kpi_status",
        """
        select kpi, actual_value as actual, target_to_date as target, status
        from marts.rpt_kpi_status
        where quarter_end_date = (
            select max(quarter_end_date) from marts.rpt_kpi_status
            where share_of_quarter_elapsed = 1
        )
        order by status, kpi
        """,
    ),
]


def run_spark_load(
    exports_dir: Path, lake: Path, families: Sequence[str]
) -> list[FamilyResult]:
    """Load export files into the lake (parquet) and print what was read."""
    from ingestion.lake import load_all_to_lake

    results = load_all_to_lake(exports_dir, lake, families)
    _print_loads(results, where=f"{lake}/")
    return results


def run_spark_build(lake: Path, unit_tests: bool = False) -> int:
    """``dbt build`` on the spark target over the lake's raw tables."""
    from ingestion.spark import run_spark_dbt

    args = ["build"] if unit_tests else ["build", *DBT_EXCLUDE_UNIT_TESTS]
    return 0 if run_spark_dbt(lake, args) else 1


def run_spark_demo(
    lake: Path, out_dir: Path, seed: int, scale: float, unit_tests: bool
) -> int:
    """Generate the demo company, load it into the lake, build on Spark."""
    from ingestion.demo import generate

    timings: dict[str, float] = {}
    started = time.perf_counter()
    generate(out_dir, seed=seed, scale=scale)
    started = _step("generate", started, timings)
    run_spark_load((out_dir / "exports").resolve(), lake, list(_families()))
    started = _step("load (dlt, parquet lake)", started, timings)
    status = run_spark_build(lake, unit_tests=unit_tests)
    _step("dbt build (spark)", started, timings)
    print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    return status
