{#- Fails with every row where the boolean SQL `expression` is false. Rows
    where it is null pass (pair with not_null when that matters). At column
    level the column name is put before the expression ('>= 0'). -#}
{% test expression_is_true(model, expression, column_name=none) %}

    select *
    from {{ model }}
    where not ({{ column_name ~ ' ' if column_name }}{{ expression }})

{% endtest %}
