{#- Integer division truncating toward zero: DuckDB's //, Spark's div. -#}
{% macro integer_divide(dividend, divisor) -%}
    {{ return(adapter.dispatch(
        'integer_divide', 'revenue_attribution'
    )(
        dividend, divisor
    )) }}
{%- endmacro %}

{% macro default__integer_divide(dividend, divisor) -%}
    {{ exceptions.raise_compiler_error(
        'integer_divide: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__integer_divide(dividend, divisor) -%}
    {{ dividend }} // {{ divisor }}
{%- endmacro %}

{% macro spark__integer_divide(dividend, divisor) -%}
    {{ dividend }} div {{ divisor }}
{%- endmacro %}
