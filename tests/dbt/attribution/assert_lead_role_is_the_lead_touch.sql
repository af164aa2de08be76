-- One lead touch: every touch that holds the lead role in a journey
-- (W-shaped, full path) is the lead-creation touch of its own contact in
-- int_lead_touches, the touch the ROI mart counts that contact's lead on.
-- Returns the journeys whose lead role sits on another touch (before
-- int_lead_touches, the role went to the account's last touch before the
-- first lead date, whichever contact it belonged to).
with

conversion_touchpoints as (
    select * from {{ ref('int_conversion_touchpoints') }}
),

lead_touches as (
    select * from {{ ref('int_lead_touches') }}
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
left join lead_touches
    on
        lead_roles.contact_id = lead_touches.contact_id
        and lead_roles.touchpoint_id = lead_touches.touchpoint_id
where lead_touches.touchpoint_id is null
