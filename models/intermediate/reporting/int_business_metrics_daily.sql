-- One row per calendar day (reporting timezone) from the first to the last
-- day with any cost, lead, deal, invoice or payment: the additive measures
-- of the CMO/CFO tables. Weeks and quarters sum these days, so a week and a
-- quarter always agree with each other and with the marts they come from.
{#- A table, not a view: planning this view over the whole revenue chain
    costs seconds even on a tiny export set, and seven relations read it
    (weekly table, KPI status, data-quality findings, four data tests). -#}
{{ config(materialized='table') }}
with

costs as (
    select * from {{ ref('int_costs_daily') }}
),

leads as (
    select * from {{ ref('int_leads') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
),

deals as (
    select * from {{ ref('stg_crm__deals') }}
),

invoices as (
    select * from {{ ref('int_invoices_converted_to_eur') }}
),

payments as (
    select * from {{ ref('int_payments_converted_to_eur') }}
),

web_events as (
    select event_date from {{ ref('stg_web__events') }}
),

customers_acquired as (
    select * from {{ ref('int_customers_acquired') }}
),

costs_by_day as (
    select
        cost_date as metric_date,
        sum(amount_eur) filter (where cost_type = 'marketing')
            as marketing_spend_eur,
        sum(amount_eur) filter (where cost_source != 'monthly_costs')
            as ad_spend_eur,
        sum(amount_eur) filter (where cost_type = 'sales') as sales_costs_eur
    from costs
    group by 1
),

leads_by_day as (
    -- a lead counts on the day the contact became one (int_leads: the one
    -- definition of a lead, shared with the funnel and ROI marts)
    select
        lead_date as metric_date,
        count(*) as leads
    from leads
    group by 1
),

opportunities_by_day as (
    select
        {{ reporting_date('milestone_at') }} as metric_date,
        count(*) as opportunities_created,
        sum(pipeline_eur) as pipeline_generated_eur
    from conversions
    where conversion_type = 'opportunity_created'
    group by 1
),

wins_by_day as (
    select
        {{ reporting_date('milestone_at') }} as metric_date,
        count(*) as deals_won,
        sum(booked_eur) as pipeline_won_eur
    from conversions
    where conversion_type = 'closed_won'
    group by 1
),

new_customers_by_day as (
    select
        acquired_date as metric_date,
        count(*) as new_customers
    from customers_acquired
    group by 1
),

losses_by_day as (
    select
        deals.closed_date as metric_date,
        count(*) as deals_lost,
        sum(conversions.pipeline_eur) as pipeline_lost_eur
    from deals
    inner join conversions
        on
            deals.deal_id = conversions.deal_id
            and conversions.conversion_type = 'opportunity_created'
    where deals.is_closed and not deals.is_won
    group by 1
),

revenue_by_day as (
    select
        issued_date as metric_date,
        sum(revenue_eur) as revenue_invoiced_eur,
        sum(margin_eur) as margin_eur
    from invoices
    group by 1
),

cash_by_day as (
    select
        paid_date as metric_date,
        sum(cash_eur) as cash_collected_eur
    from payments
    group by 1
),

days_with_data as (
    select metric_date from costs_by_day
    union
    select metric_date from leads_by_day
    union
    select metric_date from opportunities_by_day
    union
    select metric_date from wins_by_day
    union
    select metric_date from losses_by_day
    union
    select metric_date from revenue_by_day
    union
    select metric_date from cash_by_day
),

sources_complete_through as (
    -- the last day both daily-grain sources (web events, ad spend) cover:
    -- days after it are partial, not zero. Leads, deals, invoices and
    -- payments are sparse (a day without one is a real zero), so they do
    -- not say where an export ends; without web events and ad spend the
    -- data range's last day is used.
    select
        coalesce(
            least(
                (
                    select max(web_events.event_date) as last_day
                    from web_events
                ),
                (
                    select max(costs.cost_date) as last_day from costs
                    where costs.cost_source != 'monthly_costs'
                )
            ),
            (
                select max(days_with_data.metric_date) as last_day
                from days_with_data
            )
        ) as data_complete_through_date
),

calendar as (
    select
        {{ date_series('min(metric_date)', 'max(metric_date)', 'day') }}
            as metric_date
    from days_with_data
),

metrics_joined as (
    select
        calendar.metric_date,
        coalesce(costs_by_day.marketing_spend_eur, 0) as marketing_spend_eur,
        coalesce(costs_by_day.ad_spend_eur, 0) as ad_spend_eur,
        coalesce(costs_by_day.sales_costs_eur, 0) as sales_costs_eur,
        coalesce(leads_by_day.leads, 0) as leads,
        coalesce(opportunities_by_day.opportunities_created, 0)
            as opportunities_created,
        coalesce(opportunities_by_day.pipeline_generated_eur, 0)
            as pipeline_generated_eur,
        coalesce(wins_by_day.deals_won, 0) as deals_won,
        coalesce(wins_by_day.pipeline_won_eur, 0) as pipeline_won_eur,
        coalesce(losses_by_day.deals_lost, 0) as deals_lost,
        coalesce(losses_by_day.pipeline_lost_eur, 0) as pipeline_lost_eur,
        coalesce(new_customers_by_day.new_customers, 0) as new_customers,
        coalesce(revenue_by_day.revenue_invoiced_eur, 0)
            as revenue_invoiced_eur,
        coalesce(revenue_by_day.margin_eur, 0) as margin_eur,
        coalesce(cash_by_day.cash_collected_eur, 0) as cash_collected_eur,
        sources_complete_through.data_complete_through_date
    from calendar
    cross join sources_complete_through
    left join costs_by_day
        on calendar.metric_date = costs_by_day.metric_date
    left join leads_by_day
        on calendar.metric_date = leads_by_day.metric_date
    left join opportunities_by_day
        on calendar.metric_date = opportunities_by_day.metric_date
    left join wins_by_day
        on calendar.metric_date = wins_by_day.metric_date
    left join losses_by_day
        on calendar.metric_date = losses_by_day.metric_date
    left join new_customers_by_day
        on calendar.metric_date = new_customers_by_day.metric_date
    left join revenue_by_day
        on calendar.metric_date = revenue_by_day.metric_date
    left join cash_by_day
        on calendar.metric_date = cash_by_day.metric_date
)

select * from metrics_joined
