with

deals as (
    select * from {{ source('crm', 'deals') }}
),

deal_snapshots as (
    select
        trim(cast(id as varchar)) as deal_id,
        associations,
        {{ parse_timestamp_utc('updated_at') }} as updated_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from deals
),

deal_snapshots_deduplicated as (
    {#- Same choice of snapshot as stg_crm__deals. -#}
    {{ dedupe_latest(
        'deal_snapshots',
        partition_by='deal_id',
        order_by='updated_at desc nulls last',
    ) }}
),

contact_associations_unnested as (
    select
        deal_id,
        unnest({{ parse_associations('associations', 'contacts') }})
            as association,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from deal_snapshots_deduplicated
),

deal_contacts_renamed as (
    select
        deal_id,
        trim(association['id']) as contact_id,
        lower(trim(association['type'])) as association_type,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from contact_associations_unnested
),

deal_contacts_deduplicated as (
    {#- HubSpot lists a pair once per association label: keep one row,
        a labelled type (e.g. deal_to_contact) before `..._unlabeled`. -#}
    {{ dedupe_latest(
        'deal_contacts_renamed',
        partition_by=['deal_id', 'contact_id'],
        order_by=[
            "association_type like '%unlabeled' nulls last",
            'association_type',
        ],
    ) }}
)

select * from deal_contacts_deduplicated
