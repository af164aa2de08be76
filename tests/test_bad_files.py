"""Catalogue of file-level bad inputs: each case asserts its exact outcome.

File level means what ingestion decides before dbt: a file that cannot be
loaded fails loudly (ExportFormatError naming the file, the row or line and
the column), a file that loads with lines set aside reports how many and why
(``ReadStats.warnings``, the load report and ``raw_<family>._file_log``).
Row-level problems inside a file that loads (bad URL, unknown currency...)
are quarantined by the staging models and tested with them.

Most cases call the reader directly (milliseconds); the few whose behaviour
belongs to the loader (duplicate files, spreadsheets in a folder, a family
stopped by one bad file, schema drift reaching the raw table) run a dlt load
of the small ``tests/fixtures/user_exports`` set.
"""

from __future__ import annotations

import codecs
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion.pipelines import load_family, raw_row_counts
from ingestion.readers import (
    ExportFormatError,
    ReadStats,
    read_csv_export,
    read_ndjson_export,
)
from ingestion.sources.ads import GOOGLE_ADS, LINKEDIN_ADS, META_ADS
from ingestion.sources.crm import flatten_object
from ingestion.sources.files import flat_object
from ingestion.sources.invoicing import INVOICES, PAYMENTS
from tests.conftest import FIXTURES

LOADED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
CATALOGUE = FIXTURES / "bad_files" / "catalogue"
SAVE_AS_TEXT = "export or save it as CSV (UTF-8) or NDJSON; see docs/raw_contract.md"

GOOGLE_HEADER = "Day,Campaign,Campaign ID,Impr.,Clicks,Cost,Currency code"
GOOGLE_EXPORT = (
    "Campaign report\n"
    '"1 June 2025 - 2 June 2025"\n'
    f"{GOOGLE_HEADER}\n"
    '2025-06-01,FR_Search_Marque,9001,"12,000",300,"1,234.56",EUR\n'
    "2025-06-02,FR_Search_Marque,9001,800,20,45.10,EUR\n"
    'Total: Account,,,"12,800",320,"1,279.66",EUR\n'
)
INVOICES_HEADER = ";".join(INVOICES.required)


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _csv_error(path: Path, spec=GOOGLE_ADS) -> str:
    with pytest.raises(ExportFormatError) as info:
        read_csv_export(path, spec, LOADED_AT, "h")
    return str(info.value)


def _ndjson_error(path: Path, flatten=flat_object, required=()) -> str:
    with pytest.raises(ExportFormatError) as info:
        list(read_ndjson_export(path, flatten, required, LOADED_AT, "h"))
    return str(info.value)


# --- empty and header-only files: load 0 rows, no error, a warning ---------


def test_empty_csv_file_loads_nothing_with_a_warning() -> None:
    path = CATALOGUE / "empty_0_bytes.csv"
    table, stats = read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")
    assert table is None and stats.rows == 0
    assert stats.warnings == ["empty file (0 bytes): no header, nothing loaded"]


def test_empty_ndjson_file_loads_nothing_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "events_empty.ndjson", b"")
    stats = ReadStats(file_name=path.name)
    tables = read_ndjson_export(path, flat_object, (), LOADED_AT, "h", stats=stats)
    assert list(tables) == []
    assert stats.warnings == [
        "no data rows (0 bytes after decompression): nothing loaded"
    ]


def test_header_only_file_loads_nothing_with_a_warning() -> None:
    path = CATALOGUE / "invoices_header_only.csv"
    table, stats = read_csv_export(path, INVOICES, LOADED_AT, "h")
    assert table is None
    assert (stats.rows, stats.header_line, stats.delimiter) == (0, 1, ";")
    assert stats.warnings == ["header only (line 1): 0 data rows loaded"]


# --- schema drift: renamed, missing, extra, duplicated columns -------------


def test_renamed_required_column_names_file_line_and_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "renamed.csv", GOOGLE_EXPORT.replace(",Cost,", ",Spend,"))
    assert _csv_error(path) == (
        f"{path}: header on line 3 is missing required column(s) cost; found "
        "Day, Campaign, Campaign ID, Impr., Clicks, Spend, Currency code; "
        "unexpected: Spend"
    )


