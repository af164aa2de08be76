"""dlt ingestion: idempotent re-loads, incremental files, user exports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion import pipelines
from ingestion.pipelines import load_all, load_family, raw_row_counts
from ingestion.readers import ExportFormatError
from ingestion.sources import FAMILIES
from tests.conftest import FIXTURES, Warehouse, dbt

pytestmark = pytest.mark.slow


def _all_counts(db_path: Path) -> dict[str, int]:
    return {
        f"raw_{family}.{table}": rows
        for family in FAMILIES
        for table, rows in raw_row_counts(db_path, f"raw_{family}").items()
    }


def test_every_contract_table_is_loaded(demo_warehouse: Warehouse) -> None:
    counts = _all_counts(demo_warehouse.db_path)
    expected = {
        f"raw_{family}.{spec.table}"
        for family, specs in FAMILIES.items()
        for spec in specs
    }
    assert expected <= set(counts)
    empty = sorted(name for name in expected if counts[name] == 0)
    assert empty == [], f"demo left raw tables empty: {empty}"


def test_loading_twice_changes_no_count(
    demo_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _all_counts(demo_warehouse.db_path)
    results = load_all(demo_warehouse.exports, demo_warehouse.db_path)
    assert all(not r.report.files_loaded for r in results)
    assert _all_counts(demo_warehouse.db_path) == before
    # Even when the file-hash check is bypassed, the rows appended again
    # are removed after the load (pipelines.remove_reloaded_files).
    monkeypatch.setattr(pipelines, "_loaded_hashes", lambda *args: set())
    results = load_all(demo_warehouse.exports, demo_warehouse.db_path)
    assert all(r.report.files_loaded for r in results)
    assert _all_counts(demo_warehouse.db_path) == before


def test_user_exports_load_and_flow_through_staging(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    shutil.copytree(FIXTURES / "user_exports", exports)
    db_path = tmp_path / "user.duckdb"
    load_all(exports, db_path)
    counts = _all_counts(db_path)
    assert counts["raw_ads.google_ads_campaign_daily"] == 2  # totals skipped
    assert counts["raw_invoicing.invoices"] == 2
    assert dbt(
        db_path,
        tmp_path / "target",
        *("build", "-s", "staging", "+staging", "--indirect-selection", "cautious"),
    )
    with duckdb.connect(str(db_path)) as connection:
        google = connection.execute(
            "select spend_date, spend_amount, impressions "
            "from staging.stg_ads__google_ads_spend order by 1"
        ).fetchall()
        invoices = connection.execute(
            "select invoice_id, amount_excl_vat, issued_date "
            "from staging.stg_invoicing__invoices order by 1"
        ).fetchall()
        linkedin = connection.execute(
            "select spend_date, spend_amount from staging.stg_ads__linkedin_ads_spend"
        ).fetchall()
        events = connection.execute(
            "select event_id, channel from staging.stg_web__events order by 1"
        ).fetchall()
    assert [(str(d), float(a), i) for d, a, i in google] == [
        ("2025-06-01", 1234.56, 12000),
        ("2025-06-02", 45.10, 800),
    ]
    assert [(i, float(a), str(d)) for i, a, d in invoices] == [
        ("AV2025-0001", 1000.0, "2025-06-30"),
        ("F2025-0001", 12000.0, "2025-06-25"),
    ]
    assert [(str(d), float(a)) for d, a in linkedin] == [("2025-06-15", 310.5)]
    assert events == [("w-1", "paid_social_linkedin"), ("w-2", "organic_search")]


def test_forced_reload_keeps_one_copy_and_no_staging_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Raw tables are appended to; a copy past the hash check is removed.

    dlt's merge (and its ``raw_<family>_staging`` copy of every row) is not
    used: a file's hash is loaded once. A load forced past the hash check
    appends the rows again; the load removes them and logs the file as
    ``already_loaded``. A staging dataset left by an earlier version is
    dropped.
    """
    exports = tmp_path / "exports"
    shutil.copytree(FIXTURES / "user_exports", exports)
    db_path = tmp_path / "append.duckdb"
    load_all(exports, db_path)
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("create schema raw_web_staging")
        connection.execute("create table raw_web_staging.events as select 1 as x")
    before = _all_counts(db_path)
    monkeypatch.setattr(pipelines, "_loaded_hashes", lambda *args: {})
    results = load_all(exports, db_path)
    assert all(r.report.files_loaded for r in results)
    assert _all_counts(db_path) == before
    with duckdb.connect(str(db_path)) as connection:
        schemas = connection.execute(
            "select schema_name from information_schema.schemata "
            "where schema_name like '%staging'"
        ).fetchall()
        reloads = connection.execute(
            "select status, count(*), min(warnings) from raw_web._file_log "
            "group by 1 order by 1"
        ).fetchall()
    assert schemas == []
    kept = list(pipelines.pipelines_dir(db_path).rglob("*.parquet"))
    assert kept == [], "dlt kept loaded files beside raw"
    assert reloads == [
        (
            "already_loaded",
            1,
            "same content (SHA-256 "
            f"{results[2].report.files[0].file_sha256[:12]}) already in raw "
            "from an earlier load: the rows appended again were removed",
        ),
        ("loaded", 1, None),
    ]


