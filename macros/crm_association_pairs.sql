{#- The body of a CRM association staging model: take the latest snapshot of
    each valid parent object (crm_latest_valid_snapshots), unnest one
    association key of its `associations` JSON and keep one row per pair,
    a labelled association type before `..._unlabeled`. -#}
{% macro crm_association_pairs(
    source_table,
    parent_id,
    association_key,
    child_id,
    updated_at_sql=none
) -%}
with

{{ crm_latest_valid_snapshots(source_table, parent_id, updated_at_sql) }}

associations_unnested as (
    select
        {{ parent_id }},
        {{ unnest_array(
            parse_associations('associations', association_key)
        ) }} as association,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from parent_snapshots_deduplicated
),

pairs_renamed as (
    select
        {{ parent_id }},
        trim(association['id']) as {{ child_id }},
        lower(trim(association['type'])) as association_type,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from associations_unnested
),

pairs_deduplicated as (
    {{ dedupe_latest(
        'pairs_renamed',
        partition_by=[parent_id, child_id],
        order_by=[
            "association_type like '%unlabeled' nulls last",
            'association_type',
        ],
    ) }}
)

select * from pairs_deduplicated
{%- endmacro %}
