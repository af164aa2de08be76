{#- The number of elements of the array (DuckDB list) `expr`, null for
    null: DuckDB's len, Spark's array_size (Spark's size gives -1 for
    null). -#}
{% macro array_size(expr) -%}
    {{ return(adapter.dispatch(
        'array_size', 'revenue_attribution'
    )(expr)) }}
{%- endmacro %}

{% macro default__array_size(expr) -%}
    {{ exceptions.raise_compiler_error(
        'array_size: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__array_size(expr) -%}
    len({{ expr }})
{%- endmacro %}

{% macro spark__array_size(expr) -%}
    array_size({{ expr }})
{%- endmacro %}
