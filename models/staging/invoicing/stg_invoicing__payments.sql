with

payments as (
    select * from {{ source('invoicing', 'payments') }}
),

payments_parsed as (
    select
        trim(cast(payment_id as varchar)) as payment_id,
        trim(invoice_number) as invoice_id,
        nullif(upper(trim(currency)), '') as currency,
        nullif(lower(trim(method)), '') as payment_method,
        {{ parse_decimal('amount') }} as amount,
        {{ parse_date('payment_date', ['YYYY-MM-DD', 'DD/MM/YYYY']) }}
            as paid_date,
        {{ quarantine_checks(payments_quarantine_checks()) }},
        {{ is_superseded_by_later_file('trim(cast(payment_id as varchar))') }}
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
    select * exclude (_quarantine, _is_superseded)
    from payments_parsed
    where _quarantine is null and not _is_superseded
),

payments_deduplicated as (
    {{ dedupe_latest('payments_valid', partition_by='payment_id') }}
)

select * from payments_deduplicated