def test_missing_required_column_names_file_line_and_column(tmp_path: Path) -> None:
    header = INVOICES_HEADER.replace("vat_amount;", "")
    line = "F-1;invoice;;d-1;x.fr;X;01/02/2025;03/03/2025;EUR;1,00;1,20;paid"
    path = _write(tmp_path, "invoices_no_vat.csv", f"{header}\n{line}\n")
    assert _csv_error(path, INVOICES) == (
        f"{path}: header on line 1 is missing required column(s) vat_amount; "
        f"found {header.replace(';', ', ')}"
    )


def test_other_vendor_export_in_the_wrong_folder(tmp_path: Path) -> None:
    """A Meta export dropped in ads/google_ads fails on the Google contract."""
    path = _write(
        tmp_path,
        "meta_in_google_folder.csv",
        "Reporting starts,Reporting ends,Campaign name,Campaign ID,Impressions,"
        "Link clicks,Amount spent (EUR)\n"
        "2025-06-01,2025-06-01,Retargeting_Juin,8001,5000,40,80.25\n",
    )
    message = _csv_error(path)
    assert message.startswith(
        f"{path}: header on line 1 is missing required column(s) day, "
        "campaign, clicks, cost, currency_code; found Reporting starts"
    )


def test_extra_columns_are_kept_snake_cased(tmp_path: Path) -> None:
    content = GOOGLE_EXPORT.replace(
        "Currency code\n", "Currency code,Conversions (All),Cost\n"
    ).replace(",EUR\n", ",EUR,3,x\n")
    path = _write(tmp_path, "drift.csv", content)
    table, stats = read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")
    assert table is not None and stats.rows == 2
    assert table.column_names[:9] == [
        *("day", "campaign", "campaign_id", "impressions", "clicks", "cost"),
        *("currency_code", "conversions_all", "cost_2"),
    ]
    assert table.column("conversions_all").to_pylist() == ["3", "3"]
    assert table.column("cost").to_pylist() == ["1,234.56", "45.10"]


# --- encodings ---------------------------------------------------------------


def test_windows_1252_export_with_french_accents_and_oe_ligature() -> None:
    path = CATALOGUE / "invoices_windows1252.csv"
    assert b"\x8c" in path.read_bytes()  # Œ is 0x8c, œ 0x9c in Windows-1252
    table, stats = read_csv_export(path, INVOICES, LOADED_AT, "h")
    assert (stats.encoding, stats.delimiter, stats.rows) == ("cp1252", ";", 2)
    assert table.column("customer_name").to_pylist() == [
        "Les Œuvres du Cœur",
        "Garçon Boucher & Frères – Lyon",
    ]


def test_utf16_linkedin_export_without_bom() -> None:
    path = CATALOGUE / "linkedin_utf16le_no_bom.csv"
    table, stats = read_csv_export(path, LINKEDIN_ADS, LOADED_AT, "h")
    assert (stats.encoding, stats.delimiter, stats.header_line) == (
        "utf-16-le",
        "\t",
        5,
    )
    assert table.to_pylist()[0]["campaign_name"] == "LI_DAF_Été"


def test_utf16_linkedin_export_with_bom(tmp_path: Path) -> None:
    source = CATALOGUE / "linkedin_utf16le_no_bom.csv"
    path = _write(tmp_path, "li_bom.csv", codecs.BOM_UTF16_LE + source.read_bytes())
    table, stats = read_csv_export(path, LINKEDIN_ADS, LOADED_AT, "h")
    assert (stats.encoding, stats.rows) == ("utf-16", 1)
    assert table.to_pylist()[0]["total_spent"] == "310.5"


def test_undecodable_bytes_name_file_line_and_byte() -> None:
    path = CATALOGUE / "invoices_undecodable.csv"
    offset = path.read_bytes().index(b"\x81")
    assert _csv_error(path, INVOICES) == (
        f"{path}: line 2: cannot decode byte 0x81 (byte offset {offset}) as "
        "UTF-8, UTF-16 or Windows-1252; re-export the file as UTF-8"
    )


def test_bom_semicolon_and_decimal_comma_stay_text_for_staging() -> None:
    path = CATALOGUE / "payments_bom_semicolon_decimal_comma.csv"
    table, stats = read_csv_export(path, PAYMENTS, LOADED_AT, "h")
    assert (stats.encoding, stats.delimiter, stats.rows) == ("utf-8-sig", ";", 2)
    assert table.column("payment_id").to_pylist() == ["P-1", "P-2"]
    assert table.column("amount").to_pylist() == ["7 200,00", "1 234,56"]
    assert table.column("method").to_pylist() == ["virement", "carte bancaire"]


