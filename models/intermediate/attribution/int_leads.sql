-- One row per lead: a contact (not archived in the CRM) that became a lead,
-- with its lead-creation touch, the contact's own last touch at or before
-- the lead date within the attribution window (within_lookback), or none.
-- The one definition of a lead and of "the touch that created it": the
-- weekly table counts leads here, the ROI mart counts them on their lead
-- touch's channel (CPL) and W-shaped and full-path journeys take their
-- lead role from it.
with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
    where lead_at is not null and not is_archived
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
    where {{ is_attributable_touch() }}
),

lead_touches as (
    select
        contacts.contact_id,
        touchpoints.touchpoint_id,
        touchpoints.channel,
        touchpoints.utm_campaign,
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
),

leads as (
    select
        contacts.contact_id,
        lead_touches.touchpoint_id as lead_touchpoint_id,
        lead_touches.channel as lead_channel,
        lead_touches.utm_campaign as lead_utm_campaign,
        {{ reporting_date('contacts.lead_at') }} as lead_date,
        contacts.lead_at,
        lead_touches.touched_at as lead_touched_at
    from contacts
    left join lead_touches
        on contacts.contact_id = lead_touches.contact_id
)

select * from leads
