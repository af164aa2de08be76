{#- The `value` of the row with the least `ordering` of a group (SQL
    expressions), null when that row's value is null: DuckDB's
    arg_min_null (its min_by skips null values, see min_by_non_null),
    Spark's min_by. Rows whose ordering is null are left out on both. -#}
{% macro min_by_or_null(value, ordering) -%}
    {{ return(adapter.dispatch(
        'min_by_or_null', 'revenue_attribution'
    )(value, ordering)) }}
{%- endmacro %}

{% macro default__min_by_or_null(value, ordering) -%}
    {{ exceptions.raise_compiler_error(
        'min_by_or_null: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__min_by_or_null(value, ordering) -%}
    arg_min_null({{ value }}, {{ ordering }})
{%- endmacro %}

{% macro spark__min_by_or_null(value, ordering) -%}
    min_by({{ value }}, {{ ordering }})
{%- endmacro %}
