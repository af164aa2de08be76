{#- An array (DuckDB list) of SQL expressions `items`: `[a, b]` on DuckDB,
    `array(a, b)` on Spark. Elements are read with `x[1]` on DuckDB and
    `x[0]` on Spark (see array_element). -#}
{% macro array_literal(items) -%}
    {{ return(adapter.dispatch(
        'array_literal', 'revenue_attribution'
    )(items)) }}
{%- endmacro %}

{% macro default__array_literal(items) -%}
    array[{{ items | join(', ') }}]
{%- endmacro %}

{% macro duckdb__array_literal(items) -%}
    [{{ items | join(', ') }}]
{%- endmacro %}

{% macro spark__array_literal(items) -%}
    array({{ items | join(', ') }})
{%- endmacro %}
