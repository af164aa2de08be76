-- One row per touchpoint with the contact and account it belongs to:
-- web sessions (device -> contact through form submissions: every session of
-- an identified device belongs to its contact, earlier ones included), CRM
-- marketing engagements (webinars, events, downloads) and sales activities
-- (calls, emails, meetings), flagged marketing vs sales. A CRM engagement
-- created by a web form (webinar registration, content download) that
-- matches a session of the same contact with a form submission (within
-- `crm_form_engagement_match_minutes` of the session) is that session's
-- touch, not a second one: it is left out here so it is not counted twice.
-- Consent holds whatever system recorded the touch: a registration or
-- download that mirrors a form submitted from a device without consent
-- (int_form_submissions, within the same minutes) is left out too, since
-- the session behind it is not a person-level touch.
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy="append",
    on_schema_change="append_new_columns",
    pre_hook="{{ delete_touchpoints_to_restitch() }}",
) }}
{#- Incremental: the pre-hook deletes every CRM touchpoint, every web
    touchpoint of a device tied to a contact (now or before), those of
    sessions int_web_sessions no longer holds, and everything when
    `touchpoints_version` changed; the run stitches again the sessions the
    table no longer holds and every CRM touchpoint. What stays is the
    anonymous sessions' touchpoints, which depend on their session row
    only. A full build and any sequence of incremental runs give the same
    rows (tests/test_incremental.py). -#}
with

sessions as (
    select * from {{ ref('int_web_sessions') }}
),

sessions_to_stitch as (
    select * from sessions
    {% if is_incremental() -%}
        where session_id not in (
            select kept.touchpoint_id from {{ this }} as kept
        )
    {%- endif %}
),

anonymous_ids as (
    select * from {{ ref('int_anonymous_ids_mapped_to_contacts') }}
),

contact_accounts as (
    select * from {{ ref('int_contacts_mapped_to_accounts') }}
),

form_submissions as (
    select * from {{ ref('int_form_submissions') }}
),

engagements as (
    select * from {{ ref('stg_crm__marketing_engagements') }}
),

engagement_contacts as (
    select * from {{ ref('stg_crm__marketing_engagement_contacts') }}
),

activities as (
    select * from {{ ref('stg_crm__activities') }}
),

activity_associations as (
    select * from {{ ref('stg_crm__activity_associations') }}
),

web_touchpoints as (
    select
        sessions.session_id as touchpoint_id,
        'web' as touchpoint_source,
        'web_session' as touch_type,
        anonymous_ids.contact_id,
        sessions.anonymous_id,
        sessions.channel,
        sessions.channel_group,
        sessions.utm_source,
        sessions.utm_medium,
        sessions.utm_campaign,
        true as is_marketing,
        sessions.session_started_at as touched_at
    from sessions_to_stitch as sessions
    left join anonymous_ids
        on sessions.anonymous_id = anonymous_ids.anonymous_id
),

engagement_touchpoints_all as (
    select
        'crm_marketing:' || engagements.engagement_id
        || ':' || engagement_contacts.contact_id as touchpoint_id,
        'crm_marketing' as touchpoint_source,
        engagements.engagement_type as touch_type,
        engagement_contacts.contact_id,
        null as anonymous_id,
        engagements.channel,
        engagements.channel_group,
        engagements.utm_source,
        engagements.utm_medium,
        engagements.utm_campaign,
        true as is_marketing,
        engagements.occurred_at as touched_at
    from engagements
    inner join engagement_contacts
        on engagements.engagement_id = engagement_contacts.engagement_id
),

form_windows as (
    -- when each contact submitted a form: the span of a consenting
    -- form-submitting session, or the instant of any form submission
    -- (consent or not)
    select
        anonymous_ids.contact_id,
        sessions.session_started_at as window_start_at,
        sessions.session_ended_at as window_end_at
    from sessions
    inner join anonymous_ids
        on sessions.anonymous_id = anonymous_ids.anonymous_id
    where sessions.form_submissions > 0
    union all
    select
        contact_id,
        submitted_at as window_start_at,
        submitted_at as window_end_at
    from form_submissions
),

engagements_mirroring_forms as (
    select distinct engagement_touchpoints_all.touchpoint_id
    from engagement_touchpoints_all
    inner join form_windows
        on
            engagement_touchpoints_all.contact_id = form_windows.contact_id
            and engagement_touchpoints_all.touched_at between
            form_windows.window_start_at
            - {{ interval_minutes(
                'cast(' ~ var('crm_form_engagement_match_minutes')
                ~ ' as bigint)'
            ) }}
            and form_windows.window_end_at
            + {{ interval_minutes(
                'cast(' ~ var('crm_form_engagement_match_minutes')
                ~ ' as bigint)'
            ) }}
    where
        engagement_touchpoints_all.touch_type
        in ('webinar_registration', 'content_download')
),

engagement_touchpoints as (
    select engagement_touchpoints_all.*
    from engagement_touchpoints_all
    left join engagements_mirroring_forms
        on
            engagement_touchpoints_all.touchpoint_id
            = engagements_mirroring_forms.touchpoint_id
    where engagements_mirroring_forms.touchpoint_id is null
),

activity_contacts as (
    select
        activity_id,
        object_id as contact_id
    from activity_associations
    where object_type = 'contact'
),

sales_touchpoints as (
    select
        'crm_sales:' || activities.activity_id
        || ':' || activity_contacts.contact_id as touchpoint_id,
        'crm_sales' as touchpoint_source,
        activities.activity_type as touch_type,
        activity_contacts.contact_id,
        null as anonymous_id,
        'sales' as channel,
        'sales' as channel_group,
        null as utm_source,
        null as utm_medium,
        null as utm_campaign,
        false as is_marketing,
        activities.occurred_at as touched_at
    from activities
    inner join activity_contacts
        on activities.activity_id = activity_contacts.activity_id
),

touchpoints_unioned as (
    select * from web_touchpoints
    union all
    select * from engagement_touchpoints
    union all
    select * from sales_touchpoints
),

touchpoints_stitched as (
    select
        touchpoints_unioned.touchpoint_id,
        touchpoints_unioned.touchpoint_source,
        touchpoints_unioned.touch_type,
        touchpoints_unioned.contact_id,
        contact_accounts.account_id,
        touchpoints_unioned.anonymous_id,
        touchpoints_unioned.channel,
        touchpoints_unioned.channel_group,
        touchpoints_unioned.utm_source,
        touchpoints_unioned.utm_medium,
        touchpoints_unioned.utm_campaign,
        touchpoints_unioned.is_marketing,
        not touchpoints_unioned.is_marketing as is_sales,
        touchpoints_unioned.touched_at,
        {{ touchpoints_version() }} as _touchpoints_version
    from touchpoints_unioned
    left join contact_accounts
        on touchpoints_unioned.contact_id = contact_accounts.contact_id
)

select * from touchpoints_stitched
