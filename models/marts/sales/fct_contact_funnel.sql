-- One row per CRM contact (archived contacts excluded): cohort month,
-- first-touch channel, region group and the date each funnel stage was
-- reached: visit, lead, MQL, SQL, opportunity, won, invoiced, paid.
-- `reached_*` flags are cumulative: a contact reached a stage when it has
-- that stage's date or reached any later stage (a customer created straight
-- from a sales call still counts as a lead, an MQL and an SQL), so counts
-- never increase down the funnel.
with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

contact_accounts as (
    select * from {{ ref('int_contacts_mapped_to_accounts') }}
),

deal_contacts as (
    select * from {{ ref('stg_crm__deal_contacts') }}
),

deals as (
    select * from {{ ref('fct_deal_time_to_cash') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

contact_touches_ranked as (
    select
        contact_id,
        channel,
        touchpoint_source,
        touched_at,
        row_number() over (
            partition by contact_id order by touched_at, touchpoint_id
        ) as touch_rank
    from touchpoints
    where is_marketing and contact_id is not null
),

contact_first_touches as (
    select
        contact_id,
        min(touched_at) filter (where touchpoint_source = 'web')
            as first_visit_at,
        min(touched_at) as first_touched_at,
        min(channel) filter (where touch_rank = 1) as first_touch_channel
    from contact_touches_ranked
    group by 1
),

contact_deals as (
    select
        deal_contacts.contact_id,
        min(deals.created_date) as first_opportunity_date,
        min(deals.closed_date) filter (where deals.is_won)
            as first_won_date,
        min(deals.first_invoiced_date) filter (where deals.is_won)
            as first_invoiced_date,
        min(deals.first_paid_date) filter (where deals.is_won)
            as first_paid_date
    from deal_contacts
    inner join deals
        on deal_contacts.deal_id = deals.deal_id
    group by 1
),

stage_dates as (
    select
        contacts.contact_id,
        contact_accounts.account_id,
        contacts.owner_id,
        contacts.lifecycle_stage,
        contacts.lead_status,
        coalesce(
            contact_first_touches.first_touch_channel, 'no_marketing_touch'
        ) as first_touch_channel,
        coalesce(accounts.region_group, 'unknown') as region_group,
        {{ truncate_date(
            'month',
            reporting_date(
                'least(contact_first_touches.first_touched_at,'
                ~ ' contacts.created_at)'
            )
        ) }} as cohort_month,
        {% for stage, expression in [
            ('visit', 'contact_first_touches.first_visit_at'),
            ('lead', 'contacts.lead_at'),
            ('mql', 'contacts.mql_at'),
            ('sql', 'contacts.sql_at'),
        ] -%}
            {{ reporting_date(expression) }} as {{ stage }}_date,
        {% endfor -%}
        least(
            {{ reporting_date('contacts.opportunity_at') }},
            contact_deals.first_opportunity_date
        ) as opportunity_date,
        least(
            {{ reporting_date('contacts.customer_at') }},
            contact_deals.first_won_date
        ) as won_date,
        contact_deals.first_invoiced_date as invoiced_date,
        contact_deals.first_paid_date as paid_date
    from contacts
    left join contact_accounts
        on contacts.contact_id = contact_accounts.contact_id
    left join accounts
        on contact_accounts.account_id = accounts.account_id
    left join contact_first_touches
        on contacts.contact_id = contact_first_touches.contact_id
    left join contact_deals
        on contacts.contact_id = contact_deals.contact_id
    where not contacts.is_archived
),

stages_reached as (
    -- cumulative from the bottom of the funnel up
    select
        *,
        paid_date is not null as reached_paid,
        paid_date is not null
        or invoiced_date is not null as reached_invoiced,
        paid_date is not null
        or invoiced_date is not null
        or won_date is not null as reached_won,
        paid_date is not null
        or invoiced_date is not null
        or won_date is not null
        or opportunity_date is not null as reached_opportunity,
        paid_date is not null
        or invoiced_date is not null
        or won_date is not null
        or opportunity_date is not null
        or sql_date is not null as reached_sql,
        paid_date is not null
        or invoiced_date is not null
        or won_date is not null
        or opportunity_date is not null
        or sql_date is not null
        or mql_date is not null as reached_mql,
        paid_date is not null
        or invoiced_date is not null
        or won_date is not null
        or opportunity_date is not null
        or sql_date is not null
        or mql_date is not null
        or lead_date is not null as reached_lead,
        paid_date is not null
        or invoiced_date is not null
        or won_date is not null
        or opportunity_date is not null
        or sql_date is not null
        or mql_date is not null
        or lead_date is not null
        or visit_date is not null as reached_visit
    from stage_dates
)

select * from stages_reached
