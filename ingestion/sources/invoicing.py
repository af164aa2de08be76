"""Invoicing exports: invoices and credit notes, lines, payments."""

from ingestion.readers import CsvSpec
from ingestion.sources.files import TableSource

INVOICES = CsvSpec(
    table="invoices",
    required=(
        "invoice_number",
        "kind",
        "credited_invoice_number",
        "crm_deal_id",
        "customer_domain",
        "customer_name",
        "issue_date",
        "due_date",
        "currency",
        "amount_excl_vat",
        "vat_amount",
        "amount_incl_vat",
        "status",
    ),
)

INVOICE_LINES = CsvSpec(
    table="invoice_lines",
    required=(
        "invoice_number",
        "line_number",
        "product",
        "quantity",
        "unit_price_excl_vat",
        "unit_cost",
        "vat_rate",
    ),
)

PAYMENTS = CsvSpec(
    table="payments",
    required=(
        "payment_id",
        "invoice_number",
        "payment_date",
        "amount",
        "currency",
        "method",
    ),
)

INVOICING_TABLES = [
    TableSource(
        spec.table,
        "invoicing",
        (f"{spec.table}*.csv", f"{spec.table}*.csv.gz"),
        spec,
    )
    for spec in (INVOICES, INVOICE_LINES, PAYMENTS)
]
