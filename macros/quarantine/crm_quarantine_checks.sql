{#- Row checks of a CRM object export (see quarantine_checks): an object
    without id cannot be deduplicated nor joined, it is quarantined;
    `timestamp_column` (optional) must parse (deal stage history). -#}
{% macro crm_quarantine_checks(id_column='id', timestamp_column=none) -%}
    {%- set checks = [
        {'reason': 'missing_id', 'column': id_column,
         'message': 'no object id',
         'when': 'nullif(trim(cast(' ~ id_column ~ " as varchar)), '')"
            ~ ' is null'},
    ] -%}
    {%- if timestamp_column is not none -%}
        {%- do checks.append(
            {'reason': 'unparseable_timestamp', 'column': timestamp_column,
             'message': 'not an ISO 8601 timestamp',
             'when': parse_timestamp_utc(timestamp_column) ~ ' is null'}
        ) -%}
    {%- endif -%}
    {{ return(checks) }}
{%- endmacro %}
