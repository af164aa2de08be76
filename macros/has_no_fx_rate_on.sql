{#- True when `stg_reference__fx_rates` (the rates every model converts
    with, EUR = 1
    included) has no rate of the (upper-case) currency on or before the
    date: the amount cannot be converted (e.g. dated before the first rate
    of its currency in seeds/fx_rates.csv). False when the currency or the
    date is null (other checks report those). The rate columns are renamed
    so that the caller's unqualified raw columns (`currency`) keep
    resolving to the raw row. -#}
{% macro has_no_fx_rate_on(currency_expr, date_expr) -%}
    coalesce(
        not exists (
            select 1
            from (
                select
                    fx_rates.currency as fx_currency,
                    fx_rates.rate_date as fx_rate_date
                from {{ ref('stg_reference__fx_rates') }} as fx_rates
            ) as rates
            where
                rates.fx_currency = {{ currency_expr }}
                and rates.fx_rate_date <= {{ date_expr }}
        )
        and {{ currency_expr }} is not null
        and {{ date_expr }} is not null,
        false
    )
{%- endmacro %}
