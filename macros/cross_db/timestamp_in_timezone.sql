{#- An instant -> the wall-clock timestamp (without zone) in time zone
    `tz` (a SQL string expression, e.g. 'Europe/Paris'). -#}
{% macro timestamp_in_timezone(tz, expr) -%}
    {{ return(adapter.dispatch(
        'timestamp_in_timezone', 'revenue_attribution'
    )(
        tz, expr
    )) }}
{%- endmacro %}

{% macro default__timestamp_in_timezone(tz, expr) -%}
    {{ exceptions.raise_compiler_error(
        'timestamp_in_timezone: no implementation for adapter '
        ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__timestamp_in_timezone(tz, expr) -%}
    timezone({{ tz }}, {{ expr }})
{%- endmacro %}

{% macro spark__timestamp_in_timezone(tz, expr) -%}
    from_utc_timestamp({{ expr }}, {{ tz }})
{%- endmacro %}
