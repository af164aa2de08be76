{#- Raw text of a deal's creation time: HubSpot's `createdAt`, else the
    `createdate` property. One expression for stg_crm__deals and its row
    checks (deals_quarantine_checks, whose detail names it). -#}
{% macro deal_created_text() -%}
    coalesce(created_at, createdate)
{%- endmacro %}
