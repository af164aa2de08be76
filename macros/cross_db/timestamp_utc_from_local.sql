{#- A timestamp without zone read in UTC -> an instant
    (type_timestamp_utc). In Spark a timestamp already is an instant in the
    UTC session time zone. -#}
{% macro timestamp_utc_from_local(expr) -%}
    {{ return(adapter.dispatch(
        'timestamp_utc_from_local', 'revenue_attribution'
    )(
        expr
    )) }}
{%- endmacro %}

{% macro default__timestamp_utc_from_local(expr) -%}
    {{ exceptions.raise_compiler_error(
        'timestamp_utc_from_local: no implementation for adapter '
        ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__timestamp_utc_from_local(expr) -%}
    timezone('UTC', {{ expr }})
{%- endmacro %}

{% macro spark__timestamp_utc_from_local(expr) -%}
    {{ expr }}
{%- endmacro %}
