{#- dbt-spark's seed loader (dbt/include/spark/macros/materializations/
    seed.sql, dbt-spark 1.11) with one change: an empty cell is written as
    `null` instead of being bound. dbt-spark's `session` method formats
    every binding as a quoted text, so a bound None became the text 'None'
    (a blank channel_rules regex read 'None' and matched nothing but
    'None'). Found on the spark target; a null literal is right for every
    connection method. Used by dbt's `load_csv_rows` dispatch, which looks
    in the root project first. -#}
{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set bindings = [] -%}
        {%- set rows_sql = [] -%}
        {%- for row in chunk -%}
            {%- set values = [] -%}
            {%- for col_name in agate_table.column_names -%}
                {%- set type = column_override.get(
                    col_name, adapter.convert_type(agate_table, loop.index0)
                ) -%}
                {%- if row[loop.index0] is none -%}
                    {%- do values.append('cast(null as ' ~ type ~ ')') -%}
                {%- else -%}
                    {%- do bindings.append(row[loop.index0]) -%}
                    {%- do values.append(
                        'cast(' ~ get_binding_char() ~ ' as ' ~ type ~ ')'
                    ) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do rows_sql.append('(' ~ values | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values '
            ~ rows_sql | join(', ') -%}
        {%- do adapter.add_query(
            sql, bindings=bindings, abridge_sql_log=True
        ) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {#- the first statement, rendered into the compiled files -#}
    {{ return(statements[0]) }}
{%- endmacro %}
