{#- dbt-spark's seed loader (dbt/include/spark/macros/materializations/
    seed.sql, dbt-spark 1.11) writing each value as a literal instead of
    binding it. dbt-spark's `session` method formats every binding as
    `'value'`: an empty cell became the text 'None' (a blank channel_rules
    regex read 'None') and a value with a quote broke the insert
    (channel_referrer_hosts). Here: null for an empty cell, numbers and
    booleans as they are, texts quoted with each `'` written chr(39) (the
    spark target keeps a doubled quote as two quotes, see
    escapedStringLiterals in docs/spark_port.md). Right for every
    connection method; dbt's `load_csv_rows` dispatch looks in the root
    project first. -#}
{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set rows_sql = [] -%}
        {%- for row in chunk -%}
            {%- set values = [] -%}
            {%- for col_name in agate_table.column_names -%}
                {%- set value = row[loop.index0] -%}
                {%- set type = column_override.get(
                    col_name, adapter.convert_type(agate_table, loop.index0)
                ) -%}
                {%- if value is none -%}
                    {%- set literal = 'null' -%}
                {%- elif value is sameas true or value is sameas false -%}
                    {%- set literal = 'true' if value else 'false' -%}
                {%- elif value is number -%}
                    {%- set literal = value | string -%}
                {%- else -%}
                    {%- set literal = "'" ~ (value | string | replace(
                        "'", "' || chr(39) || '"
                    )) ~ "'" -%}
                {%- endif -%}
                {%- do values.append(
                    'cast(' ~ literal ~ ' as ' ~ type ~ ')'
                ) -%}
            {%- endfor -%}
            {%- do rows_sql.append('(' ~ values | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values '
            ~ rows_sql | join(', ') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {#- the first statement, rendered into the compiled files -#}
    {{ return(statements[0]) }}
{%- endmacro %}
