-- Fails with every cohort month and stage where the funnel widens once the
-- channels and regions of the cohort are added up, or where the visit stage
-- does not hold every contact of the cohort that reached any stage.
with

funnel as (
    select * from {{ ref('rpt_funnel_conversion') }}
),

contact_funnel as (
    select * from {{ ref('fct_contact_funnel') }}
),

cohort_stages as (
    select
        cohort_month,
        stage_number,
        sum(contacts_reached) as contacts_reached
    from funnel
    group by 1, 2
),

cohort_stages_compared as (
    select
        cohort_month,
        stage_number,
        contacts_reached,
        lag(contacts_reached) over (
            partition by cohort_month order by stage_number
        ) as contacts_reached_previous_stage
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
        cohort_month,
        stage_number,
        contacts_reached,
        contacts_reached_previous_stage
    from cohort_stages_compared
    where contacts_reached > contacts_reached_previous_stage
),

visit_mismatches as (
    select
        cohort_stages.cohort_month,
        cohort_stages.stage_number,
        cohort_stages.contacts_reached,
        cohort_contacts.contacts_visited as contacts_reached_previous_stage
    from cohort_stages
    full outer join cohort_contacts
        on cohort_stages.cohort_month = cohort_contacts.cohort_month
    where
        coalesce(cohort_stages.stage_number, 1) = 1
        and cohort_stages.contacts_reached
        is distinct from cohort_contacts.contacts_visited
)

select * from widening_stages
union all
select * from visit_mismatches
