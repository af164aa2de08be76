with

contacts as (
    select * from {{ source('crm', 'contacts') }}
),

contact_snapshots as (
    select
        trim(cast(id as varchar)) as contact_id,
        associations,
        coalesce(
            {{ parse_timestamp_utc('updated_at') }},
            {{ parse_timestamp_utc('lastmodifieddate') }}
        ) as updated_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from contacts
),

contact_snapshots_deduplicated as (
    {#- Same choice of snapshot as stg_crm__contacts. -#}
    {{ dedupe_latest(
        'contact_snapshots',
        partition_by='contact_id',
        order_by='updated_at desc nulls last',
    ) }}
),

company_associations_unnested as (
    select
        contact_id,
        unnest({{ parse_associations('associations', 'companies') }})
            as association,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from contact_snapshots_deduplicated
),

contact_companies_renamed as (
    select
        contact_id,
        trim(association['id']) as company_id,
        lower(trim(association['type'])) as association_type,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from company_associations_unnested
),

contact_companies_deduplicated as (
    {#- HubSpot lists a pair once per association label: keep one row,
        a labelled type (e.g. contact_to_company, the primary company)
        before `..._unlabeled`. -#}
    {{ dedupe_latest(
        'contact_companies_renamed',
        partition_by=['contact_id', 'company_id'],
        order_by=[
            "association_type like '%unlabeled' nulls last",
            'association_type',
        ],
    ) }}
)

select * from contact_companies_deduplicated
