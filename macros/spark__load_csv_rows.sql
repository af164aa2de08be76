{#- dbt-spark's seed loader (dbt/include/spark/macros/materializations/
    seed.sql, dbt-spark 1.11) with one change: an empty cell is written as
    `null` instead of being bound. dbt-spark's `session` method formats
    every binding as a quoted text, so a bound None became the text 'None'
    (a blank channel_rules regex read 'None' and matched nothing but
    'None'). Found on the spark target; a null literal is right for every
    connection method. Used by dbt's `load_csv_rows` dispatch, which looks
    in the root project first. -#}
{% macro spark__load_csv_rows(model, agate_table) %}

  {% set batch_size = get_batch_size() %}
  {% set column_override = model['config'].get('column_types', {}) %}

  {% set statements = [] %}

  {% for chunk in agate_table.rows | batch(batch_size) %}
      {% set bindings = [] %}

      {% for row in chunk %}
          {% for value in row if value is not none %}
              {% do bindings.append(value) %}
          {% endfor %}
      {% endfor %}

      {% set sql %}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for col_name in agate_table.column_names -%}
                  {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                  {%- set type = column_override.get(col_name, inferred_type) -%}
                    cast({{ 'null' if row[loop.index0] is none else get_binding_char() }} as {{type}})
                  {%- if not loop.last%},{%- endif %}
              {%- endfor -%})
              {%- if not loop.last%},{%- endif %}
          {%- endfor %}
      {% endset %}

      {% do adapter.add_query(sql, bindings=bindings, abridge_sql_log=True) %}

      {% if loop.index0 == 0 %}
          {% do statements.append(sql) %}
      {% endif %}
  {% endfor %}

  {# Return SQL so we can render it out into the compiled files #}
  {{ return(statements[0]) }}
{% endmacro %}
