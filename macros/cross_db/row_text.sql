{#- The whole row of the relation or CTE `alias` as one text, for hashing
    (a version of what a model computes from): DuckDB casts the row (a
    struct) to varchar; Spark has no cast of a row to text and writes it
    as JSON. Each engine's text is its own: a version is only compared
    with versions the same engine stored. -#}
{% macro row_text(alias) -%}
    {{ return(adapter.dispatch(
        'row_text', 'revenue_attribution'
    )(alias)) }}
{%- endmacro %}

{% macro default__row_text(alias) -%}
    {{ exceptions.raise_compiler_error(
        'row_text: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__row_text(alias) -%}
    cast({{ alias }} as varchar)
{%- endmacro %}

{% macro spark__row_text(alias) -%}
    to_json(struct({{ alias }}.*))
{%- endmacro %}
