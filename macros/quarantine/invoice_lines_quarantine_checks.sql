{#- Row checks of the invoice lines (see quarantine_checks): no invoice
    number, no line number, non-numeric quantity or unit price. -#}
{% macro invoice_lines_quarantine_checks() -%}
    {{ return([
        {'reason': 'missing_id', 'column': 'invoice_number',
         'message': 'no invoice number',
         'when': "nullif(trim(invoice_number), '') is null"},
        {'reason': 'missing_id', 'column': 'line_number',
         'message': 'line number is not a number',
         'when': parse_integer('line_number') ~ ' is null'},
        {'reason': 'invalid_amount', 'column': 'quantity',
         'message': 'quantity is not a number',
         'when': parse_decimal('quantity', scale=4) ~ ' is null'},
        {'reason': 'invalid_amount', 'column': 'unit_price_excl_vat',
         'message': 'unit price is not a number',
         'when': parse_decimal('unit_price_excl_vat', scale=4)
            ~ ' is null'},
    ]) }}
{%- endmacro %}
