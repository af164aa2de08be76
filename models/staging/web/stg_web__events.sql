{{ config(
    materialized=incremental_materialization(),
    unique_key="event_id",
    incremental_strategy="delete+insert",
    on_schema_change="append_new_columns",
    pre_hook="{{ delete_web_events_of_other_rules() }}",
) }}
{#- Materialised, not a view: about twenty tests and several models read it,
    and its URL parsing would run again for each of them. Incremental: a run
    parses only the raw rows of files loaded since the latest row it holds
    (the latest load of an event wins, as in a full build: a re-sent event
    replaces the stored one); when the channel seeds, the vars or this code
    changed (`web_rules_version`), the pre-hook empties the table and every
    raw row is parsed again. -#}
with

events as (
    select * from {{ source('web', 'events') }}
    {% if is_incremental() -%}
        where _loaded_at > (
            select
                coalesce(max(kept._loaded_at), {{ timestamp_lowest() }})
                    as loaded_at
            from {{ this }} as kept
        )
    {%- endif %}
),

channel_referrer_hosts as (
    select * from {{ ref('channel_referrer_hosts') }}
),

channel_referrer_hosts_normalised as (
    -- Seeds are edited by hand: blank cells count as empty (null).
    select
        priority,
        host_regex,
        lower(trim(referrer_type)) as referrer_type,
        nullif(lower(trim(referrer_source)), '') as referrer_source
    from channel_referrer_hosts
),

events_renamed as (
    select
        nullif(trim(event_id), '') as event_id,
        nullif(trim(anonymous_id), '') as anonymous_id,
        lower(nullif(trim(event_type), '')) as event_type,
        {{ url_redact_emails("nullif(trim(page_url), '')") }} as page_url,
        {{ url_redact_emails("nullif(trim(referrer), '')") }} as referrer_url,
        {{ parse_email_hash('email') }} as email_hash,
        {{ parse_domain(regex_extract('email', "'@([^@]*)$'", 1)) }}
            as email_domain,
        coalesce({{ parse_boolean('consent') }}, false) as has_consent,
        {{ parse_timestamp_utc(adapter.quote('timestamp')) }} as event_at,
        {{ quarantine_checks(web_events_quarantine_checks()) }},
        _file_name,
        _file_sha256,
        try_cast(_row_number as bigint) as _row_number,
        _loaded_at
    from events
),

events_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select {{ star_except('_quarantine') }}
    from events_renamed
    where _quarantine is null
),

events_deduplicated as (
    {{ dedupe_latest('events_valid', partition_by='event_id') }}
),

events_parsed as (
    select
        event_id,
        anonymous_id,
        event_type,
        page_url,
        {{ url_host('page_url') }} as page_host,
        {{ url_path('page_url') }} as page_path,
        {{ url_is_malformed('page_url') }} as is_malformed_page_url,
        referrer_url,
        {{ url_host('referrer_url') }} as referrer_host,
        email_hash,
        email_domain,
        {{ url_query_param('page_url', 'utm_source') }} as utm_source_raw,
        {{ url_query_param('page_url', 'utm_medium') }} as utm_medium_raw,
        {{ url_query_param('page_url', 'utm_campaign') }} as utm_campaign_raw,
        {{ url_query_param('page_url', 'utm_content') }} as utm_content_raw,
        {{ url_query_param('page_url', 'utm_term') }} as utm_term_raw,
        {% for click_id_param in url_click_id_params() -%}
            nullif({{ url_query_param('page_url', click_id_param) }}, '')
                as click_id_{{ click_id_param }},
        {% endfor -%}
        has_consent,
        event_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at
    from events_deduplicated
),

events_utms_decoded as (
    -- Decoding and cleaning are two steps to keep SQL nesting shallow.
    select
        *,
        {{ url_decode_text('utm_source_raw') }} as utm_source_decoded,
        {{ url_decode_text('utm_medium_raw') }} as utm_medium_decoded,
        {{ url_decode_text('utm_campaign_raw') }} as utm_campaign_decoded,
        {{ url_decode_text('utm_content_raw') }} as utm_content_decoded,
        {{ url_decode_text('utm_term_raw') }} as utm_term_decoded
    from events_parsed
),

events_utms_latin1_decoded as (
    -- Escapes that are not UTF-8 (Latin-1 '%E9') decoded as Latin-1. The
    -- five columns are replaced (moved last: later steps name them).
    select
        {{ star_except([
            'utm_source_decoded',
            'utm_medium_decoded',
            'utm_campaign_decoded',
            'utm_content_decoded',
            'utm_term_decoded',
        ]) }},
        {{ url_decode_latin1('utm_source_decoded') }} as utm_source_decoded,
        {{ url_decode_latin1('utm_medium_decoded') }} as utm_medium_decoded,
        {{ url_decode_latin1('utm_campaign_decoded') }}
            as utm_campaign_decoded,
        {{ url_decode_latin1('utm_content_decoded') }}
            as utm_content_decoded,
        {{ url_decode_latin1('utm_term_decoded') }} as utm_term_decoded
    from events_utms_decoded
),

