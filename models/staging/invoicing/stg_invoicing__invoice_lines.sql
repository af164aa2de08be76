with

invoice_lines as (
    select * from {{ source('invoicing', 'invoice_lines') }}
),

invoice_lines_parsed as (
    select
        trim(invoice_number) as invoice_id,
        {{ parse_integer('line_number') }} as line_number,
        nullif(trim(product), '') as product,
        {{ parse_decimal('quantity', scale=4) }} as quantity,
        {{ parse_decimal('unit_price_excl_vat', scale=4) }}
            as unit_price_excl_vat,
        {{ parse_decimal('unit_cost', scale=4) }} as unit_cost,
        {{ parse_decimal('vat_rate', precision=9, scale=4) }}
            as vat_rate_as_exported,
        {{ quarantine_checks(invoice_lines_quarantine_checks()) }},
        {{ is_superseded_by_later_file('trim(invoice_number)') }}
            as _is_superseded,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from invoice_lines
),

invoice_lines_of_latest_export as (
    {#- The latest loaded file that lists an invoice defines all its lines
        (the lines of older files are superseded), so a line dropped from a
        corrected export disappears too. Rows failing a check are in
        marts.audit.fct_quarantined_rows. -#}
    select {{ star_except(['_quarantine', '_is_superseded']) }}
    from invoice_lines_parsed
    where _quarantine is null and not _is_superseded
),

invoice_lines_computed as (
    select
        invoice_id || '-' || cast(line_number as {{ type_text() }})
            as invoice_line_id,
        invoice_id,
        line_number,
        product,
        quantity,
        unit_price_excl_vat,
        unit_cost,
        {#- '20' or '20%' is a percentage: the contract's form is 0.2. -#}
        cast(
            case
                when vat_rate_as_exported > 1 then vat_rate_as_exported / 100
                else vat_rate_as_exported
            end as decimal(9, 4)
        ) as vat_rate,
        cast(round(quantity * unit_price_excl_vat, 2) as decimal(18, 2))
            as line_amount_excl_vat,
        cast(round(quantity * unit_cost, 2) as decimal(18, 2)) as line_cost,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from invoice_lines_of_latest_export
)

select * from invoice_lines_computed
