-- One row per journey touch, converting and non-converting journeys, the
-- input of the data-driven models (Markov, Shapley), per conversion type:
--   opportunity_created: converting = every deal's journey; non-converting =
--     the touches of accounts (or contacts, per attribution_scope) that never
--     had a deal, within the lookback window before their last touch;
--   closed_won: converting = won deals, non-converting = lost deals (open
--     deals sit out) and the no-deal journeys above; a deal's journey is
--     its touches up to its creation, for won and lost deals alike.
-- has_deal: the journey is a deal's (won, lost or open); the two-stage
-- closed_won game fits its win stage on the journeys with a deal.
-- Only new-business deals play: an upsell's journey is mostly the touches of
-- an existing customer, not what acquired it (its account is not a no-deal
-- journey either).
with

conversion_touchpoints as (
    select * from {{ ref('int_conversion_touchpoints') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
    where
        contact_id is not null
        and {{ is_attributable_touch() }}
),

deal_contacts as (
    select * from {{ ref('stg_crm__deal_contacts') }}
),

deals as (
    select * from {{ ref('stg_crm__deals') }}
),

entities_with_deals as (
    {% if var('attribution_scope') == 'account' %}
        select distinct account_id as entity_id
        from conversions
        where account_id is not null
        union
    {% endif %}
    select distinct 'contact:' || contact_id as entity_id
    from deal_contacts
),

entity_touches as (
    select
        {% if var('attribution_scope') == 'account' %}
            coalesce(account_id, 'contact:' || contact_id) as entity_id,
        {% else %}
            'contact:' || contact_id as entity_id,
        {% endif %}
        touchpoint_id,
        channel,
        touched_at
    from touchpoints
),

no_deal_touches as (
    select
        entity_touches.*,
        max(entity_touches.touched_at) over (
            partition by entity_touches.entity_id
        ) as last_touched_at
    from entity_touches
    left join entities_with_deals
        on entity_touches.entity_id = entities_with_deals.entity_id
    where entities_with_deals.entity_id is null
),

no_deal_journeys as (
    select
        'no_deal:' || entity_id as journey_id,
        touchpoint_id,
        channel,
        touched_at
    from no_deal_touches
    where {{ within_lookback('touched_at', 'last_touched_at') }}
),

converting_journeys as (
    select
        conversion_touchpoints.conversion_type,
        conversion_touchpoints.conversion_id as journey_id,
        true as is_converted,
        true as has_deal,
        conversion_touchpoints.touchpoint_id,
        conversion_touchpoints.channel,
        conversion_touchpoints.touched_at
    from conversion_touchpoints
    inner join conversions
        on conversion_touchpoints.conversion_id = conversions.conversion_id
    where
        conversion_touchpoints.conversion_type = 'opportunity_created'
        and conversions.is_new_business
),

closed_deal_journeys as (
    -- won and lost deals play the closed_won game with the same journey:
    -- the touches up to the deal's creation (what brought the deal), so
    -- that touches during the sales cycle, which only won deals would have
    -- had until their close, do not bias the game
    select
        'closed_won' as conversion_type,
        conversion_touchpoints.conversion_id as journey_id,
        deals.is_won as is_converted,
        true as has_deal,
        conversion_touchpoints.touchpoint_id,
        conversion_touchpoints.channel,
        conversion_touchpoints.touched_at
    from conversion_touchpoints
    inner join conversions
        on conversion_touchpoints.conversion_id = conversions.conversion_id
    inner join deals
        on conversions.deal_id = deals.deal_id
    where
        conversion_touchpoints.conversion_type = 'opportunity_created'
        and deals.is_new_business
        and deals.is_closed
),

conversion_types as (
    select 'opportunity_created' as conversion_type
    union all
    select 'closed_won' as conversion_type
),

non_converting_journeys as (
    select
        conversion_types.conversion_type,
        no_deal_journeys.journey_id,
        false as is_converted,
        false as has_deal,
        no_deal_journeys.touchpoint_id,
        no_deal_journeys.channel,
        no_deal_journeys.touched_at
    from no_deal_journeys
    cross join conversion_types
),

paths_unioned as (
    select * from converting_journeys
    union all
    select * from closed_deal_journeys
    union all
    select * from non_converting_journeys
),

paths as (
    select
        conversion_type,
        journey_id,
        is_converted,
        has_deal,
        cast(row_number() over (
            partition by conversion_type, journey_id
            order by touched_at, touchpoint_id
        ) as integer) as touch_sequence,
        channel,
        touchpoint_id,
        touched_at
    from paths_unioned
)

select * from paths
