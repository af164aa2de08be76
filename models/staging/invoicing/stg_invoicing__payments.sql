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
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from payments
),

payments_deduplicated as (
    {{ dedupe_latest('payments_parsed', partition_by='payment_id') }}
)

select * from payments_deduplicated
