with

marketing_engagements as (
    select * from {{ source('crm', 'marketing_engagements') }}
),

marketing_engagements_parsed as (
    select
        trim(cast(id as varchar)) as engagement_id,
        nullif(lower(trim(engagement_type)), '') as engagement_type,
        nullif(trim(asset_name), '') as asset_name,
        nullif(lower(trim(utm_source)), '') as utm_source,
        nullif(lower(trim(utm_medium)), '') as utm_medium,
        nullif(lower(trim(utm_campaign)), '') as utm_campaign,
        coalesce({{ parse_boolean('archived') }}, false) as is_archived,
        coalesce(
            {{ parse_timestamp_utc('occurred_at') }},
            {{ parse_timestamp_utc('created_at') }}
        ) as occurred_at,
        {{ parse_timestamp_utc('created_at') }} as created_at,
        {{ parse_timestamp_utc('updated_at') }} as updated_at,
        {{ quarantine_checks(crm_quarantine_checks()) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from marketing_engagements
),

marketing_engagements_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select * exclude (_quarantine)
    from marketing_engagements_parsed
    where _quarantine is null
),

marketing_engagements_deduplicated as (
    {{ dedupe_latest(
        'marketing_engagements_valid',
        partition_by='engagement_id',
        order_by='updated_at desc nulls last',
    ) }}
),

marketing_engagements_with_reporting_dates as (
    select
        engagement_id,
        engagement_type,
        asset_name,
        utm_source,
        utm_medium,
        utm_campaign,
        is_archived,
        cast(
            timezone('{{ var("reporting_timezone") }}', occurred_at) as date
        ) as occurred_date,
        occurred_at,
        created_at,
        updated_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from marketing_engagements_deduplicated
)

select * from marketing_engagements_with_reporting_dates