events_utms_cleaned as (
    select
        *,
        {{ utm_clean('utm_source_decoded', decode=false) }}
            as utm_source_cleaned,
        {{ utm_clean('utm_medium_decoded', decode=false) }}
            as utm_medium_cleaned,
        {{ utm_clean('utm_campaign_decoded', decode=false) }} as utm_campaign,
        {{ utm_clean('utm_content_decoded', decode=false) }} as utm_content,
        {{ utm_clean('utm_term_decoded', decode=false) }} as utm_term,
        -- Click ids in order of precedence: the first present wins.
        coalesce(
            {% for click_id_param in url_click_id_params() -%}
                click_id_{{ click_id_param }}{{ ',' if not loop.last }}
            {% endfor -%}
        ) as click_id,
        case
            {% for click_id_param in url_click_id_params() -%}
                when click_id_{{ click_id_param }} is not null
                    then '{{ click_id_param }}'
            {% endfor -%}
        end as click_id_type
    from events_utms_latin1_decoded
),

events_utms_mapped as (
    {{ utm_synonyms_mapped('events_utms_cleaned') }}
),

referrer_hosts as (
    -- Referrer hosts and traffic signatures are classified once per
    -- distinct value, then joined back: per-row regex patterns are costly.
    select distinct referrer_host
    from events_utms_mapped
    where referrer_host is not null
),

referrer_hosts_classified as (
    select
        referrer_hosts.referrer_host,
        channel_referrer_hosts_normalised.referrer_type,
        channel_referrer_hosts_normalised.referrer_source
    from referrer_hosts
    inner join channel_referrer_hosts_normalised
        on
            {{ regex_contains(
                'referrer_hosts.referrer_host',
                'channel_referrer_hosts_normalised.host_regex'
            ) }}
    qualify row_number() over (
        partition by referrer_hosts.referrer_host
        order by
            channel_referrer_hosts_normalised.priority,
            channel_referrer_hosts_normalised.host_regex
    ) = 1
),

events_joined_to_referrer_types as (
    select
        events_utms_mapped.*,
        case
            when events_utms_mapped.referrer_host is null then 'none'
            when {{ is_site_host('events_utms_mapped.referrer_host') }}
                then 'internal'
            else coalesce(referrer_hosts_classified.referrer_type, 'other')
        end as referrer_type,
        case
            when {{ is_site_host('events_utms_mapped.referrer_host') }}
                then 'site'
            else
                coalesce(
                    referrer_hosts_classified.referrer_source,
                    events_utms_mapped.referrer_host
                )
        end as referrer_source,
        coalesce(
            events_utms_mapped.utm_source is not null
            or events_utms_mapped.utm_medium is not null
            or events_utms_mapped.utm_campaign is not null,
            false
        ) as has_utm
    from events_utms_mapped
    left join referrer_hosts_classified
        on
            events_utms_mapped.referrer_host
            = referrer_hosts_classified.referrer_host
),

traffic_channels as (
    {{ traffic_channels_classified('events_joined_to_referrer_types') }}
),

events_classified as (
    select
        events_joined_to_referrer_types.*,
        traffic_channels.channel,
        traffic_channels.channel_group,
        traffic_channels.is_paid,
        traffic_channels.classification_rule
    from events_joined_to_referrer_types
    left join traffic_channels
        on
            events_joined_to_referrer_types.has_utm
            = traffic_channels.has_utm
            and events_joined_to_referrer_types.utm_source
            is not distinct from traffic_channels.utm_source
            and events_joined_to_referrer_types.utm_medium
            is not distinct from traffic_channels.utm_medium
            and events_joined_to_referrer_types.utm_campaign
            is not distinct from traffic_channels.utm_campaign
            and events_joined_to_referrer_types.click_id_type
            is not distinct from traffic_channels.click_id_type
            and events_joined_to_referrer_types.referrer_type
            = traffic_channels.referrer_type
            and events_joined_to_referrer_types.referrer_host
            is not distinct from traffic_channels.referrer_host
),

events_joined_to_channels as (
    select
        events_classified.event_id,
        events_classified.anonymous_id,
        events_classified.click_id,
        events_classified.event_type,
        events_classified.page_url,
        events_classified.page_host,
        events_classified.page_path,
        events_classified.referrer_url,
        events_classified.referrer_host,
        events_classified.referrer_type,
        events_classified.referrer_source,
        events_classified.email_hash,
        events_classified.email_domain,
        events_classified.utm_source_raw,
        events_classified.utm_medium_raw,
        events_classified.utm_campaign_raw,
        events_classified.utm_content_raw,
        events_classified.utm_term_raw,
        events_classified.utm_source,
        events_classified.utm_medium,
        events_classified.utm_campaign,
        events_classified.utm_content,
        events_classified.utm_term,
        events_classified.click_id_type,
        events_classified.channel,
        events_classified.channel_group,
        events_classified.classification_rule,
        events_classified.has_consent,
        events_classified.has_utm,
        events_classified.click_id_type is not null as has_click_id,
        events_classified.is_malformed_page_url,
        events_classified.is_paid,
        {{ reporting_date('events_classified.event_at') }} as event_date,
        events_classified.event_at,
        events_classified._file_name,
        events_classified._file_sha256,
        events_classified._row_number,
        events_classified._loaded_at,
        {{ web_rules_version() }} as _rules_version
    from events_classified
)

select * from events_joined_to_channels
