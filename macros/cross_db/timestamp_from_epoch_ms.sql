{#- Unix epoch milliseconds (bigint) -> timestamp (UTC, without zone). -#}
{% macro timestamp_from_epoch_ms(expr) -%}
    {{ return(adapter.dispatch(
        'timestamp_from_epoch_ms', 'revenue_attribution'
    )(
        expr
    )) }}
{%- endmacro %}

{% macro default__timestamp_from_epoch_ms(expr) -%}
    {{ exceptions.raise_compiler_error(
        'timestamp_from_epoch_ms: no implementation for adapter '
        ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__timestamp_from_epoch_ms(expr) -%}
    epoch_ms({{ expr }})
{%- endmacro %}

{% macro spark__timestamp_from_epoch_ms(expr) -%}
    timestamp_millis({{ expr }})
{%- endmacro %}
