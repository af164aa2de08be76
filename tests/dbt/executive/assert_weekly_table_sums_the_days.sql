-- Every day is in exactly one week: the weekly CMO/CFO table's additive
-- measures sum to the daily totals. Returns the measures that differ.
with

daily_metrics as (
    select * from {{ ref('int_business_metrics_daily') }}
),

weekly as (
    select * from {{ ref('rpt_weekly_cmo_cfo') }}
),

daily_totals as (
    select
        count(*) as day_count,
        sum(marketing_spend_eur) as marketing_spend_eur,
        sum(leads) as leads,
        sum(revenue_invoiced_eur) as revenue_invoiced_eur,
        sum(cash_collected_eur) as cash_collected_eur
    from daily_metrics
),

weekly_totals as (
    select
        sum(days_in_data) as day_count,
        sum(marketing_spend_eur) as marketing_spend_eur,
        sum(leads) as leads,
        sum(revenue_invoiced_eur) as revenue_invoiced_eur,
        sum(cash_collected_eur) as cash_collected_eur
    from weekly
)

select
    daily_totals.*,
    weekly_totals.day_count as weekly_day_count
from daily_totals
cross join weekly_totals
where
    daily_totals.day_count != weekly_totals.day_count
    or daily_totals.marketing_spend_eur != weekly_totals.marketing_spend_eur
    or daily_totals.leads != weekly_totals.leads
    or daily_totals.revenue_invoiced_eur != weekly_totals.revenue_invoiced_eur
    or daily_totals.cash_collected_eur != weekly_totals.cash_collected_eur
