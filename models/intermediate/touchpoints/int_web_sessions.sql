-- One row per web session: consecutive events of one device, split after
-- `web_session_timeout_minutes` of inactivity or when a new campaign source
-- arrives (a landing with its own UTMs, click id or external referrer). The
-- session carries its landing event's channel and UTMs. Events without
-- consent are excluded here (person-level journeys); aggregates that need
-- them read stg_web__events directly.
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy="append",
    on_schema_change="append_new_columns",
    pre_hook="{{ delete_web_sessions_of_changed_devices() }}",
) }}
{#- Incremental: the pre-hook deletes the sessions of every device with new
    or re-sent events; this run rebuilds, whole, the sessions of the devices
    the table no longer holds. A full build and any sequence of incremental
    runs give the same rows (tests/test_incremental.py). -#}
with

events as (
    select * from {{ ref('stg_web__events') }}
    where
        has_consent and anonymous_id is not null
        {% if is_incremental() -%}
            and anonymous_id not in (
                select kept.anonymous_id from {{ this }} as kept
            )
        {%- endif %}
),

events_with_previous as (
    select
        *,
        lag(event_at) over (
            partition by anonymous_id order by event_at, event_id
        ) as previous_event_at,
        lag(channel) over (
            partition by anonymous_id order by event_at, event_id
        ) as previous_channel
    from events
),

events_flagged as (
    select
        *,
        case
            when previous_event_at is null then 1
            when
                event_at - previous_event_at
                > {{ interval_minutes(
                    'cast(' ~ var('web_session_timeout_minutes')
                    ~ ' as bigint)'
                ) }}
                then 1
            when channel != 'direct' and channel != previous_channel then 1
            else 0
        end as is_session_start
    from events_with_previous
),

events_numbered as (
    select
        *,
        sum(is_session_start) over (
            partition by anonymous_id
            order by event_at, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from events_flagged
),

sessions as (
    select
        anonymous_id,
        session_number,
        {# DuckDB's min_by skips null values; min_by_non_null does so on
            Spark too (Spark's own min_by keeps them). #}
        {{ min_by_non_null('event_id', 'event_at') }} as landing_event_id,
        min(event_at) as session_started_at,
        max(event_at) as session_ended_at,
        count(*) as events,
        count_if(event_type = 'form_submit') as form_submissions,
        {{ min_by_non_null('channel', 'event_at') }} as channel,
        {{ min_by_non_null('channel_group', 'event_at') }} as channel_group,
        {{ min_by_non_null('utm_source', 'event_at') }} as utm_source,
        {{ min_by_non_null('utm_medium', 'event_at') }} as utm_medium,
        {{ min_by_non_null('utm_campaign', 'event_at') }} as utm_campaign,
        {{ min_by_non_null('page_url', 'event_at') }} as landing_page_url,
        {{ sorted_array_agg('event_id') }} as event_ids,
        max(_loaded_at) as _last_loaded_at
    from events_numbered
    group by 1, 2
),

sessions_keyed as (
    select
        'web:' || landing_event_id as session_id,
        *,
        {{ web_sessions_version() }} as _rules_version
    from sessions
)

select * from sessions_keyed
