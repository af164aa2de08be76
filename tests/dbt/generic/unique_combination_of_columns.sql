{#- Fails with one row per duplicated combination of the given columns
    (nulls compare equal, as in group by). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

select
    {% for column in combination_of_columns -%}
        {{ column }},
    {% endfor -%}
    count(*) as duplicate_row_count
from {{ model }}
group by
    {% for column in combination_of_columns -%}
        {{ loop.index }}{{ ',' if not loop.last }}
    {% endfor -%}
having count(*) > 1

{% endtest %}
