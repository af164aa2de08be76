-- Fails with every month and attribution model where the channels' credited
-- pipeline created or amount won differs from the conversions' totals by
-- more than one cent (unattributed is a channel, so nothing may be lost).
with

by_channel as (
    select * from {{ ref('rpt_pipeline_by_channel') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
    where conversion_type in ('opportunity_created', 'closed_won')
),

models_by_month as (
    select
        month_start_date,
        attribution_model,
        sum(attributed_pipeline_created_eur) as pipeline_created_eur,
        sum(attributed_won_eur) as won_eur
    from by_channel
    group by 1, 2
),

conversions_by_month as (
    select
        {{ truncate_date(
            'month', reporting_date('milestone_at')
        ) }} as month_start_date,
        sum(pipeline_eur) filter (
            where conversion_type = 'opportunity_created'
        ) as pipeline_created_eur,
        sum(booked_eur) filter (where conversion_type = 'closed_won')
            as won_eur
    from conversions
    group by 1
)

select
    models_by_month.month_start_date,
    models_by_month.attribution_model,
    models_by_month.pipeline_created_eur,
    conversions_by_month.pipeline_created_eur as expected_pipeline_eur,
    models_by_month.won_eur,
    conversions_by_month.won_eur as expected_won_eur
from conversions_by_month
left join models_by_month
    on conversions_by_month.month_start_date = models_by_month.month_start_date
where
    models_by_month.month_start_date is null
    or abs(
        models_by_month.pipeline_created_eur
        - coalesce(conversions_by_month.pipeline_created_eur, 0)
    ) > 0.01
    or abs(
        models_by_month.won_eur - coalesce(conversions_by_month.won_eur, 0)
    ) > 0.01
