-- One row per conversion and touchpoint of its journey: the touches of the
-- deal's contacts (attribution_scope 'contact') or of any contact of the
-- deal's account ('account'), from `attribution_lookback_days` before the
-- journey end up to it (never after), with their position roles:
-- first, last, lead-creation touch (the lead touch of the journey's first
-- lead contact, int_leads, when it lies in the journey),
-- opportunity-creation touch and closed-won touch. The window is
-- within_lookback, the one definition shared with the other journeys.
with

conversions as (
    select * from {{ ref('int_conversions') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
    where {{ is_attributable_touch() }}
),

deal_contacts as (
    select * from {{ ref('stg_crm__deal_contacts') }}
),

contact_accounts as (
    select * from {{ ref('int_contacts_mapped_to_accounts') }}
),

leads as (
    select * from {{ ref('int_leads') }}
),

deal_accounts as (
    select distinct
        deal_id,
        account_id
    from conversions
    where deal_id is not null and account_id is not null
),

journey_contacts as (
    select
        deal_id,
        contact_id
    from deal_contacts
    union
    select
        deal_accounts.deal_id,
        contact_accounts.contact_id
    from deal_accounts
    inner join contact_accounts
        on deal_accounts.account_id = contact_accounts.account_id
    where '{{ var("attribution_scope") }}' = 'account'
),

journey_lead_touches as (
    -- the journey's first lead contact (ties: lowest contact id) and its
    -- lead-creation touch, null if it had none (arg_min_null keeps it)
    select
        journey_contacts.deal_id,
        {{ min_by_or_null(
            'leads.lead_touchpoint_id',
            '(leads.lead_at, journey_contacts.contact_id)'
        ) }} as lead_touchpoint_id
    from journey_contacts
    inner join leads
        on journey_contacts.contact_id = leads.contact_id
    group by 1
),

journey_touches as (
    select
        conversions.conversion_id,
        conversions.conversion_type,
        conversions.journey_end_at,
        conversions.opportunity_at,
        conversions.closed_won_at,
        journey_lead_touches.lead_touchpoint_id,
        touchpoints.touchpoint_id,
        touchpoints.contact_id,
        touchpoints.channel,
        touchpoints.channel_group,
        touchpoints.utm_source,
        touchpoints.utm_medium,
        touchpoints.utm_campaign,
        touchpoints.touched_at
    from conversions
    inner join journey_contacts
        on conversions.deal_id = journey_contacts.deal_id
    inner join touchpoints
        on journey_contacts.contact_id = touchpoints.contact_id
    left join journey_lead_touches
        on conversions.deal_id = journey_lead_touches.deal_id
    where
        {{ within_lookback(
            'touchpoints.touched_at', 'conversions.journey_end_at'
        ) }}
),

touches_sequenced as (
    select
        *,
        row_number() over (
            partition by conversion_id order by touched_at, touchpoint_id
        ) as touch_sequence,
        count(*) over (partition by conversion_id) as journey_touches,
        -- a double on both engines (Spark divides by 86400.0 as a decimal)
        {{ calendar_diff('second', 'touched_at', 'journey_end_at') }}
        / cast(86400 as double) as days_before_journey_end
    from journey_touches
),

role_positions as (
    select
        conversion_id,
        max(touch_sequence) filter (
            where touchpoint_id = lead_touchpoint_id
        ) as lead_touch_sequence,
        max(touch_sequence) filter (where touched_at <= opportunity_at)
            as opportunity_touch_sequence,
        max(touch_sequence) filter (where touched_at <= closed_won_at)
            as closed_won_touch_sequence,
        max(touch_sequence) filter (where channel != 'direct')
            as last_non_direct_sequence
    from touches_sequenced
    group by 1
),

touches_with_roles as (
    select
        touches_sequenced.conversion_id,
        touches_sequenced.touchpoint_id,
        touches_sequenced.conversion_type,
        touches_sequenced.contact_id,
        touches_sequenced.channel,
        touches_sequenced.channel_group,
        touches_sequenced.utm_source,
        touches_sequenced.utm_medium,
        touches_sequenced.utm_campaign,
        touches_sequenced.touch_sequence,
        touches_sequenced.journey_touches,
        touches_sequenced.days_before_journey_end,
        touches_sequenced.touch_sequence = 1 as is_first_touch,
        touches_sequenced.touch_sequence = touches_sequenced.journey_touches
            as is_last_touch,
        touches_sequenced.touch_sequence
        = coalesce(
            role_positions.last_non_direct_sequence,
            touches_sequenced.journey_touches
        ) as is_last_non_direct_touch,
        coalesce(
            touches_sequenced.touch_sequence
            = role_positions.lead_touch_sequence,
            false
        ) as is_lead_touch,
        coalesce(
            touches_sequenced.touch_sequence
            = role_positions.opportunity_touch_sequence,
            false
        ) as is_opportunity_touch,
        coalesce(
            touches_sequenced.touch_sequence
            = role_positions.closed_won_touch_sequence,
            false
        ) as is_closed_won_touch,
        touches_sequenced.touched_at,
        touches_sequenced.journey_end_at
    from touches_sequenced
    inner join role_positions
        on touches_sequenced.conversion_id = role_positions.conversion_id
)

select * from touches_with_roles
