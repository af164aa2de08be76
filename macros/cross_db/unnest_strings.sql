{#- A select-list generator: one row per text of the Jinja list `items`
    (name it with `as`): DuckDB's unnest of a list literal, Spark's explode
    of an array. -#}
{% macro unnest_strings(items) -%}
    {{ return(adapter.dispatch(
        'unnest_strings', 'revenue_attribution'
    )(items)) }}
{%- endmacro %}

{% macro default__unnest_strings(items) -%}
    {{ exceptions.raise_compiler_error(
        'unnest_strings: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__unnest_strings(items) -%}
    unnest([{{ "'" ~ items | join("', '") ~ "'" }}])
{%- endmacro %}

{% macro spark__unnest_strings(items) -%}
    explode(array({{ "'" ~ items | join("', '") ~ "'" }}))
{%- endmacro %}
