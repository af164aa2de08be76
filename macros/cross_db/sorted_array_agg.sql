{#- The values of `expr` (a SQL expression) of a group as an array (DuckDB
    list) in ascending order: DuckDB's list(expr order by expr), Spark's
    array_sort(collect_list(expr)). Both compare texts byte by byte. Only
    for a column without null values: DuckDB keeps them (last), Spark's
    collect_list drops them. -#}
{% macro sorted_array_agg(expr) -%}
    {{ return(adapter.dispatch(
        'sorted_array_agg', 'revenue_attribution'
    )(expr)) }}
{%- endmacro %}

{% macro default__sorted_array_agg(expr) -%}
    {{ exceptions.raise_compiler_error(
        'sorted_array_agg: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__sorted_array_agg(expr) -%}
    list({{ expr }} order by {{ expr }})
{%- endmacro %}

{% macro spark__sorted_array_agg(expr) -%}
    array_sort(collect_list({{ expr }}))
{%- endmacro %}
