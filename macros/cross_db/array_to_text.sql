{#- The texts of the array (DuckDB list) `expr` joined by `delimiter` (a
    SQL expression), null elements skipped: DuckDB's array_to_string,
    Spark's array_join. -#}
{% macro array_to_text(expr, delimiter) -%}
    {{ return(adapter.dispatch(
        'array_to_text', 'revenue_attribution'
    )(expr, delimiter)) }}
{%- endmacro %}

{% macro default__array_to_text(expr, delimiter) -%}
    {{ exceptions.raise_compiler_error(
        'array_to_text: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__array_to_text(expr, delimiter) -%}
    array_to_string(
        {{ expr }},
        {{ delimiter }}
    )
{%- endmacro %}

{% macro spark__array_to_text(expr, delimiter) -%}
    array_join(
        {{ expr }},
        {{ delimiter }}
    )
{%- endmacro %}
