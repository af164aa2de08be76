with

marketing_engagements as (
    select * from {{ source('crm', 'marketing_engagements') }}
),

engagement_snapshots as (
    select
        trim(cast(id as varchar)) as engagement_id,
        associations,
        {{ parse_timestamp_utc('updated_at') }} as updated_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from marketing_engagements
),

engagement_snapshots_deduplicated as (
    {#- Same choice of snapshot as stg_crm__marketing_engagements. -#}
    {{ dedupe_latest(
        'engagement_snapshots',
        partition_by='engagement_id',
        order_by='updated_at desc nulls last',
    ) }}
),

contact_associations_unnested as (
    select
        engagement_id,
        unnest({{ parse_associations('associations', 'contacts') }})
            as association,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from engagement_snapshots_deduplicated
),

marketing_engagement_contacts_renamed as (
    select
        engagement_id,
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

marketing_engagement_contacts_deduplicated as (
    {#- HubSpot lists a pair once per association label: keep one row,
        a labelled type before `..._unlabeled`. -#}
    {{ dedupe_latest(
        'marketing_engagement_contacts_renamed',
        partition_by=['engagement_id', 'contact_id'],
        order_by=[
            "association_type like '%unlabeled' nulls last",
            'association_type',
        ],
    ) }}
)

select * from marketing_engagement_contacts_deduplicated
