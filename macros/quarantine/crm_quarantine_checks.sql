{#- Row checks of a CRM object export (see quarantine_checks): an object
    without id cannot be deduplicated nor joined, it is quarantined;
    `timestamp_column` (optional: deal stage history, deal creation) must
    parse to a plausible instant (date_quarantine_checks). -#}
{% macro crm_quarantine_checks(id_column='id', timestamp_column=none) -%}
    {%- set checks = [
        {'reason': 'missing_id', 'column': id_column,
         'message': 'no object id',
         'when': 'nullif(trim(cast(' ~ id_column ~ ' as ' ~ type_text()
            ~ ")), '') is null"},
    ] -%}
    {%- if timestamp_column is not none -%}
        {%- do checks.extend(date_quarantine_checks(
            timestamp_column, 'not an ISO 8601 timestamp'
        )) -%}
    {%- endif -%}
    {{ return(checks) }}
{%- endmacro %}
