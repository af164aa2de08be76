-- Per attribution model, the attributed revenue, margin, cash, pipeline and
-- booked amounts of rpt_channel_campaign_performance (unattributed rows
-- included) equal the totals of int_conversions, to the cent.
with

conversion_totals as (
    select
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur,
        sum(cash_eur) as cash_eur,
        sum(pipeline_eur) as pipeline_eur,
        sum(booked_eur) as booked_eur
    from {{ ref('int_conversions') }}
),

mart_totals as (
    select
        attribution_model,
        sum(attributed_revenue_eur) as revenue_eur,
        sum(attributed_margin_eur) as margin_eur,
        sum(attributed_cash_eur) as cash_eur,
        sum(attributed_pipeline_eur) as pipeline_eur,
        sum(attributed_booked_eur) as booked_eur
    from {{ ref('rpt_channel_campaign_performance') }}
    group by 1
),

models_expected as (
    select
        {{ unnest_strings(revenue_attribution_models()) }}
            as attribution_model
)

select
    models_expected.attribution_model,
    mart_totals.revenue_eur,
    conversion_totals.revenue_eur as conversions_revenue_eur
from models_expected
cross join conversion_totals
left join mart_totals
    on models_expected.attribution_model = mart_totals.attribution_model
where
    mart_totals.attribution_model is null
    or abs(mart_totals.revenue_eur - conversion_totals.revenue_eur) >= 0.005
    or abs(mart_totals.margin_eur - conversion_totals.margin_eur) >= 0.005
    or abs(mart_totals.cash_eur - conversion_totals.cash_eur) >= 0.005
    or abs(mart_totals.pipeline_eur - conversion_totals.pipeline_eur) >= 0.005
    or abs(mart_totals.booked_eur - conversion_totals.booked_eur) >= 0.005
