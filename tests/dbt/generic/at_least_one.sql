{#- Fails when the column holds no non-null value, i.e. every row is null
    (typically a format that no longer parses). An empty model fails too,
    unless allow_empty=true (for optional sources such as an ad platform a
    company does not use). -#}
{% test at_least_one(model, column_name, allow_empty=false) %}

    select
        count(*) as row_count,
        count({{ column_name }}) as non_null_count
    from {{ model }}
    having
        count({{ column_name }}) = 0
        {% if allow_empty -%}
            and count(*) > 0
        {%- endif %}

{% endtest %}