# --- truncated and malformed files ------------------------------------------


def test_csv_truncated_inside_a_quoted_value() -> None:
    path = CATALOGUE / "invoices_truncated_mid_quote.csv"
    assert _csv_error(path, INVOICES) == (
        f"{path}: data row 2 (line 3) is not valid CSV (unexpected end of "
        "data): a quoted value is never closed: the file looks truncated"
    )


def test_csv_truncated_mid_line_names_the_missing_columns() -> None:
    path = CATALOGUE / "invoices_truncated_mid_line.csv"
    assert _csv_error(path, INVOICES) == (
        f"{path}: data row 2 (line 3) has 10 cells but the header has 13 "
        "columns: no value for column(s) vat_amount, amount_incl_vat, status "
        "(truncated line or wrong delimiter?)"
    )


def test_ragged_row_with_more_cells_than_the_header(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "ragged.csv", GOOGLE_EXPORT.replace("45.10,EUR", "45.10,EUR,oops")
    )
    assert _csv_error(path) == (
        f"{path}: data row 2 (line 5) has 8 cells but the header has 7 "
        "columns: unexpected value 'oops' after column currency_code"
    )


def test_trailing_empty_cells_are_tolerated(tmp_path: Path) -> None:
    """Spreadsheet tools often add trailing delimiters: not an error."""
    path = _write(tmp_path, "trailing.csv", GOOGLE_EXPORT.replace(",EUR\n", ",EUR,,\n"))
    table, stats = read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")
    assert stats.rows == 2 and table.num_columns == 7 + 4


def test_misplaced_quote_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "quote.csv", GOOGLE_EXPORT.replace("45.10,EUR", '"45".10,EUR')
    )
    assert _csv_error(path) == (
        f"{path}: data row 2 (line 5) is not valid CSV (',' expected after "
        "'\"'): misplaced quote character"
    )


def test_no_header_row_at_all(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.csv", "Bonjour,\nvoici les chiffres de juin\n")
    assert _csv_error(path) == (
        f"{path}: no header row found in the first 50 lines; expected columns "
        "day, campaign, campaign_id, impressions, clicks, cost, currency_code"
    )


def test_ndjson_truncated_last_line_names_file_line_and_column() -> None:
    path = CATALOGUE / "events_truncated.ndjson"
    assert _ndjson_error(path) == (
        f"{path}: line 3 is not valid JSON: Unterminated string starting at "
        "(column 60); it is the last line: the file looks truncated"
    )


def test_ndjson_line_that_is_not_an_object(tmp_path: Path) -> None:
    path = _write(tmp_path, "events.ndjson", '{"event_id": "e1"}\n["e2", "e3"]\n')
    assert _ndjson_error(path) == f"{path}: line 2 is not a JSON object (got list)"


def test_ndjson_crm_object_without_id(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "contacts.ndjson",
        '{"id": "p-1", "properties": {}}\n{"properties": {"email": "a@b.fr"}}\n',
    )
    assert _ndjson_error(path, flatten_object, ("id",)) == (
        f"{path}: line 2 has no value for required key(s) id"
    )


def test_truncated_gzip_file() -> None:
    path = CATALOGUE / "events_truncated.ndjson.gz"
    assert _ndjson_error(path) == (
        f"{path}: gzip file is truncated or corrupt (Compressed file ended "
        "before the end-of-stream marker was reached); nothing was loaded "
        "from it, re-export or re-download it"
    )


# --- binary files and spreadsheets --------------------------------------------


def test_binary_image_saved_as_csv() -> None:
    path = CATALOGUE / "logo_saved_as.csv"
    assert _csv_error(path) == (
        f"{path}: is a PNG image, not a text export; {SAVE_AS_TEXT}"
    )


def test_xlsx_workbook_renamed_to_csv() -> None:
    path = CATALOGUE / "google_ads_report_xlsx_renamed.csv"
    assert _csv_error(path) == (
        f"{path}: is a ZIP archive (an Excel .xlsx / OpenDocument workbook?), "
        f"not a text export; {SAVE_AS_TEXT}"
    )


def test_unknown_binary_with_nul_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, "dump.csv", b"Day,Campaign\n\x01\x02\x00\x00\x07garbage")
    assert _csv_error(path) == (
        f"{path}: line 2 contains a NUL byte (byte offset 15): a binary file, "
        f"not a text export; {SAVE_AS_TEXT}"
    )


