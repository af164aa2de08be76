{#- The values of `expr` of a group as an array (DuckDB list) in the order
    of `order_by` (SQL expressions): DuckDB's list(expr order by order_by);
    Spark has no ordered collect_list, so it sorts (order_by, expr) structs
    and keeps the values. Only for an `order_by` unique and not null within
    the group (DuckDB would order ties arbitrarily, Spark by `expr`), and an
    `expr` without null values (Spark's collect_list drops them). -#}
{% macro ordered_array_agg(expr, order_by) -%}
    {{ return(adapter.dispatch(
        'ordered_array_agg', 'revenue_attribution'
    )(expr, order_by)) }}
{%- endmacro %}

{% macro default__ordered_array_agg(expr, order_by) -%}
    {{ exceptions.raise_compiler_error(
        'ordered_array_agg: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__ordered_array_agg(expr, order_by) -%}
    list({{ expr }} order by {{ order_by }})
{%- endmacro %}

{% macro spark__ordered_array_agg(expr, order_by) -%}
    transform(
        array_sort(collect_list(named_struct(
            'order_key', {{ order_by }}, 'value', {{ expr }}
        ))),
        item -> item.value
    )
{%- endmacro %}
