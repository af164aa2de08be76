{#- An interval of `days` days (an integer expression), to add to or
    subtract from a timestamp. -#}
{% macro interval_days(days) -%}
    {{ return(adapter.dispatch(
        'interval_days', 'revenue_attribution'
    )(days)) }}
{%- endmacro %}

{% macro default__interval_days(days) -%}
    {{ exceptions.raise_compiler_error(
        'interval_days: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__interval_days(days) -%}
    to_days({{ days }})
{%- endmacro %}

{% macro spark__interval_days(days) -%}
    make_dt_interval({{ days }})
{%- endmacro %}
