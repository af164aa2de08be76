{#- Row-level validation of one raw row, used in the select list of a
    staging model's parsing CTE and by marts.audit.fct_quarantined_rows:
    `checks` is an ordered list of dicts {reason, when, column, message}
    (`when`: SQL condition that makes the row unusable; `column`: raw column
    quoted in the detail, optional; or `detail`: a SQL expression giving the
    whole detail text). Gives one column `_quarantine`: null for a valid
    row, else `[reason_code, detail]` of the first check that holds (detail
    "<message>: <column> = '<value>'" or "<message>: <column> is blank").
    Each condition is written once. Staging keeps the rows where it is
    null. -#}
{% macro quarantine_checks(checks) -%}
    case
        {% for check in checks %}
            when {{ check.when }}
                then {{ quarantine_outcome(check) }} -- noqa: LT02
        {% endfor %}
    end as _quarantine
{%- endmacro %}

{#- [reason_code, detail] of one failed check (an array_literal). -#}
{% macro quarantine_outcome(check) -%}
    {%- set detail = check.detail or quarantine_detail(
        check.message, check.column
    ) -%}
    {{ return(array_literal(["'" ~ check.reason ~ "'", detail])) }}
{%- endmacro %}

{#- Detail text of one failed check (see quarantine_checks). -#}
{% macro quarantine_detail(message, column=none) -%}
    {%- if column is none -%}
        '{{ message }}'
    {%- else -%}
        '{{ message }}: {{ column.split('.') | last | replace('"', '') }}'
        || coalesce(
            ' = '''
            || nullif(trim(cast({{ column }} as {{ type_text() }})), '')
            || '''',
            ' is blank'
        )
    {%- endif -%}
{%- endmacro %}
