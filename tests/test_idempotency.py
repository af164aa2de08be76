"""Idempotency and source freshness, for every source family, through dbt.

One small warehouse goes through three loads (module fixture, so dbt runs a
handful of times for the whole file):

1. ``base``: ``tests/fixtures/user_exports`` loaded, staging built.
2. ``resend``: the same files again plus a renamed copy of each (a re-sent
   export): raw and staging must not change at all.
3. ``overlap``: ``tests/fixtures/bad_files/overlap`` added: re-sent monthly
   exports that repeat rows of the base files plus a few new rows. Raw keeps
   every file (it grows by the overlap files' rows); staging counts every
   business row once, so its counts and sums must equal those of a
   ``reference`` warehouse loaded with the base files plus only the new rows
   (``tests/fixtures/bad_files/new_only``).

Counts and sums are taken over every ``staging.stg_<family>__*`` relation:
row count and the sum of every numeric business column.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingestion.pipelines import FamilyResult, load_all, raw_row_counts
from ingestion.sources import FAMILIES
from ingestion.sources.files import LoadReport
from tests.conftest import FIXTURES, dbt

pytestmark = pytest.mark.slow

BAD_FILES = FIXTURES / "bad_files"
NUMERIC_TYPES = ("DECIMAL", "DOUBLE", "FLOAT", "INTEGER", "BIGINT", "HUGEINT")
# Rows of the overlap files (repeated + new): raw keeps them all.
OVERLAP_RAW_ROWS = {
    "raw_ads.google_ads_campaign_daily": 2,
    "raw_ads.meta_ads_campaign_daily": 2,
    "raw_ads.monthly_costs": 3,
    "raw_crm.companies": 1,
    "raw_crm.contacts": 2,
    "raw_crm.deals": 2,
    "raw_crm.deal_stage_history": 4,
    "raw_web.events": 3,
    "raw_invoicing.invoices": 2,
    "raw_invoicing.invoice_lines": 3,
    "raw_invoicing.payments": 2,
}
STAGING_BUILD = (
    "--indirect-selection", "cautious", "--exclude-resource-type", "unit_test"
)
MODELS_AND_SEEDS = ("--resource-type", "model", "--resource-type", "seed")


@dataclass
class Snapshot:
    """Raw row counts and staging counts/sums after one load."""

    raw: dict[str, int]
    staging: dict[str, dict[str, object]]
    results: list[FamilyResult] = field(default_factory=list)

    def raw_of(self, family: str) -> dict[str, int]:
        return {k: v for k, v in self.raw.items() if k.startswith(f"raw_{family}.")}

    def report(self, family: str) -> LoadReport:
        (result,) = [r for r in self.results if r.family == family]
        return result.report

    def staging_of(self, family: str) -> dict[str, dict[str, object]]:
        return {
            k: v for k, v in self.staging.items() if k.startswith(f"stg_{family}__")
        }


@dataclass
class Runs:
    """The warehouse states of the module (see the module docstring)."""

    base: Snapshot
    resend: Snapshot
    overlap: Snapshot
    reference: Snapshot
    overlap_build_ok: bool
    db_path: Path
    target: Path


def _raw_counts(db_path: Path) -> dict[str, int]:
    return {
        f"raw_{family}.{table}": rows
        for family in FAMILIES
        for table, rows in raw_row_counts(db_path, f"raw_{family}").items()
    }


def _staging_metrics(db_path: Path) -> dict[str, dict[str, object]]:
    """Row count and sum of each numeric business column, per stg_ relation."""
    metrics: dict[str, dict[str, object]] = {}
    with duckdb.connect(str(db_path)) as connection:
        relations = connection.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'staging' "
            "and table_name like 'stg\\_%' escape '\\' "
            "and table_name not like '%quarantine%' order by 1"
        ).fetchall()
        for (relation,) in relations:
            columns = [
                name
                for name, data_type in connection.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = 'staging' and table_name = ? "
                    "order by ordinal_position",
                    [relation],
                ).fetchall()
                if data_type.upper().startswith(NUMERIC_TYPES)
                and not name.startswith("_")
            ]
            selects = ["count(*)"] + [f'sum("{c}")' for c in columns]
            values = connection.execute(
                f"select {', '.join(selects)} from staging.\"{relation}\""
            ).fetchone()
            metrics[relation] = {
                "rows": values[0],
                **{
                    f"sum({c})": _comparable(v)
                    for c, v in zip(columns, values[1:])
                },
            }
    return metrics


def _comparable(value: object) -> object:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def _snapshot(db_path: Path, results: list[FamilyResult]) -> Snapshot:
    return Snapshot(_raw_counts(db_path), _staging_metrics(db_path), results)


def _copy_each_file_renamed(exports: Path) -> None:
    """A re-sent export: same content, another name (``x (copie).csv``)."""
    for path in sorted(p for p in exports.rglob("*") if p.is_file()):
        name = path.name
        stem, dot, rest = name.partition(".")
        path.with_name(f"{stem} (copie){dot}{rest}").write_bytes(path.read_bytes())


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("idempotency")
    exports = root / "exports"
    shutil.copytree(FIXTURES / "user_exports", exports)
    db_path, target = root / "warehouse.duckdb", root / "target"

    results = load_all(exports, db_path)
    assert dbt(db_path, target, "build", "-s", "+staging", *MODELS_AND_SEEDS)
    base = _snapshot(db_path, results)

    _copy_each_file_renamed(exports)
    results = load_all(exports, db_path)
    assert dbt(db_path, target, "run", "-s", "staging")
    resend = _snapshot(db_path, results)

    shutil.copytree(BAD_FILES / "overlap", exports, dirs_exist_ok=True)
    results = load_all(exports, db_path)
    build_ok = dbt(db_path, target, "build", "-s", "staging", *STAGING_BUILD)
    overlap = _snapshot(db_path, results)

    reference_exports = root / "reference_exports"
    shutil.copytree(FIXTURES / "user_exports", reference_exports)
    shutil.copytree(BAD_FILES / "new_only", reference_exports, dirs_exist_ok=True)
    reference_db = root / "reference.duckdb"
    results = load_all(reference_exports, reference_db)
    assert dbt(
        reference_db, root / "reference_target", "build", "-s", "+staging",
        *MODELS_AND_SEEDS,
    )
    reference = _snapshot(reference_db, results)
    return Runs(base, resend, overlap, reference, build_ok, db_path, target)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_resending_the_same_exports_changes_nothing(runs: Runs, family: str) -> None:
    report, base_report = runs.resend.report(family), runs.base.report(family)
    assert report.files_loaded == {}
    assert report.rows == {}
    # Every base file and its renamed copy: skipped, nothing read.
    loaded_before = sum(len(files) for files in base_report.files_loaded.values())
    skipped = sum(len(files) for files in report.files_skipped.values())
    assert skipped == 2 * loaded_before
    assert runs.resend.raw_of(family) == runs.base.raw_of(family)
    assert runs.base.staging_of(family), f"no staging relation for {family}"
    assert runs.resend.staging_of(family) == runs.base.staging_of(family)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_overlapping_exports_count_each_business_row_once(
    runs: Runs, family: str
) -> None:
    expected_raw = {
        table: rows + OVERLAP_RAW_ROWS.get(table, 0)
        for table, rows in runs.base.raw_of(family).items()
    }
    assert runs.overlap.raw_of(family) == expected_raw  # raw keeps every file
    assert runs.overlap.staging_of(family) == runs.reference.staging_of(family)
    assert runs.overlap.staging_of(family) != runs.base.staging_of(family)


def test_overlap_totals_in_staging(runs: Runs) -> None:
    """The headline numbers, by hand: each new row counted once."""
    staging = runs.overlap.staging
    assert staging["stg_ads__google_ads_spend"]["rows"] == 3
    assert staging["stg_ads__google_ads_spend"]["sum(spend_amount)"] == Decimal(
        "2279.66"
    )  # 1,234.56 + 45.10 + 1,000.00
    assert staging["stg_ads__meta_ads_spend"]["sum(spend_amount)"] == 100
    assert staging["stg_ads__monthly_costs"]["sum(amount)"] == 43700
    assert staging["stg_crm__contacts"]["rows"] == 2
    assert staging["stg_crm__deals"]["rows"] == 2
    assert staging["stg_web__events"]["rows"] == 3
    invoices = staging["stg_invoicing__invoices"]
    assert (invoices["rows"], invoices["sum(amount_excl_vat)"]) == (3, 16000)
    assert invoices["sum(net_revenue_excl_vat)"] == 14000  # credit note -1,000
    assert staging["stg_invoicing__invoice_lines"]["rows"] == 4
    assert staging["stg_invoicing__payments"]["sum(amount)"] == 10800


def test_staging_data_tests_pass_after_overlapping_loads(runs: Runs) -> None:
    """Business-key uniqueness tests and the rest of staging's data tests."""
    assert runs.overlap_build_ok


