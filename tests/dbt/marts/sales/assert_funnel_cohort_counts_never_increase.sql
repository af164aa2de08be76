-- Fails with every cohort month and stage where the funnel widens once the
-- channels and regions of the cohort are added up, where the visitor stage
-- does not hold every contact of the cohort that reached any stage plus its
-- anonymous visitors, or where the anonymous visitors of all cohorts are
-- not the devices whose web sessions never met a contact.
with

funnel as (
    select * from {{ ref('rpt_funnel_conversion') }}
),

contact_funnel as (
    select * from {{ ref('fct_contact_funnel') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
),

cohort_stages as (
    select
        cohort_month,
        stage_number,
        sum(reached) as reached,
        sum(anonymous_visitors) as anonymous_visitors
    from funnel
    group by 1, 2
),

cohort_stages_compared as (
    select
        cohort_month,
        stage_number,
        reached,
        lag(reached) over (
            partition by cohort_month order by stage_number
        ) as reached_previous_stage
    from cohort_stages
),

cohort_contacts as (
    select
        cohort_month,
        count(*) filter (where reached_visit) as contacts_visited
    from contact_funnel
    group by 1
),

widening_stages as (
    select
        'funnel widens' as failure,
        cohort_month,
        stage_number,
        reached,
        reached_previous_stage as expected
    from cohort_stages_compared
    where reached > reached_previous_stage
),

visitor_mismatches as (
    select
        'visitors are not contacts + anonymous' as failure,
        cohort_stages.cohort_month,
        cohort_stages.stage_number,
        cohort_stages.reached,
        coalesce(cohort_contacts.contacts_visited, 0)
        + cohort_stages.anonymous_visitors as expected
    from cohort_stages
    left join cohort_contacts
        on cohort_stages.cohort_month = cohort_contacts.cohort_month
    where
        cohort_stages.stage_number = 1
        and cohort_stages.reached
        != coalesce(cohort_contacts.contacts_visited, 0)
        + cohort_stages.anonymous_visitors
),

anonymous_devices as (
    select count(distinct anonymous_id) as devices
    from touchpoints
    where
        touchpoint_source = 'web'
        and anonymous_id not in (
            select contacted.anonymous_id
            from touchpoints as contacted
            where
                contacted.contact_id is not null
                and contacted.anonymous_id is not null
        )
),

anonymous_total as (
    select sum(anonymous_visitors) as anonymous_visitors
    from cohort_stages
    where stage_number = 1
),

anonymous_mismatches as (
    select
        'anonymous visitors are not the unidentified devices' as failure,
        cast(null as date) as cohort_month,
        1 as stage_number,
        anonymous_total.anonymous_visitors as reached,
        anonymous_devices.devices as expected
    from anonymous_devices
    cross join anonymous_total
    where anonymous_devices.devices != anonymous_total.anonymous_visitors
)

select * from widening_stages
union all
select * from visitor_mismatches
union all
select * from anonymous_mismatches
