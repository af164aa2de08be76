{#- Row checks of the payments (see quarantine_checks): no payment id,
    non-numeric amount, implausible or unparseable date, currency without
    an fx rate, no rate of the currency on or before the date, and
    no staged invoice with this number (unknown or quarantined invoice): a
    payment that cannot reach the revenue chain is quarantined, so that
    staged payments always equal the cash collected on staged invoices. -#}
{% macro payments_quarantine_checks() -%}
    {{ return([
        {'reason': 'missing_id', 'column': 'payment_id',
         'message': 'no payment id',
         'when': "nullif(trim(cast(payment_id as " ~ type_text()
            ~ ")), '') is null"},
        {'reason': 'invalid_amount', 'column': 'amount',
         'message': 'amount is not a number',
         'when': parse_decimal('amount') ~ ' is null'},
    ] + date_quarantine_checks(
        'payment_date', 'payment date is not YYYY-MM-DD or DD/MM/YYYY',
        ['YYYY-MM-DD', 'DD/MM/YYYY']
    ) + [
        {'reason': 'unknown_currency', 'column': 'currency',
         'message': 'currency without an fx rate',
         'when': is_unknown_currency('upper(trim(currency))')},
        {'reason': 'no_fx_rate_for_date', 'column': 'payment_date',
         'message': 'no fx rate of the currency on or before the payment date',
         'when': has_no_fx_rate_on(
            'upper(trim(currency))',
            parse_date('payment_date', ['YYYY-MM-DD', 'DD/MM/YYYY']))},
        {'reason': 'unknown_invoice', 'column': 'invoice_number',
         'message': 'no valid invoice with this number',
         'when': 'coalesce(trim(invoice_number) not in ('
            ~ 'select staged_invoices.invoice_id from '
            ~ ref('stg_invoicing__invoices') ~ ' as staged_invoices), true)'},
    ]) }}
{%- endmacro %}
