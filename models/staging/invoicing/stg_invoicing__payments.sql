with

payments as (
    select * from {{ source('invoicing', 'payments') }}
),

invoices as (
    select * from {{ ref('stg_invoicing__invoices') }}
),

payments_parsed as (
    select
        trim(cast(payment_id as {{ type_text() }})) as payment_id,
        trim(invoice_number) as invoice_id,
        nullif(upper(trim(currency)), '') as currency,
        nullif(lower(trim(method)), '') as payment_method,
        {{ parse_decimal('amount') }} as amount,
        {{ parse_date('payment_date', ['YYYY-MM-DD', 'DD/MM/YYYY']) }}
            as paid_date,
        {{ quarantine_checks(payments_quarantine_checks()) }},
        {{ is_superseded_by_later_file(
            'trim(cast(payment_id as ' ~ type_text() ~ '))'
        ) }}
            as _is_superseded,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from payments
),

payments_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows; the
        rows of a payment id that a later file lists again are superseded
        (the latest loaded file holds its current version). -#}
    select {{ star_except(['_quarantine', '_is_superseded']) }}
    from payments_parsed
    where _quarantine is null and not _is_superseded
),

payments_deduplicated as (
    {{ dedupe_latest('payments_valid', partition_by='payment_id') }}
),

payments_flagged as (
    {#- Flag, not quarantine: money received above the invoice total (incl.
        VAT, beyond `vat_rounding_tolerance`, in the invoice's currency) is
        still cash received; it stays in cash (which reconciles to the
        payments) and the payment that crosses the total is flagged. -#}
    select
        payments_deduplicated.payment_id,
        payments_deduplicated.invoice_id,
        payments_deduplicated.currency,
        payments_deduplicated.payment_method,
        payments_deduplicated.amount,
        coalesce(
            sum(payments_deduplicated.amount)
                over (
                    partition by
                        payments_deduplicated.invoice_id,
                        payments_deduplicated.currency
                    order by
                        payments_deduplicated.paid_date,
                        payments_deduplicated.payment_id
                    rows between unbounded preceding and current row
                )
            > invoices.amount_incl_vat
            + {{ var('vat_rounding_tolerance', 0.02) }},
            false
        ) as is_payment_exceeding_invoice,
        payments_deduplicated.paid_date,
        payments_deduplicated._file_name,
        payments_deduplicated._file_sha256,
        payments_deduplicated._row_number,
        payments_deduplicated._loaded_at,
        payments_deduplicated._dlt_load_id,
        payments_deduplicated._dlt_id
    from payments_deduplicated
    left join invoices
        on
            payments_deduplicated.invoice_id = invoices.invoice_id
            and payments_deduplicated.currency = invoices.currency
)

select * from payments_flagged
