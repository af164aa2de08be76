"""Row-level bad inputs: every raw row is staged, superseded or quarantined.

The export set ``tests/fixtures/bad_rows`` (same layout as the exports
contract) holds one bad case per row next to a few good rows. It is loaded
once with dlt, then ``dbt build`` runs the staging models and the audit marts
once (module fixture); each case asserts its exact outcome: the quarantine
reason code of that file and row, or the flag or normalised value of the
staged row, and the reconciliation counts per raw table.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingestion.pipelines import load_all
from tests.conftest import FIXTURES, dbt

pytestmark = pytest.mark.slow

BAD_ROWS = FIXTURES / "bad_rows"
GOOGLE = "campaign_report_2025-06.csv"
EVENTS = "events_2025-03.ndjson"
INVOICES = "invoices_2025.csv"


@dataclass
class BadRowsWarehouse:
    """The bad-row exports, loaded and built."""

    db_path: Path
    build_ok: bool
    quarantined: dict[tuple[str, str, int], tuple[str, str, str]]


@pytest.fixture(scope="module")
def bad_rows(tmp_path_factory: pytest.TempPathFactory) -> BadRowsWarehouse:
    """Load the catalogue once and build staging + audit once."""
    root = tmp_path_factory.mktemp("bad_rows")
    exports = root / "exports"
    shutil.copytree(BAD_ROWS, exports)
    db_path = root / "warehouse.duckdb"
    load_all(exports, db_path)
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
    with duckdb.connect(str(db_path)) as connection:
        rows = connection.execute(
            "select source_table, _file_name, _row_number, reason_code, "
            "reason_detail, raw_record from marts.fct_quarantined_rows"
        ).fetchall()
    quarantined = {
        (table, file_name, row): (code, detail, raw)
        for table, file_name, row, code, detail, raw in rows
    }
    return BadRowsWarehouse(db_path, ok, quarantined)


def _query(warehouse: BadRowsWarehouse, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(warehouse.db_path)) as connection:
        return connection.execute(sql).fetchall()


def test_build_passes_with_bad_rows(bad_rows: BadRowsWarehouse) -> None:
    """Bad rows never break the build: every error-severity test passes."""
    assert bad_rows.build_ok


# (case, raw table, file, 1-based data row, reason code, detail contains)
QUARANTINE_CASES = [
    ("negative_spend", "raw_ads.google_ads_campaign_daily", GOOGLE, 2,
     "negative_spend", "cost = '-12.50'"),
    ("non_numeric_spend", "raw_ads.google_ads_campaign_daily", GOOGLE, 3,
     "invalid_amount", "cost = 'abc'"),
    ("spend_without_campaign_id", "raw_ads.google_ads_campaign_daily", GOOGLE,
     4, "missing_id", "campaign_id is blank"),
    ("spend_day_unparseable", "raw_ads.google_ads_campaign_daily", GOOGLE, 5,
     "unparseable_date", "day = '2025-13-45'"),
    ("spend_unknown_currency", "raw_ads.google_ads_campaign_daily", GOOGLE, 6,
     "unknown_currency", "currency_code = 'XYZ'"),
    ("meta_spend_not_available", "raw_ads.meta_ads_campaign_daily",
     "export_juin.csv", 2, "invalid_amount", "amount_spent = 'N/A'"),
    ("cost_month_in_words", "raw_ads.monthly_costs", "couts_2025.csv", 2,
     "unparseable_date", "month = 'juin 2025'"),
    ("cost_amount_in_words", "raw_ads.monthly_costs", "couts_2025.csv", 3,
     "invalid_amount", "amount = 'mille euros'"),
    ("company_blank_id", "raw_crm.companies", "companies.ndjson", 2,
     "missing_id", "id is blank"),
    ("deal_stage_timestamp_in_words", "raw_crm.deal_stage_history",
     "deal_stage_history.ndjson", 3, "unparseable_timestamp",
     "timestamp = 'hier 10h'"),
    ("invoice_unknown_currency", "raw_invoicing.invoices", INVOICES, 2,
     "unknown_currency", "currency = 'XYZ'"),
    ("invoice_non_numeric_amount", "raw_invoicing.invoices", INVOICES, 3,
     "invalid_amount", "amount_excl_vat = 'douze'"),
    ("invoice_vat_does_not_add_up", "raw_invoicing.invoices", INVOICES, 4,
     "vat_mismatch", "1000.00 + 200.00 != 1250.00"),
    ("invoice_in_the_future", "raw_invoicing.invoices", INVOICES, 6,
     "future_invoice_date", "issue_date = '01/01/2099'"),
    ("duplicated_invoice_number_first", "raw_invoicing.invoices", INVOICES, 7,
     "duplicate_invoice_number", "invoice_number = 'F-7'"),
    ("duplicated_invoice_number_second", "raw_invoicing.invoices", INVOICES,
     8, "duplicate_invoice_number", "invoice_number = 'F-7'"),
    ("invoice_date_31_february", "raw_invoicing.invoices", INVOICES, 9,
     "unparseable_date", "issue_date = '31/02/2025'"),
    ("invoice_unknown_kind", "raw_invoicing.invoices", INVOICES, 10,
     "invalid_kind", "kind = 'proforma'"),
    ("invoice_line_without_number", "raw_invoicing.invoice_lines",
     "invoice_lines_2025.csv", 2, "missing_id", "line_number = 'x'"),
    ("invoice_line_quantity_in_words", "raw_invoicing.invoice_lines",
     "invoice_lines_2025.csv", 3, "invalid_amount", "quantity = 'deux'"),
    ("payment_of_unknown_invoice", "raw_invoicing.payments",
     "payments_2025.csv", 2, "unknown_invoice", "invoice_number = 'F-999'"),
    ("payment_non_numeric_amount", "raw_invoicing.payments",
     "payments_2025.csv", 3, "invalid_amount", "amount = 'abc'"),
    ("payment_of_quarantined_invoice", "raw_invoicing.payments",
     "payments_2025.csv", 4, "unknown_invoice", "invoice_number = 'F-7'"),
    ("event_without_anonymous_id", "raw_web.events", EVENTS, 6,
     "missing_anonymous_id", "anonymous_id is blank"),
    ("event_without_timestamp", "raw_web.events", EVENTS, 7,
     "unparseable_timestamp", "timestamp is blank"),
    ("event_french_timestamp", "raw_web.events", EVENTS, 8,
     "unparseable_timestamp", "timestamp = '30/03/2025 10:00'"),
    ("event_blank_id", "raw_web.events", EVENTS, 9, "missing_id",
     "event_id is blank"),
    ("event_unknown_type", "raw_web.events", EVENTS, 10, "unknown_event_type",
     "event_type = 'scroll'"),
    # Issue 9, point 2: what would break a downstream test is quarantined.
    ("invoice_before_first_fx_rate_of_its_currency", "raw_invoicing.invoices",
     INVOICES, 14, "no_fx_rate_for_date", "issue_date = '15/12/2023'"),
    ("invoice_excel_zero_date", "raw_invoicing.invoices", INVOICES, 15,
     "implausible_date", "issue_date = '30/12/1899'"),
    ("invoice_excel_day_zero_of_1900", "raw_invoicing.invoices", INVOICES, 16,
     "implausible_date", "issue_date = '00/01/1900'"),
    ("invoice_excel_serial_zero", "raw_invoicing.invoices", INVOICES, 17,
     "implausible_date", "issue_date = '0'"),
    ("payment_before_first_fx_rate_of_its_currency", "raw_invoicing.payments",
     "payments_2025.csv", 6, "no_fx_rate_for_date",
     "payment_date = '20/12/2023'"),
    ("payment_excel_zero_date", "raw_invoicing.payments", "payments_2025.csv",
     7, "implausible_date", "payment_date = '30/12/1899'"),
    ("event_excel_zero_timestamp", "raw_web.events", EVENTS, 19,
     "implausible_timestamp", "timestamp = '1899-12-30T00:00:00'"),
    ("deal_created_on_excel_zero_date", "raw_crm.deals", "deals.ndjson", 4,
     "implausible_timestamp",
     "coalesce(created_at, createdate) = '1899-12-30T00:00:00Z'"),
    # Issue 9, point 5: implausible values are never silently accepted.
    ("event_in_2199", "raw_web.events", EVENTS, 22, "implausible_timestamp",
     "timestamp = '2199-01-01T00:00:00Z'"),
    ("credit_note_above_the_invoice_it_credits", "raw_invoicing.invoices",
     INVOICES, 19, "credit_exceeds_invoice",
     "credited_invoice_number = 'F-1'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("table", "file_name", "row", "reason", "detail"),
    [pytest.param(*case[1:], id=case[0]) for case in QUARANTINE_CASES],
)
def test_bad_row_is_quarantined_with_its_reason(
    bad_rows: BadRowsWarehouse,
    table: str,
    file_name: str,
    row: int,
    reason: str,
    detail: str,
) -> None:
    assert (table, file_name, row) in bad_rows.quarantined
    code, reason_detail, _ = bad_rows.quarantined[(table, file_name, row)]
    assert code == reason
    assert detail in reason_detail


def test_nothing_else_is_quarantined(bad_rows: BadRowsWarehouse) -> None:
    expected = {(case[1], case[2], case[3]) for case in QUARANTINE_CASES}
    assert set(bad_rows.quarantined) == expected


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# (case, SQL returning one row, expected row): staged rows, flags, values.
STAGED_CASES = [
    # Malformed and truncated URLs are flagged, not quarantined; the UTMs
    # are parsed as far as they go.
    ("truncated_url_flagged_and_kept",
     "select is_malformed_page_url, utm_source, utm_medium, utm_campaign "
     "from staging.stg_web__events where event_id = 'w-truncated-url'",
     (True, "google", "cpc", "printemps%2")),
    ("url_without_scheme_or_host_flagged",
     "select is_malformed_page_url, page_host, utm_source "
     "from staging.stg_web__events where event_id = 'w-no-host-url'",
     (True, None, "newsletter")),
    ("well_formed_url_not_flagged",
     "select is_malformed_page_url, utm_source, utm_campaign "
     "from staging.stg_web__events where event_id = 'w-ok'",
     (False, "linkedin", "li_daf_juin")),
    # A Latin-1 escape (%E9) is not UTF-8: it is decoded as Latin-1
    # ('é') instead of failing the whole model; the raw value is kept.
    ("latin1_percent_encoded_utm_decoded",
     "select utm_source, utm_campaign_raw, utm_campaign "
     "from staging.stg_web__events where event_id = 'w-latin1-utm'",
     ("brevo", "F%E9vrier", "février")),
    ("email_in_url_redacted_and_hashed",
     "select page_url, email_hash, email_domain "
     "from staging.stg_web__events where event_id = 'w-email-in-url'",
     ("https://www.facturo.fr/demo?email=redacted&utm_source=google",
      _sha256("jane.doe@acme.fr"), "acme.fr")),
    # Timestamps: an offset is honoured; a naive timestamp is read as UTC
    # (never as Europe/Paris, whose 02:30 does not exist on 2025-03-30 and
    # happens twice on 2025-10-26); event_date is the Paris date.
    ("naive_timestamp_on_spring_dst_gap_is_utc",
     "select event_at, event_date from staging.stg_web__events "
     "where event_id = 'w-naive-spring'",
     (_utc(2025, 3, 30, 2, 30), date(2025, 3, 30))),
    ("utc_late_evening_before_spring_change_is_next_paris_day",
     "select event_at, event_date from staging.stg_web__events "
     "where event_id = 'w-utc-before-spring-midnight'",
     (_utc(2025, 3, 29, 23, 30), date(2025, 3, 30))),
    ("utc_evening_after_spring_change_uses_summer_offset",
     "select event_at, event_date from staging.stg_web__events "
     "where event_id = 'w-utc-spring-evening'",
     (_utc(2025, 3, 30, 22, 30), date(2025, 3, 31))),
    ("autumn_first_0230_with_summer_offset",
     "select event_at, event_date from staging.stg_web__events "
     "where event_id = 'w-autumn-first-0230'",
     (_utc(2025, 10, 26, 0, 30), date(2025, 10, 26))),
    ("autumn_second_0230_with_winter_offset",
     "select event_at, event_date from staging.stg_web__events "
     "where event_id = 'w-autumn-second-0230'",
     (_utc(2025, 10, 26, 1, 30), date(2025, 10, 26))),
    ("naive_timestamp_on_autumn_repeated_hour_is_utc",
     "select event_at, event_date from staging.stg_web__events "
     "where event_id = 'w-naive-autumn'",
     (_utc(2025, 10, 26, 2, 30), date(2025, 10, 26))),
    ("utc_late_evening_before_autumn_change_is_next_paris_day",
     "select event_at, event_date from staging.stg_web__events "
     "where event_id = 'w-utc-before-autumn-midnight'",
     (_utc(2025, 10, 25, 22, 30), date(2025, 10, 26))),
    ("event_without_consent_kept_for_aggregates",
     "select has_consent, channel != 'unassigned' "
     "from staging.stg_web__events where event_id = 'w-no-consent'",
     (False, True)),
    ("event_sent_twice_staged_once_from_latest_file",
     "select count(*), max(_file_name) from staging.stg_web__events "
     "where event_id = 'w-ok'",
     (1, "events_2025-05_resent.ndjson")),
    # Contacts with an invalid e-mail are contacts: flagged, hashed, kept.
    ("contact_invalid_email_flagged_not_quarantined",
     "select is_valid_email, email_domain, email_hash, lifecycle_stage "
     "from staging.stg_crm__contacts where contact_id = 'p-2'",
     (False, None, _sha256("jean.dupont@boulangeries-martin"), "lead")),
    ("contact_valid_email",
     "select is_valid_email, email_domain from staging.stg_crm__contacts "
     "where contact_id = 'p-1'",
     (True, "boulangeries-martin.fr")),
    # Deals without contact or company: flagged, kept (unattributed later).
    ("deal_without_contact_or_company_flagged",
     "select has_associated_contact, has_associated_company "
     "from staging.stg_crm__deals where deal_id = 'd-2'",
     (False, False)),
    ("deal_with_contact_and_company",
     "select has_associated_contact, has_associated_company "
     "from staging.stg_crm__deals where deal_id = 'd-1'",
     (True, True)),
    # A credit note of an unknown invoice still reduces revenue: kept and
    # flagged, never quarantined.
    ("credit_note_of_unknown_invoice_kept_negative_and_flagged",
     "select invoice_kind, is_orphan_credit_note, net_revenue_excl_vat "
     "from staging.stg_invoicing__invoices where invoice_id = 'AV-1'",
     ("credit_note", True, Decimal("-100.00"))),
    ("avoir_of_known_invoice_not_flagged",
     "select invoice_kind, is_orphan_credit_note, net_revenue_excl_vat "
     "from staging.stg_invoicing__invoices where invoice_id = 'AV-2'",
     ("credit_note", False, Decimal("-50.00"))),
    ("vat_off_by_one_cent_is_rounding",
     "select amount_excl_vat, vat_amount, amount_incl_vat "
     "from staging.stg_invoicing__invoices where invoice_id = 'F-5'",
     (Decimal("1000.01"), Decimal("200.00"), Decimal("1200.00"))),
    ("same_invoice_resent_with_new_status_supersedes",
     "select count(*), max(status), max(_file_name) "
     "from staging.stg_invoicing__invoices where invoice_id = 'F-1'",
     (1, "paid", "invoices_2025_resent.csv")),
    # Corrections supersede (issue 9, point 4): the latest loaded file that
    # lists an invoice, its lines or a payment holds the current version;
    # the bad rows of the older file are superseded, not quarantined.
    ("corrected_invoice_supersedes_its_vat_mismatch",
     "select count(*), max(amount_incl_vat), max(_file_name) "
     "from staging.stg_invoicing__invoices where invoice_id = 'F-10'",
     (1, Decimal("1200.00"), "invoices_2025_corrected.csv")),
    ("corrected_invoice_line_supersedes_its_bad_quantity",
     "select count(*), max(quantity), max(_file_name) "
     "from staging.stg_invoicing__invoice_lines where invoice_id = 'F-10'",
     (1, Decimal("1.0000"), "invoice_lines_2025_corrected.csv")),
    ("corrected_payment_supersedes_its_bad_amount",
     "select count(*), max(amount), max(_file_name) "
     "from staging.stg_invoicing__payments where payment_id = 'P-5'",
     (1, Decimal("1200.00"), "payments_2025_corrected.csv")),
    # An implausible optional date is null and flagged (point 2).
    ("invoice_excel_zero_due_date_nulled_and_flagged",
     "select due_date, has_implausible_due_date "
     "from staging.stg_invoicing__invoices where invoice_id = 'F-15'",
     (None, True)),
    ("invoice_plausible_due_date_not_flagged",
     "select due_date, has_implausible_due_date "
     "from staging.stg_invoicing__invoices where invoice_id = 'F-1'",
     (date(2025, 7, 1), False)),
    ("deal_excel_zero_close_date_nulled_and_flagged",
     "select expected_close_at, has_implausible_close_date "
     "from staging.stg_crm__deals where deal_id = 'd-5'",
     (None, True)),
    # Point 5: epoch timestamps read in the unit their magnitude gives.
    ("epoch_seconds_where_iso_expected_read_as_seconds",
     "select event_at from staging.stg_web__events "
     "where event_id = 'w-epoch-seconds'",
     (_utc(2025, 5, 1, 8, 0),)),
    ("epoch_milliseconds_read_as_milliseconds",
     "select event_at from staging.stg_web__events "
     "where event_id = 'w-epoch-milliseconds'",
     (_utc(2025, 5, 1, 8, 0),)),
    # Point 5: a deal closed before it was created is flagged (cycle-time
    # marts leave it out: fct_deal_time_to_cash unit test).
    ("deal_closed_before_created_flagged",
     "select is_won, has_negative_sales_cycle "
     "from staging.stg_crm__deals where deal_id = 'd-3'",
     (True, True)),
    ("deal_closed_after_created_not_flagged",
     "select is_won, has_negative_sales_cycle "
     "from staging.stg_crm__deals where deal_id = 'd-1'",
     (True, False)),
    # Point 5: a payment above the invoice total is cash received: kept and
    # flagged (the payment that crosses the total).
    ("payment_above_invoice_total_kept_and_flagged",
     "select amount, is_payment_exceeding_invoice "
     "from staging.stg_invoicing__payments where payment_id = 'P-8'",
     (Decimal("100.00"), True)),
    ("payment_up_to_invoice_total_not_flagged",
     "select amount, is_payment_exceeding_invoice "
     "from staging.stg_invoicing__payments where payment_id = 'P-1'",
     (Decimal("1200.00"), False)),
    ("overlapping_ad_export_latest_wins",
     "select spend_amount, _file_name from staging.stg_ads__google_ads_spend "
     "where campaign_id = '9001' and spend_date = date '2025-06-01'",
     (Decimal("1300.00"), "campaign_report_2025-06_rerun.csv")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sql", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in STAGED_CASES],
)
def test_row_is_staged_with_its_flags_and_values(
    bad_rows: BadRowsWarehouse, sql: str, expected: tuple[Any, ...]
) -> None:
    assert _query(bad_rows, sql) == [expected]


# Bad rows corrected in a later file: superseded, not outstanding.
# (raw table, file, row, business key column, key)
SUPERSEDED_BAD_ROWS = [
    ("raw_invoicing.invoices", INVOICES, 13, "invoice_number", "F-10"),
    ("raw_invoicing.invoice_lines", "invoice_lines_2025.csv", 4,
     "invoice_number", "F-10"),
    ("raw_invoicing.payments", "payments_2025.csv", 5, "payment_id", "P-5"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("table", "file_name", "row", "key_column", "key"), SUPERSEDED_BAD_ROWS
)
def test_corrected_bad_row_is_superseded_not_quarantined(
    bad_rows: BadRowsWarehouse,
    table: str,
    file_name: str,
    row: int,
    key_column: str,
    key: str,
) -> None:
    raw = _query(
        bad_rows,
        f"select {key_column} from {table} "
        f"where _file_name = '{file_name}' and _row_number = {row}",
    )
    assert raw == [(key,)]
    assert (table, file_name, row) not in bad_rows.quarantined


# raw table: (raw, staged, superseded, quarantined)
EXPECTED_RECONCILIATION = {
    "raw_ads.google_ads_campaign_daily": (7, 1, 1, 5),
    "raw_ads.meta_ads_campaign_daily": (2, 1, 0, 1),
    "raw_ads.linkedin_ads_campaign_daily": (1, 1, 0, 0),
    "raw_ads.monthly_costs": (3, 1, 0, 2),
    "raw_crm.companies": (2, 1, 0, 1),
    "raw_crm.contacts": (3, 2, 1, 0),
    "raw_crm.deals": (5, 4, 0, 1),
    "raw_crm.deal_stage_history": (3, 2, 0, 1),
    "raw_crm.activities": (1, 1, 0, 0),
    "raw_crm.marketing_engagements": (1, 1, 0, 0),
    "raw_web.events": (23, 15, 1, 7),
    "raw_invoicing.invoices": (21, 6, 2, 13),
    "raw_invoicing.invoice_lines": (5, 2, 1, 2),
    "raw_invoicing.payments": (9, 3, 1, 5),
}


def test_reconciliation_counts_every_raw_row(bad_rows: BadRowsWarehouse) -> None:
    rows = _query(
        bad_rows,
        "select source_table, raw_rows, staged_rows, superseded_rows, "
        "quarantined_rows, unaccounted_rows, is_reconciled "
        "from marts.rpt_source_reconciliation",
    )
    assert {r[0]: r[1:5] for r in rows} == EXPECTED_RECONCILIATION
    assert all(r[5] == 0 and r[6] for r in rows)


def test_quarantined_raw_records_hold_no_personal_data(
    bad_rows: BadRowsWarehouse,
) -> None:
    """The raw JSON of a quarantined form submission drops the e-mail key
    and redacts the address in its URL."""
    _, _, raw = bad_rows.quarantined[("raw_web.events", EVENTS, 6)]
    assert '"email"' not in raw
    assert "@" not in raw and "%40" not in raw
    assert "email=redacted" in raw
    for _, _, record in bad_rows.quarantined.values():
        assert "@" not in record
