{#- The line-accounting columns of a `_file_log` table (ingestion/
    pipelines.py FILE_LOG_COLUMNS) that it does not have yet: a warehouse
    loaded by an earlier version gets them at its next load, and until then
    rpt_source_reconciliation reads them as null (counted from the older
    columns) instead of failing. Empty at parse time and under the linter.
-#}
{% macro file_log_missing_columns(relation) -%}
    {%- set line_columns = [
        'lines_read', 'lines_loaded', 'title_lines', 'header_lines',
        'no_row_lines', 'repaired_lines',
    ] -%}
    {%- if not (execute is defined and execute) -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set present = adapter.get_columns_in_relation(relation)
        | map(attribute='name') | map('lower') | list -%}
    {{ return(line_columns | reject('in', present) | list) }}
{%- endmacro %}