def test_file_log_tells_what_happened_to_every_file(runs: Runs) -> None:
    with duckdb.connect(str(runs.db_path)) as connection:
        statuses = dict(
            connection.execute(
                "select status, count(*) from raw_invoicing._file_log group by 1"
            ).fetchall()
        )
    # 3 base files loaded, then re-read as already loaded (twice) with their
    # 3 renamed copies, then 3 overlap files loaded.
    assert statuses == {"loaded": 6, "already_loaded": 12}


def _freshness(db_path: Path, target: Path) -> tuple[bool, dict[str, str]]:
    output = target / "freshness.json"
    ok = dbt(db_path, target, "source", "freshness", "--output", str(output))
    results = json.loads(output.read_text())["results"]
    return ok, {
        result["unique_id"].split(".", 2)[2]: result["status"] for result in results
    }


def test_source_freshness_covers_every_loaded_table(runs: Runs) -> None:
    ok, statuses = _freshness(runs.db_path, runs.target)
    expected = {
        f"{family}.{spec.table}" for family, specs in FAMILIES.items() for spec in specs
    }
    assert ok
    assert statuses == {name: "pass" for name in expected}


def test_source_freshness_warns_then_errors_on_stale_loads(
    runs: Runs, tmp_path: Path
) -> None:
    stale = tmp_path / "stale.duckdb"
    shutil.copy(runs.db_path, stale)
    now = dt.datetime.now(dt.timezone.utc)
    with duckdb.connect(str(stale)) as connection:
        connection.execute(
            "update raw_ads.monthly_costs set _loaded_at = ?",
            [now - dt.timedelta(days=10)],
        )
        connection.execute(
            "update raw_web.events set _loaded_at = ?", [now - dt.timedelta(days=40)]
        )
    ok, statuses = _freshness(stale, tmp_path / "target")
    assert not ok
    assert statuses["ads.monthly_costs"] == "warn"  # warn_after 7 days
    assert statuses["web.events"] == "error"  # error_after 30 days
    assert {s for name, s in statuses.items() if name not in (
        "ads.monthly_costs", "web.events"
    )} == {"pass"}
