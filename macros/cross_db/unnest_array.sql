{#- A select-list generator: one row per element of the array (DuckDB
    list) `expr`, none when it is empty or null (name it with `as`):
    DuckDB's unnest, Spark's explode (one generator per select on
    Spark). -#}
{% macro unnest_array(expr) -%}
    {{ return(adapter.dispatch(
        'unnest_array', 'revenue_attribution'
    )(expr)) }}
{%- endmacro %}

{% macro default__unnest_array(expr) -%}
    {{ exceptions.raise_compiler_error(
        'unnest_array: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__unnest_array(expr) -%}
    unnest({{ expr }})
{%- endmacro %}

{% macro spark__unnest_array(expr) -%}
    explode({{ expr }})
{%- endmacro %}
