{% test unique_combination_of_columns(model, combination_of_columns) %}
    {#- Fails with one row per duplicated combination of the given columns
        (nulls compare equal, as in group by). -#}
    {%- set column_list = combination_of_columns | join(', ') -%}
    {%- set column_positions = (
        range(1, (combination_of_columns | length) + 1) | join(', ')
    ) -%}

    select
        {{ column_list }},
        count(*) as duplicate_row_count
    from {{ model }}
    group by {{ column_positions }}
    having count(*) > 1

{% endtest %}