def test_new_file_loads_incrementally(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    shutil.copytree(FIXTURES / "user_exports", exports)
    db_path = tmp_path / "inc.duckdb"
    load_family("ads", exports, db_path)
    extra = exports / "ads" / "meta_ads" / "export_juillet.csv"
    extra.write_text(
        "Reporting starts,Reporting ends,Campaign name,Campaign ID,Impressions,"
        "Link clicks,Amount spent (EUR)\n"
        "2025-07-01,2025-07-01,Retargeting_Juillet,8002,100,2,5.5\n"
    )
    result = load_family("ads", exports, db_path)
    assert result.report.files_loaded == {"meta_ads_campaign_daily": [extra.name]}
    assert result.raw_rows["meta_ads_campaign_daily"] == 2


def test_bad_file_stops_its_family_and_leaves_the_rest(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    shutil.copytree(FIXTURES / "user_exports", exports)
    db_path = tmp_path / "bad.duckdb"
    load_all(exports, db_path)
    before = _all_counts(db_path)
    bad = exports / "ads" / "google_ads" / "broken.csv"
    bad.write_text("Day,Campaign,Clicks,Cost\n2025-07-01,X,1,2\n")
    (exports / "web" / "more.ndjson").write_text(
        '{"event_id": "w-3", "timestamp": "2025-07-01T10:00:00+02:00"}\n'
    )
    with pytest.raises(ExportFormatError, match=r"broken\.csv.*campaign_id"):
        load_family("ads", exports, db_path)
    load_family("web", exports, db_path)
    after = _all_counts(db_path)
    assert after["raw_web.events"] == before["raw_web.events"] + 1
    after.pop("raw_web.events"), before.pop("raw_web.events")
    assert after == before


# --- nothing lost before raw, down to staging ---------------------------------
#
# tests/fixtures/bad_files/lines_accounted (one export set, layout of the
# contract) is loaded, then lines_accounted_resend (a corrected May cost
# sheet) in a second ads load; staging and the audit marts are built once.

LINES = FIXTURES / "bad_files" / "lines_accounted"
LINES_RESEND = FIXTURES / "bad_files" / "lines_accounted_resend"


@pytest.fixture(scope="module")
def lines_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bool]:
    root = tmp_path_factory.mktemp("lines_accounted")
    exports, db_path = root / "exports", root / "warehouse.duckdb"
    shutil.copytree(LINES, exports)
    load_all(exports, db_path)
    shutil.copytree(LINES_RESEND, exports, dirs_exist_ok=True)
    load_family("ads", exports, db_path)
    ok = dbt(
        db_path,
        root / "target",
        # staging and the two audit marts that read only staging (the
        # findings mart reads later marts: the full builds cover it)
        *("build", "-s", "+staging", "fct_quarantined_rows"),
        "rpt_source_reconciliation",
        *("--indirect-selection", "cautious"),
        *("--exclude-resource-type", "unit_test"),
    )
    return db_path, ok


def _rows(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path)) as connection:
        return connection.execute(sql).fetchall()


