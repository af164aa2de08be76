with

activities as (
    select * from {{ source('crm', 'activities') }}
),

activities_with_optional_properties as (
    {#- A direction property absent from every loaded activity is absent
        from the raw table: declared here as null text when missing. -#}
    {{ with_optional_columns(
        'activities',
        source('crm', 'activities'),
        ['hs_email_direction', 'hs_call_direction'],
    ) }}
),

activities_parsed as (
    select
        trim(cast(id as {{ type_text() }})) as activity_id,
        nullif(lower(trim(hs_activity_type)), '') as activity_type,
        nullif(trim(cast(hubspot_owner_id as {{ type_text() }})), '')
            as owner_id,
        upper(
            coalesce(
                nullif(trim(hs_email_direction), ''),
                nullif(trim(hs_call_direction), '')
            )
        ) as direction_code,
        coalesce({{ parse_boolean('archived') }}, false) as is_archived,
        {{ parse_timestamp_utc('hs_timestamp') }} as occurred_at,
        {{ parse_timestamp_utc('created_at') }} as created_at,
        {{ parse_timestamp_utc('updated_at') }} as updated_at,
        {{ quarantine_checks(crm_quarantine_checks()) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from activities_with_optional_properties
),

activities_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select {{ star_except('_quarantine') }}
    from activities_parsed
    where _quarantine is null
),

activities_deduplicated as (
    {{ dedupe_latest(
        'activities_valid',
        partition_by='activity_id',
        order_by='updated_at desc nulls last',
    ) }}
),

activities_with_reporting_dates as (
    select
        activity_id,
        activity_type,
        owner_id,
        case
            when direction_code in ('INBOUND', 'INCOMING_EMAIL', 'INCOMING')
                then 'inbound'
            when
                direction_code in (
                    'OUTBOUND', 'EMAIL', 'FORWARDED_EMAIL', 'OUTGOING'
                )
                then 'outbound'
            else lower(direction_code)
        end as direction,
        is_archived,
        {{ reporting_date('occurred_at') }} as occurred_date,
        occurred_at,
        created_at,
        updated_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from activities_deduplicated
)

select * from activities_with_reporting_dates
