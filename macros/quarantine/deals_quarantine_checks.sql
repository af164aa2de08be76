{#- Row checks of a CRM deal (see quarantine_checks): crm_quarantine_checks
    with the creation time (HubSpot `createdAt`, else the `createdate`
    property: deal_created_text) as a required timestamp: a deal created
    in 1899 or on no date cannot be placed in the pipeline. Also used by
    the deal association models (crm_latest_valid_snapshots). -#}
{% macro deals_quarantine_checks() -%}
    {{ return(crm_quarantine_checks(timestamp_column=deal_created_text())) }}
{%- endmacro %}
