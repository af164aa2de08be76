{#- The array (DuckDB list) `expr` with each element replaced by the SQL
    expression `body`, in which the element is named `variable`: DuckDB's
    list_transform with a lambda, Spark's transform with `->`. -#}
{% macro array_transform(expr, variable, body) -%}
    {{ return(adapter.dispatch(
        'array_transform', 'revenue_attribution'
    )(expr, variable, body)) }}
{%- endmacro %}

{% macro default__array_transform(expr, variable, body) -%}
    {{ exceptions.raise_compiler_error(
        'array_transform: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__array_transform(expr, variable, body) -%}
    list_transform(
        {{ expr }},
        lambda {{ variable }}: {{ body }}
    )
{%- endmacro %}

{% macro spark__array_transform(expr, variable, body) -%}
    transform(
        {{ expr }},
        {{ variable }} -> {{ body }}
    )
{%- endmacro %}
