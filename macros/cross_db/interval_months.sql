{#- An interval of `months` calendar months (an integer expression), to
    add to a date: DuckDB gives a timestamp, Spark a date (the callers
    compare it with dates, the same on both). -#}
{% macro interval_months(months) -%}
    {{ return(adapter.dispatch(
        'interval_months', 'revenue_attribution'
    )(months)) }}
{%- endmacro %}

{% macro default__interval_months(months) -%}
    {{ exceptions.raise_compiler_error(
        'interval_months: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__interval_months(months) -%}
    to_months({{ months }})
{%- endmacro %}

{% macro spark__interval_months(months) -%}
    make_ym_interval(0, {{ months }})
{%- endmacro %}
