{#- dbt-spark's seed loader, with literals instead of its bindings.
    dbt-spark's session cursor puts each binding between quotes as it is:
    a value with a quote breaks the statement (seeds/
    channel_referrer_hosts.csv), and a null cell becomes the text 'None'.
    Here a null is `null`, a number or boolean its literal, anything else a
    string literal (quotes and backslashes as spark__escape_single_quotes
    writes them). Same statements otherwise:
    one insert per batch, each value cast to the column's type. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(
            col_name, adapter.convert_type(agate_table, loop.index0)
        )) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set rows = [] -%}
        {%- for row in chunk -%}
            {%- set cells = [] -%}
            {%- for type in types -%}
                {%- do cells.append(
                    'cast(' ~ spark_seed_literal(row[loop.index0])
                    ~ ' as ' ~ type ~ ')'
                ) -%}
            {%- endfor -%}
            {%- do rows.append('(' ~ cells | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values\n'
            ~ rows | join(',\n') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{% macro spark_seed_literal(value) -%}
    {{ return(
        'null' if value is none
        else value | string | lower if value is boolean or value is number
        else "'" ~ spark__escape_single_quotes(value | string) ~ "'"
    ) }}
{%- endmacro %}