# --- lines set aside are counted, never dropped silently --------------------


def test_vendor_totals_and_blank_lines_are_counted(tmp_path: Path) -> None:
    content = GOOGLE_EXPORT.replace("45.10,EUR\n", "45.10,EUR\n\n,,,,,,\n")
    path = _write(tmp_path, "google.csv", content)
    table, stats = read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")
    assert (stats.rows, stats.skipped_total_rows, stats.blank_lines) == (2, 1, 2)
    assert stats.warnings == [
        "skipped 1 vendor total row(s)",
        "skipped 2 blank line(s)",
    ]
    assert table.column("_row_number").to_pylist() == [1, 2]


def test_concatenated_exports_repeat_the_header(tmp_path: Path) -> None:
    header = ",".join(META_ADS.required[:-2]) + ",Amount spent (EUR)"
    first = "2025-06-01,2025-06-01,Retargeting_Juin,8001,5000,40,80.25"
    second = "2025-06-02,2025-06-02,Retargeting_Juin,8001,2000,15,19.75"
    path = _write(tmp_path, "cat.csv", f"{header}\n{first}\n{header}\n{second}\n")
    table, stats = read_csv_export(path, META_ADS, LOADED_AT, "h")
    assert (stats.rows, stats.skipped_header_rows) == (2, 1)
    assert stats.warnings == [
        "skipped 1 repeated header row(s) (concatenated exports?)"
    ]
    assert table.column("_row_number").to_pylist() == [1, 3]


def test_multiline_quoted_value_is_one_row(tmp_path: Path) -> None:
    content = GOOGLE_EXPORT.replace(
        "FR_Search_Marque,9001,800", '"FR_Search\nMarque",9001,800'
    )
    path = _write(tmp_path, "multiline.csv", content)
    table, stats = read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")
    assert stats.rows == 2
    assert table.column("campaign").to_pylist()[1] == "FR_Search\nMarque"


def test_unicode_line_separator_inside_a_json_value(tmp_path: Path) -> None:
    """U+2028 is legal inside JSON strings; it must not split the line."""
    path = _write(
        tmp_path,
        "events.ndjson",
        '{"event_id": "e1", "page_title": "Tarifs\u2028PME"}\n'.encode(),
    )
    (table,) = read_ndjson_export(path, flat_object, (), LOADED_AT, "h")
    assert table.column("page_title").to_pylist() == ["Tarifs\u2028PME"]


# --- nothing lost before raw: tests/fixtures/bad_files/lines_accounted -------

LINES = FIXTURES / "bad_files" / "lines_accounted"


def _assert_every_line_accounted(stats: ReadStats) -> None:
    """lines read = lines loaded + lines skipped (title, header, footer...)."""
    assert stats.lines_read == stats.lines_loaded + stats.lines_skipped()
    assert stats.lines_read > 0


def test_real_campaign_named_total_is_loaded_only_footers_skipped() -> None:
    """Google export with Campaign as first column (Google's default layout).

    By hand, ``campaign_report_2025-05_campaign_first.csv`` has 11 lines: 2
    title lines, the header, 4 real campaign-days (TotalEnergies_Flotte_Search
    twice, "Totalement Pro – Marque", and "Total: Black Friday" which has a
    campaign ID and a day, so it is a campaign, not a summary), 1 blank line
    and 3 Google summary rows ("Total: Account", "Total: Search" with "--" ids,
    "Total: Campaigns" with blank ids). Expected: 4 rows (data rows 1-4),
    3 footers skipped, 1 blank line, 2 title lines, 1 header line.
    The old rule (first cell starts with "total") dropped all 4 campaigns.
    """
    path = LINES / "ads" / "google_ads" / "campaign_report_2025-05_campaign_first.csv"
    table, stats = read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")
    assert table is not None
    assert table.column("campaign").to_pylist() == [
        "TotalEnergies_Flotte_Search",
        "Totalement Pro – Marque",
        "Total: Black Friday",
        "TotalEnergies_Flotte_Search",
    ]
    assert table.column("campaign_id").to_pylist() == ["7001", "7002", "7003", "7001"]
    assert table.column("_row_number").to_pylist() == [1, 2, 3, 4]
    assert (stats.rows, stats.skipped_total_rows, stats.blank_lines) == (4, 3, 1)
    assert (stats.lines_read, stats.title_lines, stats.header_lines) == (11, 2, 1)
    assert stats.warnings == [
        "skipped 3 vendor total row(s)",
        "skipped 1 blank line(s)",
    ]
    _assert_every_line_accounted(stats)


