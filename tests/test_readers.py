"""Readers: real export quirks become all-text Arrow tables, or clear errors."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
from pathlib import Path

import pytest

from ingestion.readers import (
    ExportFormatError,
    decode_text,
    read_bytes,
    read_csv_export,
    read_ndjson_export,
    snake,
)
from ingestion.sources.ads import GOOGLE_ADS, LINKEDIN_ADS, META_ADS
from ingestion.sources.crm import flatten_object, flatten_stage_history
from ingestion.sources.files import flat_object
from ingestion.sources.invoicing import INVOICES

LOADED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

GOOGLE_EXPORT = (
    "Campaign report\n"
    '"1 January 2025 - 31 January 2025"\n'
    "Day,Campaign,Campaign ID,Impr.,Clicks,Cost,Currency code\n"
    '2025-01-01,FR_Search_Brand,123,1000,50,"1,234.56",EUR\n'
    "2025-01-02,FR_Search_Brand,123,900,40,99.10,EUR\n"
    'Total: Account,,,1900,90,"1,333.66",EUR\n'
    'Total: Campaigns,,,1900,90,"1,333.66",EUR\n'
)


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_snake_cases_vendor_headers() -> None:
    assert snake("Impr.") == "impr"
    assert snake("Amount spent (EUR)") == "amount_spent_eur"
    assert snake("  Start Date (in UTC) ") == "start_date_in_utc"


def test_google_export_skips_title_lines_and_total_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, "google.csv", GOOGLE_EXPORT.encode())
    table, stats = read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")
    assert stats.header_line == 3
    assert stats.skipped_total_rows == 2
    assert table is not None
    rows = table.to_pylist()
    assert [r["cost"] for r in rows] == ["1,234.56", "99.10"]
    assert [r["impressions"] for r in rows] == ["1000", "900"]
    assert [r["_row_number"] for r in rows] == [1, 2]
    assert {r["_file_name"] for r in rows} == {"google.csv"}


def test_meta_currency_comes_from_amount_header(tmp_path: Path) -> None:
    content = (
        "Reporting starts,Reporting ends,Campaign name,Campaign ID,"
        "Impressions,Link clicks,Amount spent (EUR)\n"
        "2025-01-01,2025-01-01,Meta_Retargeting,777,100,5,12.5\n"
    )
    path = _write(tmp_path, "meta.csv", content.encode("utf-8-sig"))
    table, stats = read_csv_export(path, META_ADS, LOADED_AT, "h")
    assert stats.encoding == "utf-8-sig"
    row = table.to_pylist()[0]
    assert row["amount_spent"] == "12.5"
    assert row["currency"] == "EUR"


def test_linkedin_utf16_tab_export(tmp_path: Path) -> None:
    content = (
        "Campaign Performance Report (in UTC)\n"
        "Report Start: 1/1/2025\nReport End: 1/31/2025\n"
        "Date Generated: 2/1/2025\n"
        "Start Date (in UTC)\tCampaign Group Name\tCampaign Name\tCampaign ID\t"
        "Impressions\tClicks\tTotal Spent\tCurrency\n"
        "1/1/2025\tDAF\tLI_Lead_Gen_DAF\t555\t100\t3\t45.2\tEUR\n"
    )
    path = _write(tmp_path, "li.csv", codecs.BOM_UTF16_LE + content.encode("utf-16-le"))
    table, stats = read_csv_export(path, LINKEDIN_ADS, LOADED_AT, "h")
    assert (stats.encoding, stats.delimiter, stats.header_line) == ("utf-16", "\t", 5)
    row = table.to_pylist()[0]
    assert row["start_date"] == "1/1/2025"
    assert row["campaign_group_name"] == "DAF"


def test_windows_1252_semicolon_invoices(tmp_path: Path) -> None:
    header = ";".join(INVOICES.required)
    line = (
        "F-001;invoice;;42;societe.fr;Société Générale d'Éclairage;"
        "01/02/2025;03/03/2025;EUR;1 000,00;200,00;1 200,00;paid"
    )
    path = _write(tmp_path, "invoices.csv", f"{header}\r\n{line}\r\n".encode("cp1252"))
    table, stats = read_csv_export(path, INVOICES, LOADED_AT, "h")
    assert (stats.encoding, stats.delimiter) == ("cp1252", ";")
    row = table.to_pylist()[0]
    assert row["customer_name"] == "Société Générale d'Éclairage"
    assert row["amount_excl_vat"] == "1 000,00"
    assert row["credited_invoice_number"] == ""


def test_missing_required_column_names_file_and_column(tmp_path: Path) -> None:
    content = "Day,Campaign,Impr.,Clicks,Cost,Currency code\n2025-01-01,X,1,1,1,EUR\n"
    path = _write(tmp_path, "bad.csv", content.encode())
    with pytest.raises(ExportFormatError, match=r"bad\.csv.*campaign_id"):
        read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")


def test_extra_column_is_kept(tmp_path: Path) -> None:
    content = GOOGLE_EXPORT.replace("Currency code\n", "Currency code,Conversions\n")
    content = content.replace(",EUR\n", ",EUR,3\n")
    path = _write(tmp_path, "extra.csv", content.encode())
    table, _ = read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")
    assert table.column("conversions").to_pylist() == ["3", "3"]


def test_row_with_too_many_cells_is_an_error(tmp_path: Path) -> None:
    content = GOOGLE_EXPORT.replace("99.10,EUR", "99.10,EUR,oops")
    path = _write(tmp_path, "ragged.csv", content.encode())
    with pytest.raises(ExportFormatError, match=r"ragged\.csv: data row 2"):
        read_csv_export(path, GOOGLE_ADS, LOADED_AT, "h")


def test_empty_and_header_only_files_give_no_table(tmp_path: Path) -> None:
    empty = _write(tmp_path, "empty.csv", b"")
    header_only = _write(
        tmp_path, "header.csv", GOOGLE_EXPORT.split("\n2025")[0].encode()
    )
    assert read_csv_export(empty, GOOGLE_ADS, LOADED_AT, "h")[0] is None
    table, stats = read_csv_export(header_only, GOOGLE_ADS, LOADED_AT, "h")
    assert table is None and stats.rows == 0


def test_undecodable_bytes_fall_back_to_cp1252() -> None:
    assert decode_text("é".encode("cp1252"), Path("x"))[1] == "cp1252"


def test_ndjson_events_gzip_and_text_values(tmp_path: Path) -> None:
    lines = (
        '{"event_id": "e1", "consent": true, "n": 3, "extra": {"a": 1}}\n'
        "\n"
        '{"event_id": "e2", "consent": false, "email": null}\n'
    )
    path = _write(tmp_path, "events.ndjson.gz", gzip.compress(lines.encode()))
    tables = list(read_ndjson_export(path, flat_object, (), LOADED_AT, "h"))
    rows = tables[0].to_pylist()
    assert [r["consent"] for r in rows] == ["true", "false"]
    assert rows[0]["n"] == "3"
    assert rows[0]["extra"] == '{"a": 1}'
    assert [r["_row_number"] for r in rows] == [1, 2]


def test_gzip_of_several_members_reads_every_member(tmp_path: Path) -> None:
    """Exports joined with ``cat a.gz b.gz`` are one valid gzip file."""
    parts = [b'{"event_id": "e1"}\n', b'{"event_id": "e2"}\n']
    path = _write(
        tmp_path, "events.ndjson.gz", b"".join(gzip.compress(p) for p in parts)
    )
    assert read_bytes(path) == b"".join(parts)


def test_corrupt_gzip_member_is_an_export_error(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress(b'{"event_id": "e1"}\n' * 50))
    packed[12:20] = b"\xff" * 8  # inside the deflate stream
    path = _write(tmp_path, "events.ndjson.gz", bytes(packed))
    with pytest.raises(ExportFormatError, match="gzip file is truncated or corrupt"):
        read_bytes(path)


def test_ndjson_invalid_line_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "events.ndjson", b'{"event_id": "e1"}\n{"event_id": \n')
    with pytest.raises(ExportFormatError, match=r"events\.ndjson: line 2"):
        list(read_ndjson_export(path, flat_object, (), LOADED_AT, "h"))


def test_hubspot_object_flattening() -> None:
    record = {
        "id": "101",
        "properties": {"email": "a@b.fr", "Custom Prop": 5},
        "createdAt": "2025-01-01T00:00:00Z",
        "updatedAt": "2025-01-02T00:00:00Z",
        "archived": False,
        "associations": {"companies": {"results": [{"id": "7"}]}},
    }
    (row,) = flatten_object(record)
    assert row["id"] == "101" and row["archived"] == "false"
    assert row["custom_prop"] == "5"
    assert row["associations"] == '{"companies": {"results": [{"id": "7"}]}}'


def test_stage_history_one_row_per_entry() -> None:
    record = {
        "id": "9",
        "propertiesWithHistory": {
            "dealstage": [
                {"value": "qualifiedtobuy", "timestamp": "t1", "sourceType": "CRM_UI"},
                {"value": "closedwon", "timestamp": "t2", "sourceType": "API"},
            ]
        },
    }
    rows = flatten_stage_history(record)
    assert [(r["deal_id"], r["dealstage"]) for r in rows] == [
        ("9", "qualifiedtobuy"),
        ("9", "closedwon"),
    ]
