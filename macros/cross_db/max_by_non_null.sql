{#- The `value` of the row with the greatest `ordering` among the rows of a
    group whose value is not null (SQL expressions): DuckDB's max_by (an
    alias of arg_max), which skips null values; Spark's max_by keeps the
    greatest ordering's value even when it is null, so Spark's leaves the
    null values out first. The mirror of min_by_non_null. -#}
{% macro max_by_non_null(value, ordering) -%}
    {{ return(adapter.dispatch(
        'max_by_non_null', 'revenue_attribution'
    )(value, ordering)) }}
{%- endmacro %}

{% macro default__max_by_non_null(value, ordering) -%}
    {{ exceptions.raise_compiler_error(
        'max_by_non_null: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__max_by_non_null(value, ordering) -%}
    max_by({{ value }}, {{ ordering }})
{%- endmacro %}

{% macro spark__max_by_non_null(value, ordering) -%}
    max_by({{ value }}, {{ ordering }}) filter (where {{ value }} is not null)
{%- endmacro %}
