{#- Row checks of an ad platform export (see quarantine_checks), in order:
    no campaign id, implausible or unparseable day, non-numeric spend, negative spend,
    currency without an fx rate (a blank currency passes). -#}
{% macro ad_spend_quarantine_checks(
    spend_column, date_column, date_format, currency_column
) -%}
    {%- set spend = parse_decimal(spend_column, decimal_separator='.') -%}
    {{ return([
        {'reason': 'missing_id', 'column': 'campaign_id',
         'message': 'no campaign id',
         'when': "nullif(trim(campaign_id), '') is null"},
    ] + date_quarantine_checks(
        date_column, 'not a date in the export format', date_format
    ) + [
        {'reason': 'invalid_amount', 'column': spend_column,
         'message': 'spend is not a number',
         'when': spend ~ ' is null'},
        {'reason': 'negative_spend', 'column': spend_column,
         'message': 'spend is negative',
         'when': spend ~ ' < 0'},
        {'reason': 'unknown_currency', 'column': currency_column,
         'message': 'currency without an fx rate',
         'when': is_unknown_currency(
            'upper(trim(' ~ currency_column ~ '))'
         )},
    ]) }}
{%- endmacro %}