def test_summary_label_with_an_id_is_a_row_not_a_footer(tmp_path: Path) -> None:
    """Standard layout (Day first): a "Total: ..." label with a campaign ID
    is kept (staging will quarantine its unparseable day, nothing is lost);
    Google's own footer (label in Day, blank ids) is skipped. 2 rows + 1
    footer by hand."""
    content = GOOGLE_EXPORT.replace(
        "Total: Account,,,", "Total: Account,--,--,"
    ).replace('2025-06-02,FR_Search_Marque,9001', 'Total: Brand,FR_Search,9001')
    path = _write(tmp_path, "google.csv", content)
    table, stats = read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")
    assert table.column("day").to_pylist() == ["2025-06-01", "Total: Brand"]
    assert stats.skipped_total_rows == 1
    _assert_every_line_accounted(stats)


def test_concatenated_exports_each_with_a_bom_skip_the_second_header() -> None:
    """``export_mai_concatenated.csv`` = BOM + header + 2 rows + BOM + header
    + 1 row (two Meta exports glued together with ``cat``). By hand: 5 lines,
    3 rows loaded (data rows 1, 2 and 4: the repeated header is data row 3),
    1 header line, 1 repeated header skipped. Before, the second header
    (``\ufeffReporting starts``) did not match the first and became a row."""
    path = LINES / "ads" / "meta_ads" / "export_mai_concatenated.csv"
    assert path.read_bytes().count(codecs.BOM_UTF8) == 2
    table, stats = read_csv_export(path, META_ADS, LOADED_AT, "h")
    assert (stats.encoding, stats.rows, stats.skipped_header_rows) == (
        "utf-8-sig",
        3,
        1,
    )
    assert table.column("campaign_name").to_pylist() == [
        "Retargeting_Mai",
        "Retargeting_Mai",
        "Prospection_Mai",
    ]
    assert table.column("_row_number").to_pylist() == [1, 2, 4]
    assert "\ufeff" not in "".join(table.column("reporting_starts").to_pylist())
    assert stats.warnings == [
        "skipped 1 repeated header row(s) (concatenated exports?)"
    ]
    assert (stats.lines_read, stats.header_lines) == (5, 1)
    _assert_every_line_accounted(stats)


def test_utf8_file_with_one_stray_windows_1252_byte() -> None:
    """``invoices_2025-05_one_stray_byte.csv`` is UTF-8 (É, ô, è, ç, œ as
    2-byte sequences) except one byte: the é of "Café" on line 3 is 0xe9,
    Windows-1252. Expected: decoded as UTF-8, that byte alone read as
    Windows-1252 (é), line 3 flagged in a warning; every other name intact.
    Before, the whole file was decoded as Windows-1252 without a warning:
    "Ã‰cole hÃ´teliÃ¨re de Lyon"."""
    path = LINES / "invoicing" / "invoices_2025-05_one_stray_byte.csv"
    table, stats = read_csv_export(path, INVOICES, LOADED_AT, "h")
    assert table.column("customer_name").to_pylist() == [
        "École hôtelière de Lyon",
        "Café Crème & Frères",
        "Garçon & Cœur",
    ]
    assert (stats.encoding, stats.rows, stats.repaired_lines) == ("utf-8", 3, 1)
    assert stats.warnings == [
        "1 byte(s) not valid UTF-8 on line(s) 3 (first: 0xe9 read as "
        "Windows-1252 'é'); the rest of the file is decoded as UTF-8: check "
        "these values"
    ]
    _assert_every_line_accounted(stats)


def test_stray_byte_no_encoding_accepts_is_still_an_error(tmp_path: Path) -> None:
    """A UTF-8 file whose stray byte (0x81) is not Windows-1252 either."""
    content = "invoice_number;customer_name\nF-1;Crème\nF-2;X".encode() + b"\x81\n"
    path = _write(tmp_path, "invoices.csv", content)
    assert _csv_error(path, INVOICES) == (
        f"{path}: line 3: cannot decode byte 0x81 (byte offset {len(content) - 2}) "
        "as UTF-8, UTF-16 or Windows-1252; re-export the file as UTF-8"
    )


