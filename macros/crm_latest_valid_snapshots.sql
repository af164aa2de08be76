{#- CTEs (no leading `with`, trailing comma included) giving
    `parent_snapshots_deduplicated`: the latest snapshot of each valid
    object of a CRM source table, id, `associations` JSON and lineage, the
    same rows and the same choice as the object's own staging model (rows
    failing crm_quarantine_checks, deals_quarantine_checks for deals, are
    left out). Shared by the association
    staging models. -#}
{% macro crm_latest_valid_snapshots(
    source_table,
    parent_id,
    updated_at_sql=none
) -%}
parents as (
    select * from {{ source('crm', source_table) }}
),

parent_snapshots as (
    select
        trim(cast(id as {{ type_text() }})) as {{ parent_id }},
        associations,
        {{ updated_at_sql or parse_timestamp_utc('updated_at') }}
            as updated_at,
        {{ quarantine_checks(
            deals_quarantine_checks() if source_table == 'deals'
            else crm_quarantine_checks()
        ) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from parents
),

valid_parent_snapshots as (
    select {{ star_except('_quarantine') }}
    from parent_snapshots
    where _quarantine is null
),

parent_snapshots_deduplicated as (
    {{ dedupe_latest(
        'valid_parent_snapshots',
        partition_by=parent_id,
        order_by='updated_at desc nulls last',
    ) }}
),
{%- endmacro %}