def test_lines_accounted_build_passes(lines_warehouse: tuple[Path, bool]) -> None:
    """Every data test passes, the reconciliation's no-loss test included."""
    assert lines_warehouse[1]


def test_two_cost_lines_with_one_label_both_count(
    lines_warehouse: tuple[Path, bool],
) -> None:
    """Two lines of one cost sheet with the same month and description are
    two costs; a re-sent sheet still replaces them.

    By hand: ``couts_2025_05.csv`` (loaded first) has Salon des Entrepreneurs
    4 500,00 (stand) and 800,00 (travel) on rows 1-2, Aircall 135,00 on row
    3. ``couts_2025_05_v2.csv`` (loaded later) re-sends the Salon lines as
    4 500,00 and 950,00. Staged: both v2 Salon lines (cost lines 1 and 2 of
    that label) and Aircall from the first sheet: 3 rows, 5 585,00 EUR.
    Raw 5 = staged 3 + superseded 2 (the first sheet's Salon lines).
    Before, the Salon lines collapsed into one (950,00): 2 rows, 1 085,00,
    3 superseded.
    """
    db_path, _ = lines_warehouse
    staged = _rows(
        db_path,
        "select description, amount, _file_name, _row_number "
        "from staging.stg_ads__monthly_costs order by _file_name, _row_number",
    )
    assert [(d, float(a), f, r) for d, a, f, r in staged] == [
        ("Aircall", 135.0, "couts_2025_05.csv", 3),
        ("Salon des Entrepreneurs", 4500.0, "couts_2025_05_v2.csv", 1),
        ("Salon des Entrepreneurs", 950.0, "couts_2025_05_v2.csv", 2),
    ]
    assert _rows(
        db_path,
        "select cost_line_number, count(distinct monthly_cost_id) "
        "from staging.stg_ads__monthly_costs group by 1 order by 1",
    ) == [(1, 2), (2, 1)]
    assert _rows(
        db_path,
        "select raw_rows, staged_rows, superseded_rows, quarantined_rows "
        "from marts.rpt_source_reconciliation "
        "where source_table = 'raw_ads.monthly_costs'",
    ) == [(5, 3, 2, 0)]


# file: (status, lines_read, lines_loaded, rows_loaded, title, header,
#        repeated header, footer, blank, no row, repaired), by hand from the
#        fixtures (see the reader tests in test_bad_files.py for each file).
EXPECTED_FILE_LOG = {
    "campaign_report_2025-05_campaign_first.csv": (
        "loaded", 11, 4, 4, 2, 1, 0, 3, 1, 0, 0
    ),
    "export_mai_concatenated.csv": ("loaded", 5, 3, 3, 0, 1, 1, 0, 0, 0, 0),
    "couts_2025_05.csv": ("loaded", 4, 3, 3, 0, 1, 0, 0, 0, 0, 0),
    "couts_2025_05_v2.csv": ("loaded", 3, 2, 2, 0, 1, 0, 0, 0, 0, 0),
    "deal_stage_history_2025-05.ndjson": ("loaded", 4, 2, 3, 0, 0, 0, 0, 1, 1, 0),
    "invoices_2025-05_one_stray_byte.csv": (
        "loaded", 4, 3, 3, 0, 1, 0, 0, 0, 0, 1
    ),
}
# raw table: (lines read, lines skipped, lines loaded, raw rows, staged,
#             superseded, quarantined); skipped = the file log's reasons above.
EXPECTED_LINE_RECONCILIATION = {
    "raw_ads.google_ads_campaign_daily": (11, 7, 4, 4, 4, 0, 0),
    "raw_ads.meta_ads_campaign_daily": (5, 2, 3, 3, 3, 0, 0),
    "raw_ads.linkedin_ads_campaign_daily": (0, 0, 0, 0, 0, 0, 0),
    "raw_ads.monthly_costs": (7, 2, 5, 5, 3, 2, 0),
    "raw_crm.deal_stage_history": (4, 2, 2, 3, 3, 0, 0),
    "raw_invoicing.invoices": (4, 1, 3, 3, 3, 0, 0),
}


