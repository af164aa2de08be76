-- One row per contact that became a lead: its lead-creation touch, the
-- contact's own last touch at or before the lead date within the
-- attribution window (within_lookback). The one definition of "the touch
-- that created the lead": the leads of the ROI mart (CPL per channel) and
-- the lead role of W-shaped and full-path journeys both read it. A lead
-- without such a touch has no row here.
with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
    where lead_at is not null
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
    {% if not var('attribution_include_sales_touches') %}
        where is_marketing
    {% endif %}
),

lead_touches as (
    select
        contacts.contact_id,
        touchpoints.touchpoint_id,
        touchpoints.channel,
        touchpoints.utm_campaign,
        contacts.lead_at,
        touchpoints.touched_at
    from contacts
    inner join touchpoints
        on
            contacts.contact_id = touchpoints.contact_id
            and {{ within_lookback(
                'touchpoints.touched_at', 'contacts.lead_at'
            ) }}
    qualify row_number() over (
        partition by contacts.contact_id
        order by touchpoints.touched_at desc, touchpoints.touchpoint_id desc
    ) = 1
)

select * from lead_touches
