{#- The texts `expr` of a group joined by `delimiter` (SQL expressions) in
    the order of `order_by`: DuckDB's string_agg with an order by argument,
    Spark's string_agg ... within group (order by). -#}
{% macro ordered_string_agg(expr, delimiter, order_by) -%}
    {{ return(adapter.dispatch(
        'ordered_string_agg', 'revenue_attribution'
    )(expr, delimiter, order_by)) }}
{%- endmacro %}

{% macro default__ordered_string_agg(expr, delimiter, order_by) -%}
    {{ dbt.listagg(expr, delimiter, 'order by ' ~ order_by) }}
{%- endmacro %}

{% macro duckdb__ordered_string_agg(expr, delimiter, order_by) -%}
    string_agg({{ expr }}, {{ delimiter }} order by {{ order_by }})
{%- endmacro %}

{% macro spark__ordered_string_agg(expr, delimiter, order_by) -%}
    string_agg({{ expr }}, {{ delimiter }}) within group (
        order by {{ order_by }}
    )
{%- endmacro %}
