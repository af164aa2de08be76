{#- True when a (cleaned, upper-case) currency code is neither the reporting
    currency nor a currency of the `fx_rates` seed, so that no amount in it
    can be converted; null or blank currencies are not "unknown" here. -#}
{% macro is_unknown_currency(expr) -%}
    coalesce(
        {{ expr }} != '{{ var("reporting_currency") }}'
        and {{ expr }} not in (
            select distinct fx_rates.currency
            from {{ ref('fx_rates') }} as fx_rates
        ),
        false
    )
{%- endmacro %}
