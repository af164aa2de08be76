-- Per attribution model, attributed + baseline + unattributed revenue, margin
-- and cash equal the invoiced totals in EUR (to the cent), and pipeline and
-- booked amounts equal the deals' totals: the shapley model's 'baseline' rows
-- (what would have converted without any touch) are part of the sum, never
-- dropped.
with

totals as (
    select
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur,
        sum(cash_collected_eur) as cash_eur
    from {{ ref('int_invoices_converted_to_eur') }}
),

conversion_totals as (
    select
        sum(pipeline_eur) as pipeline_eur,
        sum(booked_eur) as booked_eur
    from {{ ref('int_conversions') }}
),

attributed as (
    select
        attribution_model,
        sum(attributed_revenue_eur) as revenue_eur,
        sum(attributed_margin_eur) as margin_eur,
        sum(attributed_cash_eur) as cash_eur,
        sum(attributed_pipeline_eur) as pipeline_eur,
        sum(attributed_booked_eur) as booked_eur
    from {{ ref('fct_attribution_credits') }}
    group by 1
)

select
    attributed.attribution_model,
    attributed.revenue_eur,
    totals.revenue_eur as invoiced_revenue_eur,
    attributed.margin_eur,
    totals.margin_eur as invoiced_margin_eur,
    attributed.cash_eur,
    totals.cash_eur as collected_cash_eur
from attributed
cross join totals
cross join conversion_totals
where
    abs(attributed.revenue_eur - totals.revenue_eur) >= 0.005
    or abs(attributed.margin_eur - totals.margin_eur) >= 0.005
    or abs(attributed.cash_eur - totals.cash_eur) >= 0.005
    or abs(attributed.pipeline_eur - conversion_totals.pipeline_eur) >= 0.005
    or abs(attributed.booked_eur - conversion_totals.booked_eur) >= 0.005
