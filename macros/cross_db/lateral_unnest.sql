{#- A from-clause item written right after a relation (no comma): one row
    per element of the array (DuckDB list) `array_expr` of that relation's
    row, the element named `alias.column`; a row with an empty or null
    array gives none. DuckDB's `, unnest(x) as alias (column)` (a lateral
    join), Spark's `lateral view explode(x) alias as column`. -#}
{% macro lateral_unnest(array_expr, alias, column) -%}
    {{ return(adapter.dispatch(
        'lateral_unnest', 'revenue_attribution'
    )(array_expr, alias, column)) }}
{%- endmacro %}

{% macro default__lateral_unnest(array_expr, alias, column) -%}
    {{ exceptions.raise_compiler_error(
        'lateral_unnest: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__lateral_unnest(array_expr, alias, column) -%}
    , unnest({{ array_expr }}) as {{ alias }} ({{ column }})
{%- endmacro %}

{% macro spark__lateral_unnest(array_expr, alias, column) -%}
    lateral view explode({{ array_expr }}) {{ alias }} as {{ column }}
{%- endmacro %}
