{#- Row checks of the monthly cost sheets (see quarantine_checks):
    implausible or unparseable month, non-numeric amount, currency without an fx rate
    (blank is the reporting currency). -#}
{% macro monthly_costs_quarantine_checks() -%}
    {{ return(date_quarantine_checks(
        'month', 'not a YYYY-MM month', 'YYYY-MM'
    ) + [
        {'reason': 'invalid_amount', 'column': 'amount',
         'message': 'amount is not a number',
         'when': parse_decimal('amount') ~ ' is null'},
        {'reason': 'unknown_currency', 'column': 'currency',
         'message': 'currency without an fx rate',
         'when': is_unknown_currency("nullif(upper(trim(currency)), '')")},
    ]) }}
{%- endmacro %}
