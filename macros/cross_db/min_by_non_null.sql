{#- The `value` of the row with the least `ordering` among the rows of a
    group whose value is not null (SQL expressions): DuckDB's min_by (an
    alias of arg_min), which skips null values. Spark's min_by keeps the
    least ordering's value even when it is null (DuckDB's arg_min_null, see
    min_by_or_null), so Spark's leaves the null values out first. -#}
{% macro min_by_non_null(value, ordering) -%}
    {{ return(adapter.dispatch(
        'min_by_non_null', 'revenue_attribution'
    )(value, ordering)) }}
{%- endmacro %}

{% macro default__min_by_non_null(value, ordering) -%}
    {{ exceptions.raise_compiler_error(
        'min_by_non_null: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__min_by_non_null(value, ordering) -%}
    min_by({{ value }}, {{ ordering }})
{%- endmacro %}

{% macro spark__min_by_non_null(value, ordering) -%}
    min_by({{ value }}, {{ ordering }}) filter (where {{ value }} is not null)
{%- endmacro %}