def test_every_line_read_is_loaded_or_skipped_with_a_reason(
    lines_warehouse: tuple[Path, bool],
) -> None:
    """The file log accounts for each line of each file read, and the
    reconciliation starts from it: lines read = skipped (by reason) + lines
    loaded; the rows the log says were loaded are the raw rows; raw rows =
    staged + superseded + quarantined. Skipped by hand: Google 2 title + 1
    header + 3 footers + 1 blank = 7; Meta 1 header + 1 repeated header;
    costs 2 headers (two sheets); stage history 1 blank + 1 deal without
    history (1 line, no row; d-11's line gives 2 rows); invoices 1 header.
    """
    db_path, _ = lines_warehouse
    log = _rows(
        db_path,
        "select file_name, status, lines_read, lines_loaded, rows_loaded, "
        "title_lines, header_lines, skipped_header_rows, skipped_total_rows, "
        "blank_lines, no_row_lines, repaired_lines, warnings from ("
        + " union all ".join(
            f"select * from raw_{family}._file_log" for family in FAMILIES
        )
        + ") where status in ('loaded', 'empty') order by file_name",
    )
    assert {row[0]: row[1:12] for row in log} == EXPECTED_FILE_LOG
    stray = next(row[12] for row in log if row[0].startswith("invoices_"))
    assert "not valid UTF-8 on line(s) 3" in stray
    reconciliation = _rows(
        db_path,
        "select source_table, lines_read, lines_skipped, lines_loaded, "
        "raw_rows, staged_rows, superseded_rows, quarantined_rows, "
        "logged_raw_rows, unaccounted_rows, is_reconciled "
        "from marts.rpt_source_reconciliation",
    )
    by_table = {row[0]: row[1:] for row in reconciliation}
    for table, expected in EXPECTED_LINE_RECONCILIATION.items():
        assert by_table[table][:7] == expected, table
    assert all(row[8] == row[4] and row[9] == 0 and row[10] for row in reconciliation)
    assert _rows(
        db_path,
        "select title_lines, header_lines, repeated_header_lines, footer_lines, "
        "blank_lines, no_row_lines from marts.rpt_source_reconciliation "
        "where source_table = 'raw_ads.google_ads_campaign_daily'",
    ) == [(2, 1, 0, 3, 1, 0)]


def test_a_lost_line_or_row_fails_the_reconciliation_tests(
    lines_warehouse: tuple[Path, bool], tmp_path: Path
) -> None:
    """On a copy of the warehouse: the log of ``couts_2025_05.csv`` claims
    one more line read than it accounts for (5 read, 4 = 1 header + 3
    loaded), and Google row 4 is deleted from raw (3 raw rows, the log says
    4). The two matching data tests of rpt_source_reconciliation fail (an
    error); the raw -> staging test still passes (the Google staging table
    is rebuilt from the changed raw in the same run)."""
    db_path = tmp_path / "warehouse.duckdb"  # views name their catalog
    with duckdb.connect(str(lines_warehouse[0])) as connection:
        connection.execute("checkpoint")  # dbt, in-process, may hold a WAL
    shutil.copy(lines_warehouse[0], db_path)
    with duckdb.connect(str(db_path)) as connection:
        connection.execute(
            "update raw_ads._file_log set lines_read = lines_read + 1 "
            "where file_name = 'couts_2025_05.csv' and status = 'loaded'"
        )
        connection.execute(
            "delete from raw_ads.google_ads_campaign_daily where _row_number = 4"
        )
    target = tmp_path / "target"
    assert not dbt(
        db_path, target, "build", "-s",
        "stg_ads__google_ads_spend", "rpt_source_reconciliation",
    )
    results = json.loads((target / "run_results.json").read_text())["results"]
    names = {r["unique_id"].split(".")[2]: r["status"] for r in results}
    statuses = {
        name: status
        for name, status in names.items()
        if name.startswith("rpt_source_reconciliation_")
    }
    assert statuses == {
        "rpt_source_reconciliation_no_line_lost": "fail",
        "rpt_source_reconciliation_raw_rows_match_file_log": "fail",
        "rpt_source_reconciliation_no_row_lost": "pass",
    }
