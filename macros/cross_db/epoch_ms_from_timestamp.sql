{#- An instant -> Unix epoch milliseconds (bigint). -#}
{% macro epoch_ms_from_timestamp(expr) -%}
    {{ return(adapter.dispatch(
        'epoch_ms_from_timestamp', 'revenue_attribution'
    )(expr)) }}
{%- endmacro %}

{% macro default__epoch_ms_from_timestamp(expr) -%}
    {{ exceptions.raise_compiler_error(
        'epoch_ms_from_timestamp: no implementation for adapter '
        ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__epoch_ms_from_timestamp(expr) -%}
    epoch_ms({{ expr }})
{%- endmacro %}

{% macro spark__epoch_ms_from_timestamp(expr) -%}
    unix_millis({{ expr }})
{%- endmacro %}
