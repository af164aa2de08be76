{#- An interval of `minutes` minutes (an integer expression), to add to,
    subtract from or compare with a difference of timestamps. -#}
{% macro interval_minutes(minutes) -%}
    {{ return(adapter.dispatch(
        'interval_minutes', 'revenue_attribution'
    )(minutes)) }}
{%- endmacro %}

{% macro default__interval_minutes(minutes) -%}
    {{ exceptions.raise_compiler_error(
        'interval_minutes: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__interval_minutes(minutes) -%}
    to_minutes({{ minutes }})
{%- endmacro %}

{% macro spark__interval_minutes(minutes) -%}
    make_dt_interval(0, 0, {{ minutes }})
{%- endmacro %}