def test_deal_without_stage_history_is_counted_not_lost() -> None:
    """``deal_stage_history_2025-05.ndjson``: 4 lines = deal d-11 with 2
    stage entries (2 rows), d-12 with an empty history (no row: counted as
    a line without rows, with a warning), a blank line, d-13 with 1 entry.
    By hand: 3 rows, 2 lines loaded, 1 line without rows, 1 blank line."""
    from ingestion.sources.crm import flatten_stage_history

    path = LINES / "crm" / "deal_stage_history_2025-05.ndjson"
    stats = ReadStats(file_name=path.name)
    tables = list(
        read_ndjson_export(
            path, flatten_stage_history, ("deal_id",), LOADED_AT, "h", stats=stats
        )
    )
    assert [r["deal_id"] for t in tables for r in t.to_pylist()] == [
        "d-11",
        "d-11",
        "d-13",
    ]
    assert (stats.lines_read, stats.lines_loaded, stats.rows) == (4, 2, 3)
    assert (stats.no_row_lines, stats.blank_lines) == (1, 1)
    assert stats.warnings == [
        "skipped 1 blank line(s)",
        "1 line(s) gave no raw row (e.g. a deal without stage history): line 2",
    ]
    _assert_every_line_accounted(stats)


# --- loader level: duplicates, folders, families, schema drift --------------


@pytest.fixture()
def exports(tmp_path: Path) -> Path:
    """A writable copy of the small user exports."""
    target = tmp_path / "exports"
    shutil.copytree(FIXTURES / "user_exports", target)
    return target


def _file_log(db_path: Path, dataset: str) -> list[tuple]:
    with duckdb.connect(str(db_path)) as connection:
        return connection.execute(
            "select file_name, status, rows_loaded, warnings "
            f"from {dataset}._file_log order by run_at, table_name, file_name"
        ).fetchall()


def test_duplicated_export_file_is_loaded_once(exports: Path, tmp_path: Path) -> None:
    google = exports / "ads" / "google_ads"
    original = google / "campaign_report_2025-06.csv"
    shutil.copy(original, google / "campaign_report_2025-06 (1).csv")
    db_path = tmp_path / "dup.duckdb"
    result = load_family("ads", exports, db_path)
    assert result.raw_rows["google_ads_campaign_daily"] == 2
    assert result.report.files_skipped == {
        "google_ads_campaign_daily": ["campaign_report_2025-06.csv"]
    }
    assert (
        "ads/google_ads/campaign_report_2025-06.csv: same content (SHA-256 "
        in "\n".join(result.report.warnings)
    )
    assert "as campaign_report_2025-06 (1).csv: loaded once, this copy skipped" in (
        "\n".join(result.report.warnings)
    )
    # The same content re-sent later under a third name: skipped, reported.
    shutil.copy(original, google / "google_juin_renvoi.csv")
    again = load_family("ads", exports, db_path)
    assert again.raw_rows["google_ads_campaign_daily"] == 2
    assert not again.report.files_loaded
    log = _file_log(db_path, "raw_ads")
    statuses = [(name, status) for name, status, _, _ in log if name.endswith(".csv")]
    assert statuses[:2] == [
        ("campaign_report_2025-06 (1).csv", "loaded"),
        ("campaign_report_2025-06.csv", "duplicate"),
    ]
    assert ("google_juin_renvoi.csv", "already_loaded") in statuses
    renvoi = next(w for name, _, _, w in log if name == "google_juin_renvoi.csv")
    assert renvoi.endswith(
        "as campaign_report_2025-06 (1).csv, already loaded: skipped"
    )


def test_empty_and_header_only_files_are_logged_not_loaded(
    exports: Path, tmp_path: Path
) -> None:
    (exports / "costs" / "couts_vide.csv").write_bytes(b"")
    shutil.copy(
        CATALOGUE / "invoices_header_only.csv",
        exports / "invoicing" / "invoices_header_only.csv",
    )
    db_path = tmp_path / "empty.duckdb"
    ads = load_family("ads", exports, db_path)
    invoicing = load_family("invoicing", exports, db_path)
    assert ads.raw_rows["monthly_costs"] == 2
    assert invoicing.raw_rows["invoices"] == 2
    assert ads.report.files_empty == {"monthly_costs": ["couts_vide.csv"]}
    assert invoicing.report.files_empty == {"invoices": ["invoices_header_only.csv"]}
    assert ("couts_vide.csv", "empty", 0, "empty file (0 bytes): no header, "
            "nothing loaded") in _file_log(db_path, "raw_ads")
    assert (
        "invoices_header_only.csv",
        "empty",
        0,
        "header only (line 1): 0 data rows loaded",
    ) in _file_log(db_path, "raw_invoicing")


