-- One row per month (reporting time zone), attribution model and channel:
-- pipeline created (opportunity_created conversions) and amount booked
-- (closed_won conversions) credited to the channel under the model, in
-- EUR, from fct_attribution_credits ('unattributed' is a channel here).
with

credits as (
    select * from {{ ref('fct_attribution_credits') }}
    where conversion_type in ('opportunity_created', 'closed_won')
),

credits_by_month as (
    select
        {{ truncate_date(
            'month', reporting_date('milestone_at')
        ) }} as month_start_date,
        attribution_model,
        channel,
        coalesce(
            sum(credit_weight)
            filter (where conversion_type = 'opportunity_created'),
            0
        ) as attributed_opportunities,
        coalesce(sum(attributed_pipeline_eur), 0)
            as attributed_pipeline_created_eur,
        coalesce(
            sum(credit_weight) filter (where conversion_type = 'closed_won'),
            0
        ) as attributed_deals_won,
        coalesce(sum(attributed_booked_eur), 0) as attributed_won_eur
    from credits
    group by 1, 2, 3
)

select * from credits_by_month
