{#- True when a date lies in the range a business date can have: on or
    after var `plausible_min_date` (default 2000-01-01) and at most var
    `plausible_future_days` (default 730) days after today. Null for null.
    parse_date and parse_timestamp_utc return null outside it (an Excel
    zero date 1899-12-30, a Unix epoch read in the wrong unit, a typo in
    the year); date_quarantine_checks names the reason. -#}
{% macro is_plausible_date(date_expr) -%}
    (
        {{ date_expr }}
        between cast('{{ var("plausible_min_date", "2000-01-01") }}' as date)
        and current_date + {{ var('plausible_future_days', 730) }}
    )
{%- endmacro %}
