-- One lead touch: every touch that holds the lead role in a journey
-- (W-shaped, full path) is the lead-creation touch of its own contact in
-- int_leads, the touch the ROI mart counts that contact's lead on.
-- Returns the journeys whose lead role sits on another touch (before
-- int_leads, the role went to the account's last touch before the
-- first lead date, whichever contact it belonged to).
with

conversion_touchpoints as (
    select * from {{ ref('int_conversion_touchpoints') }}
),

leads as (
    select * from {{ ref('int_leads') }}
),

lead_roles as (
    select
        conversion_id,
        touchpoint_id,
        contact_id
    from conversion_touchpoints
    where is_lead_touch
)

select lead_roles.*
from lead_roles
left join leads
    on
        lead_roles.contact_id = leads.contact_id
        and lead_roles.touchpoint_id = leads.lead_touchpoint_id
where leads.lead_touchpoint_id is null
