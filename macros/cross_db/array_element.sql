{#- Element `position` (1-based, as in DuckDB) of an array expression:
    `x[position]` on DuckDB, element_at (1-based too) on Spark, whose
    `x[i]` is 0-based. -#}
{% macro array_element(expr, position) -%}
    {{ return(adapter.dispatch(
        'array_element', 'revenue_attribution'
    )(expr, position)) }}
{%- endmacro %}

{% macro default__array_element(expr, position) -%}
    {{ expr }}[{{ position }}]
{%- endmacro %}

{% macro duckdb__array_element(expr, position) -%}
    {{ expr }}[{{ position }}]
{%- endmacro %}

{% macro spark__array_element(expr, position) -%}
    element_at({{ expr }}, {{ position }})
{%- endmacro %}
