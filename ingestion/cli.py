"""Command line: ``attribution demo|load|build|summary|publish|dashboard``.

Thin by design: parse arguments, call ``ingestion.jobs``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import duckdb

from ingestion import jobs, settings
from ingestion.readers import ExportFormatError
from ingestion.sources import FAMILIES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attribution",
        description="Revenue-attribution warehouse: load exports, build, report.",
    )
    _add_db_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo", help="generate the demo company, load it, dbt build, summary"
    )
    _add_db_option(demo)
    demo.add_argument(
        "--scale", type=float, default=1.0,
        help="size of the company: 1 = ~157k web events, 10 = ~1.6M (default 1)",
    )
    demo.add_argument(
        "--seed", type=int, default=42,
        help="random seed; the same seed writes the same files (default 42)",
    )
    demo.add_argument(
        "--out", type=Path, default=settings.DEMO_DIR,
        help=f"folder for the generated exports (default {settings.DEMO_DIR})",
    )
    demo.add_argument(
        "--skip-dbt", action="store_true", help="stop after the raw load"
    )

    load = commands.add_parser("load", help="load export files with dlt")
    _add_db_option(load)
    load.add_argument(
        "--exports",
        type=Path,
        default=None,
        help=f"exports folder (default: ${settings.EXPORTS_DIR_ENV} or "
        f"{settings.DEFAULT_EXPORTS_DIR})",
    )
    load.add_argument(
        "--family",
        choices=sorted(FAMILIES),
        action="append",
        help="only this source family (repeatable)",
    )

    build = commands.add_parser("build", help="dbt build (seeds, models, tests)")
    _add_db_option(build)
    build.add_argument(
        "--with-unit-tests", action="store_true", help="also run dbt unit tests"
    )
    build.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild the incremental web models from every raw row (once "
        "after upgrading this project; edited seeds and vars are detected)",
    )
    _add_spark_commands(commands)
    summary = commands.add_parser(
        "summary", help="rows per layer, spend and revenue"
    )
    _add_db_option(summary)
    publish = commands.add_parser(
        "publish",
        help="copy the marts to a read-only file DuckDB 1.x clients open "
        "(done after every successful build)",
    )
    _add_db_option(publish)
    dashboard = commands.add_parser(
        "dashboard",
        help="Streamlit dashboard on the published copy of --db's marts "
        f"(${settings.PUBLISHED_DB_PATH_ENV} or <db folder>/published/)",
    )
    _add_db_option(dashboard)
    dashboard.add_argument(
        "--port", type=int, default=8501,
        help="port of http://localhost:PORT (default 8501)",
    )
    return parser


def _add_spark_commands(commands: argparse._SubParsersAction) -> None:
    """``spark-demo``, ``spark-load``, ``spark-build`` (docs: README, Spark)."""
    demo = commands.add_parser(
        "spark-demo",
        help="generate the demo company, load it into the parquet lake, "
        "dbt build on a local Spark session (pip install -e .[spark])",
    )
    demo.add_argument("--scale", type=float, default=1.0, help="as for demo")
    demo.add_argument("--seed", type=int, default=42, help="as for demo")
    demo.add_argument(
        "--out", type=Path, default=settings.DEMO_DIR, help="as for demo"
    )
    demo.add_argument(
        "--with-unit-tests", action="store_true", help="also run unit tests"
    )
    load = commands.add_parser(
        "spark-load", help="load export files with dlt into the parquet lake"
    )
    load.add_argument(
        "--exports", type=Path, default=None, help="as for load"
    )
    load.add_argument(
        "--family", choices=sorted(FAMILIES), action="append",
        help="only this source family (repeatable)",
    )
    build = commands.add_parser(
        "spark-build", help="dbt build on Spark over the lake's raw tables"
    )
    build.add_argument(
        "--with-unit-tests", action="store_true", help="also run unit tests"
    )
    for parser in (demo, load, build):
        parser.add_argument(
            "--lake", type=Path, default=None,
            help="parquet lake folder (default: $ATTRIBUTION_LAKE_DIR or "
            "warehouse/lake)",
        )


def _run_spark_command(args: argparse.Namespace) -> int:
    """Run one of the ``spark-*`` commands."""
    from ingestion.lake import lake_dir

    lake = (args.lake or lake_dir()).resolve()
    if args.command == "spark-demo":
        return jobs.run_spark_demo(
            lake, args.out, seed=args.seed, scale=args.scale,
            unit_tests=args.with_unit_tests,
        )
    if args.command == "spark-load":
        exports = (args.exports or settings.exports_dir()).resolve()
        jobs.run_spark_load(exports, lake, args.family or list(FAMILIES))
        return 0
    return jobs.run_spark_build(lake, unit_tests=args.with_unit_tests)


def _add_db_option(
    parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS
) -> None:
    """``--db`` before or after the subcommand (the later one wins)."""
    parser.add_argument(
        "--db",
        type=Path,
        default=default,
        help=f"DuckDB file (default: ${settings.DB_PATH_ENV} or "
        f"{settings.DEFAULT_DB_PATH})",
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``attribution`` command."""
    args = _parser().parse_args(argv)
    db_path = (args.db or settings.db_path()).resolve()
    try:
        if args.command == "demo":
            return jobs.run_demo(
                db_path, args.out, seed=args.seed, scale=args.scale,
                run_dbt=not args.skip_dbt,
            )
        if args.command == "load":
            exports = (args.exports or settings.exports_dir()).resolve()
            jobs.run_load(exports, db_path, args.family or list(FAMILIES))
            return 0
        if args.command == "build":
            return jobs.run_dbt_build(
                db_path, unit_tests=args.with_unit_tests,
                full_refresh=args.full_refresh,
            )
        if args.command.startswith("spark-"):
            return _run_spark_command(args)
        if args.command == "summary":
            print(jobs.summary(db_path))
            return 0
        if args.command == "publish":
            jobs.run_publish(db_path)
            return 0
        if args.command == "dashboard":
            published = settings.published_db_path(db_path).resolve()
            return jobs.run_dashboard(published, args.port)
    except (ExportFormatError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except Exception as error:
        busy = _lock_conflict(error)
        if busy is None:
            raise
        print(f"error: {db_path} {busy}", file=sys.stderr)
        return 3
    return 1


def _lock_conflict(error: BaseException) -> str | None:
    """One line for "another process holds the warehouse", else None.

    DuckDB allows one writing process per file; a second build, a load or a
    summary while a build runs gets this line instead of a traceback.
    """
    current: BaseException | None = error
    while current is not None:
        message = str(current)
        if isinstance(current, duckdb.IOException) and "lock" in message:
            pid = re.search(r"\(PID (\d+)\)", message)
            holder = f" (PID {pid.group(1)})" if pid else ""
            return (
                f"is in use by another process{holder}, e.g. a build or a "
                "load: wait for it to finish. Dashboards and BI tools read "
                f"the published copy, {settings.published_db_path()}"
            )
        current = current.__cause__ or current.__context__
    return None


if __name__ == "__main__":
    sys.exit(main())
