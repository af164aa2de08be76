{#- Number of distinct non-null values of `expr` in a window partitioned
    by `partition_by` (SQL text): DuckDB's count(distinct) over; Spark has
    no DISTINCT in window functions and counts the window's set. -#}
{% macro count_distinct_over(expr, partition_by) -%}
    {{ return(adapter.dispatch(
        'count_distinct_over', 'revenue_attribution'
    )(expr, partition_by)) }}
{%- endmacro %}

{% macro default__count_distinct_over(expr, partition_by) -%}
    count(distinct {{ expr }}) over (partition by {{ partition_by }})
{%- endmacro %}

{% macro duckdb__count_distinct_over(expr, partition_by) -%}
    count(distinct {{ expr }}) over (partition by {{ partition_by }})
{%- endmacro %}

{% macro spark__count_distinct_over(expr, partition_by) -%}
    size(collect_set({{ expr }}) over (partition by {{ partition_by }}))
{%- endmacro %}