def test_spreadsheet_in_an_export_folder_stops_its_family(
    exports: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "xlsx.duckdb"
    load_family("web", exports, db_path)
    before = raw_row_counts(db_path, "raw_web")
    xlsx = exports / "ads" / "google_ads" / "google_ads_report.xlsx"
    shutil.copy(CATALOGUE / "google_ads_report.xlsx", xlsx)
    with pytest.raises(ExportFormatError) as info:
        load_family("ads", exports, db_path)
    assert str(info.value) == (
        f"{xlsx}: a spreadsheet (.xlsx) is not a supported export format; "
        f"{SAVE_AS_TEXT}"
    )
    assert raw_row_counts(db_path, "raw_ads") == {}
    assert raw_row_counts(db_path, "raw_web") == before


def test_unrecognised_file_names_are_reported_and_ignored(
    exports: Path, tmp_path: Path
) -> None:
    (exports / "invoicing" / "factures_2025.csv").write_text("a;b\n1;2\n")
    (exports / "invoicing" / "LISEZMOI.txt").write_text("exports du cabinet\n")
    (exports / "invoicing" / ".DS_Store").write_bytes(b"\x00\x00")
    result = load_family("invoicing", exports, tmp_path / "ignored.duckdb")
    assert result.raw_rows["invoices"] == 2
    ignored = [w for w in result.report.warnings if "not a recognised" in w]
    assert ignored == [
        f"invoicing/{name}: not a recognised export file name for this folder "
        "(docs/raw_contract.md): ignored, nothing loaded"
        for name in ("LISEZMOI.txt", "factures_2025.csv")
    ]


def test_bad_file_stops_its_whole_family_even_new_good_files(
    exports: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "stop.duckdb"
    load_family("ads", exports, db_path)
    before = raw_row_counts(db_path, "raw_ads")
    (exports / "ads" / "meta_ads" / "export_juillet.csv").write_text(
        "Reporting starts,Reporting ends,Campaign name,Campaign ID,Impressions,"
        "Link clicks,Amount spent (EUR)\n"
        "2025-07-01,2025-07-01,Retargeting_Juillet,8002,100,2,5.5\n"
    )
    bad = exports / "ads" / "google_ads" / "campaign_report_2025-07.csv"
    bad.write_text(GOOGLE_EXPORT[: GOOGLE_EXPORT.index('"1,234') + 4])
    with pytest.raises(
        ExportFormatError,
        match=r"campaign_report_2025-07\.csv: data row 1 \(line 4\) is not valid",
    ):
        load_family("ads", exports, db_path)
    assert raw_row_counts(db_path, "raw_ads") == before
    # Once the bad file is removed, the new Meta file loads.
    bad.unlink()
    result = load_family("ads", exports, db_path)
    assert result.report.files_loaded == {
        "meta_ads_campaign_daily": ["export_juillet.csv"]
    }
    assert result.raw_rows["meta_ads_campaign_daily"] == 2


def test_new_columns_reach_the_raw_tables(exports: Path, tmp_path: Path) -> None:
    """Schema drift: extra CSV columns and JSON keys become raw columns."""
    (exports / "ads" / "google_ads" / "campaign_report_2025-07.csv").write_text(
        GOOGLE_EXPORT.replace("2025-06", "2025-07")
        .replace("Currency code\n", "Currency code,Conversions (All)\n")
        .replace(",EUR\n", ",EUR,4\n")
    )
    (exports / "web" / "events_2025-07.ndjson").write_text(
        '{"event_id": "w-9", "timestamp": "2025-07-01T10:00:00+02:00", '
        '"screenResolution": "1920x1080"}\n'
    )
    db_path = tmp_path / "drift.duckdb"
    load_family("ads", exports, db_path)
    load_family("web", exports, db_path)
    with duckdb.connect(str(db_path)) as connection:
        conversions = connection.execute(
            "select _file_name, conversions_all "
            "from raw_ads.google_ads_campaign_daily order by 1, _row_number"
        ).fetchall()
        screens = connection.execute(
            "select event_id, screenresolution from raw_web.events order by 1"
        ).fetchall()
    assert conversions == [
        ("campaign_report_2025-06.csv", None),
        ("campaign_report_2025-06.csv", None),
        ("campaign_report_2025-07.csv", "4"),
        ("campaign_report_2025-07.csv", "4"),
    ]
    assert screens == [("w-1", None), ("w-2", None), ("w-9", "1920x1080")]


# --- secrets: only in .dlt/secrets.toml (gitignored) or the environment ------

CREDENTIAL_KEYS = (
    r"(?:password|passwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|"
    r"client[_-]?secret|motherduck_token|credentials)"
)
SECRET_PATTERNS = {
    "private key": r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----",
    "AWS access key id": r"\bAKIA[0-9A-Z]{16}\b",
    "GitHub token": r"\bgh[pousr]_[A-Za-z0-9]{36,}\b",
    "Slack token": r"\bxox[abprs]-[A-Za-z0-9-]{10,}",
    "Google API key": r"\bAIza[0-9A-Za-z_\-]{35}\b",
    "Stripe live key": r"\b[sr]k_live_[0-9A-Za-z]{16,}",
    # A quoted literal assigned to a credential-like key, in any file.
    "credential assignment": (
        rf"(?i)\b{CREDENTIAL_KEYS}[\"']?\s*[:=]\s*([\"'])(?![{{<$%])"
        r"[^\"'\s]{8,}\1"
    ),
}
# In configuration files a value needs no quotes (``password: hunter2hunter2``).
CONFIG_SUFFIXES = (".toml", ".yml", ".yaml", ".ini", ".cfg", ".env", ".example")
CONFIG_SECRET = (
    rf"(?im)^\s*{CREDENTIAL_KEYS}\s*[:=]\s*(?![\"'{{<$%])[^\s#]{{8,}}\s*$"
)


def _committable_files() -> list[Path]:
    """Tracked files plus untracked ones git would not ignore."""
    import subprocess

    from ingestion.settings import PROJECT_DIR

    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_DIR,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: cannot list committable files")
    names = [n for n in listed.stdout.decode().split("\0") if n]
    return [PROJECT_DIR / n for n in names if (PROJECT_DIR / n).is_file()]


def _secret_hits(path: Path) -> list[str]:
    import re

    data = path.read_bytes()[:2_000_000]
    if b"\0" in data[:8192]:
        return []  # binary fixture (image, gzip, workbook)
    text = data.decode("utf-8", errors="replace")
    patterns = dict(SECRET_PATTERNS)
    if path.name.startswith(".env") or path.suffix in CONFIG_SUFFIXES:
        patterns["credential in a config file"] = CONFIG_SECRET
    return [
        f"{path.name}:{text.count(chr(10), 0, match.start()) + 1}: {kind}"
        for kind, pattern in patterns.items()
        for match in re.finditer(pattern, text)
    ]


def test_secret_scanner_catches_a_planted_secret(tmp_path: Path) -> None:
    # Built by concatenation so that this file itself holds no secret.
    planted = _write(
        tmp_path,
        "secrets.toml",
        "[destination.motherduck.credentials]\n"
        + "password" + ' = "' + "s3cr3t-" + "value-123" + '"\n'
        + "-----BEGIN " + "RSA PRIVATE KEY-----\n"
        + "api_" + "key = " + "abcdef0123456789\n",
    )
    assert _secret_hits(planted) == [
        "secrets.toml:3: private key",
        "secrets.toml:2: credential assignment",
        "secrets.toml:4: credential in a config file",
    ]
    harmless = _write(
        tmp_path,
        "ok.py",
        "password = os.environ['PASSWORD']\n"
        "api_key = \"{{ env_var('API_KEY') }}\"\n"
        "# the secret goes to .dlt/secrets.toml\n",
    )
    assert _secret_hits(harmless) == []


def test_no_committed_file_contains_a_secret() -> None:
    files = _committable_files()
    assert files, "git listed no file"
    hits = [hit for path in files for hit in _secret_hits(path)]
    assert hits == []
    names = {p.name for p in files}
    assert "secrets.toml" not in names
    assert not {p for p in files if p.suffix == ".duckdb"}  # personal data


def test_dlt_secrets_file_is_gitignored() -> None:
    from ingestion.settings import PROJECT_DIR

    ignored = (PROJECT_DIR / ".gitignore").read_text().split()
    assert ".dlt/secrets.toml" in ignored
    example = PROJECT_DIR / ".dlt" / "secrets.toml.example"
    assert _secret_hits(example) == []
    assert "environment variables" in example.read_text()
