-- One row per lead passed to sales (archived contacts excluded): a contact
-- that became an MQL or an SQL, or has an owner (sales rep) assigned. The
-- hand-off is the earlier of the MQL and SQL times; for an owner assigned
-- without qualification (the CRM keeps no assignment time) it is the lead
-- creation (else the contact creation). The first sales touch is the first
-- sales activity (call, email, meeting) logged on the contact at or after
-- the hand-off. Every lead gets exactly one outcome: treated (a sales touch
-- was logged), untreated_disqualified or untreated_recycled (lead status
-- unqualified or bad_timing with no touch logged), or never_treated (no
-- touch, no closing status: the lead silently disappeared).
with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

contact_funnel as (
    select * from {{ ref('fct_contact_funnel') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
),

leads_passed as (
    select
        contact_id,
        owner_id,
        lead_status,
        case
            when
                mql_at is not null
                and (sql_at is null or mql_at <= sql_at)
                then 'mql'
            when sql_at is not null then 'sql'
            else 'owner_assigned'
        end as handoff_reason,
        coalesce(least(mql_at, sql_at), lead_at, created_at) as handed_off_at
    from contacts
    where
        not is_archived
        and (
            mql_at is not null
            or sql_at is not null
            or owner_id is not null
        )
),

first_sales_touches as (
    select
        leads_passed.contact_id,
        min(touchpoints.touched_at) as first_sales_touch_at,
        count(*) as sales_touches
    from leads_passed
    inner join touchpoints
        on
            leads_passed.contact_id = touchpoints.contact_id
            and leads_passed.handed_off_at <= touchpoints.touched_at
    where touchpoints.is_sales
    group by 1
),

leads_joined as (
    select
        leads_passed.contact_id,
        coalesce(leads_passed.owner_id, 'unassigned') as owner_id,
        coalesce(
            contact_funnel.first_touch_channel, 'no_marketing_touch'
        ) as source_channel,
        leads_passed.handoff_reason,
        leads_passed.lead_status,
        case
            when first_sales_touches.first_sales_touch_at is not null
                then 'treated'
            when leads_passed.lead_status = 'unqualified'
                then 'untreated_disqualified'
            when leads_passed.lead_status = 'bad_timing'
                then 'untreated_recycled'
            else 'never_treated'
        end as handoff_outcome,
        coalesce(first_sales_touches.sales_touches, 0)
            as sales_touches_after_handoff,
        {{ divide(
            calendar_diff(
                'minute',
                'leads_passed.handed_off_at',
                'first_sales_touches.first_sales_touch_at'
            ),
            '60.0'
        ) }} as hours_to_first_sales_touch,
        first_sales_touches.first_sales_touch_at is not null as is_treated,
        coalesce(leads_passed.lead_status = 'unqualified', false)
            as is_disqualified,
        coalesce(leads_passed.lead_status = 'bad_timing', false)
            as is_recycled,
        coalesce(contact_funnel.reached_opportunity, false)
            as is_converted_to_opportunity,
        {{ truncate_date(
            'month', reporting_date('leads_passed.handed_off_at')
        ) }} as handoff_month,
        leads_passed.handed_off_at,
        first_sales_touches.first_sales_touch_at
    from leads_passed
    left join contact_funnel
        on leads_passed.contact_id = contact_funnel.contact_id
    left join first_sales_touches
        on leads_passed.contact_id = first_sales_touches.contact_id
)

select * from leads_joined
