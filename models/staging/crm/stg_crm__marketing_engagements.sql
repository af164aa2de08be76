with

marketing_engagements as (
    select * from {{ source('crm', 'marketing_engagements') }}
),

marketing_engagements_parsed as (
    select
        trim(cast(id as {{ type_text() }})) as engagement_id,
        nullif(lower(trim(engagement_type)), '') as engagement_type,
        nullif(trim(asset_name), '') as asset_name,
        utm_source as utm_source_raw,
        utm_medium as utm_medium_raw,
        utm_campaign as utm_campaign_raw,
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
    select {{ star_except('_quarantine') }}
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

marketing_engagements_utms_decoded as (
    -- Decoding and cleaning are two steps to keep SQL nesting shallow.
    select
        *,
        {{ url_decode_text('utm_source_raw') }} as utm_source_decoded,
        {{ url_decode_text('utm_medium_raw') }} as utm_medium_decoded,
        {{ url_decode_text('utm_campaign_raw') }} as utm_campaign_decoded
    from marketing_engagements_deduplicated
),

marketing_engagements_utms_cleaned as (
    select
        *,
        {{ utm_clean('utm_source_decoded', decode=false) }}
            as utm_source_cleaned,
        {{ utm_clean('utm_medium_decoded', decode=false) }}
            as utm_medium_cleaned,
        {{ utm_clean('utm_campaign_decoded', decode=false) }} as utm_campaign
    from marketing_engagements_utms_decoded
),

marketing_engagements_utms_mapped as (
    {{ utm_synonyms_mapped('marketing_engagements_utms_cleaned') }}
),

marketing_engagements_signed as (
    {#- A CRM record carries its form's UTMs but no referrer and no click
        id: it is classified by the same rules as a web landing with the
        same tags and no referrer (untagged: `direct`, as GA4 does). -#}
    select
        *,
        coalesce(
            utm_source is not null
            or utm_medium is not null
            or utm_campaign is not null,
            false
        ) as has_utm,
        cast(null as {{ type_text() }}) as click_id_type,
        'none' as referrer_type,
        cast(null as {{ type_text() }}) as referrer_host
    from marketing_engagements_utms_mapped
),

traffic_channels as (
    {{ traffic_channels_classified('marketing_engagements_signed') }}
),

marketing_engagements_classified as (
    select
        marketing_engagements_signed.*,
        traffic_channels.channel,
        traffic_channels.channel_group,
        traffic_channels.classification_rule
    from marketing_engagements_signed
    left join traffic_channels
        on
            marketing_engagements_signed.has_utm = traffic_channels.has_utm
            and marketing_engagements_signed.utm_source
            is not distinct from traffic_channels.utm_source
            and marketing_engagements_signed.utm_medium
            is not distinct from traffic_channels.utm_medium
            and marketing_engagements_signed.utm_campaign
            is not distinct from traffic_channels.utm_campaign
            and traffic_channels.click_id_type is null
            and traffic_channels.referrer_type = 'none'
            and traffic_channels.referrer_host is null
),

marketing_engagements_with_reporting_dates as (
    select
        engagement_id,
        engagement_type,
        asset_name,
        utm_source,
        utm_medium,
        utm_campaign,
        channel,
        channel_group,
        classification_rule,
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
    from marketing_engagements_classified
)

select * from marketing_engagements_with_reporting_dates
