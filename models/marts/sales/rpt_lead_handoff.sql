-- One row per hand-off month (reporting time zone), source channel (the
-- contact's first-touch channel) and owner: leads passed to sales, split
-- into exclusive outcomes (treated + untreated_disqualified +
-- untreated_recycled + never_treated = passed), recycled and disqualified
-- leads (whatever their treatment), opportunities, and the median and 75th
-- percentile hours from hand-off to the first sales touch.
with

handoffs as (
    select * from {{ ref('fct_lead_handoffs') }}
),

handoffs_aggregated as (
    select
        handoff_month,
        source_channel,
        owner_id,
        count(*) as leads_passed,
        count(*) filter (where handoff_outcome = 'treated') as leads_treated,
        count(*) filter (
            where handoff_outcome = 'untreated_disqualified'
        ) as leads_untreated_disqualified,
        count(*) filter (
            where handoff_outcome = 'untreated_recycled'
        ) as leads_untreated_recycled,
        count(*) filter (
            where handoff_outcome = 'never_treated'
        ) as leads_never_treated,
        count(*) filter (where is_disqualified) as leads_disqualified,
        count(*) filter (where is_recycled) as leads_recycled,
        count(*) filter (where is_converted_to_opportunity)
            as leads_converted_to_opportunity,
        median(hours_to_first_sales_touch)
            as median_hours_to_first_sales_touch,
        percentile_cont(0.75) within group (
            order by hours_to_first_sales_touch
        ) as p75_hours_to_first_sales_touch
    from handoffs
    group by 1, 2, 3
),

handoffs_rated as (
    select
        *,
        leads_treated / leads_passed as treated_rate,
        leads_never_treated / leads_passed as never_treated_rate
    from handoffs_aggregated
)

select * from handoffs_rated
