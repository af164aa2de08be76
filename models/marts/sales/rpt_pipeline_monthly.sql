-- One row per calendar month (reporting time zone) from the first deal
-- creation to the last close or expected close: pipeline generated, deals
-- closed won and lost, win rate, average won deal, average sales cycle,
-- sales velocity, and the open pipeline (current snapshot) by expected
-- close month, weighted by stage probability. Amounts in EUR.
with

deals as (
    select * from {{ ref('fct_deal_time_to_cash') }}
),

month_bounds as (
    select
        {{ truncate_date('month', 'min(created_date)') }} as first_month,
        {{ truncate_date(
            'month',
            'greatest(max(created_date), max(closed_date),'
            ~ ' max(expected_close_date))'
        ) }} as last_month
    from deals
),

months as (
    select
        {{ date_series(
            'month_bounds.first_month', 'month_bounds.last_month', 'month'
        ) }} as month_start_date
    from month_bounds
),

created as (
    select
        {{ truncate_date('month', 'created_date') }} as month_start_date,
        count(*) as deals_created,
        sum(amount_eur) as pipeline_created_eur
    from deals
    group by 1
),

closed as (
    select
        {{ truncate_date('month', 'closed_date') }} as month_start_date,
        count(*) filter (where is_won) as deals_won,
        coalesce(sum(amount_eur) filter (where is_won), 0) as won_eur,
        count(*) filter (where not is_won) as deals_lost,
        coalesce(sum(amount_eur) filter (where not is_won), 0) as lost_eur,
        avg(sales_cycle_days) filter (where is_won)
            as average_won_cycle_days
    from deals
    where is_closed
    group by 1
),

open_pipeline as (
    select
        {{ truncate_date('month', 'expected_close_date') }}
            as month_start_date,
        count(*) as open_deals,
        sum(amount_eur) as open_pipeline_eur,
        sum(weighted_amount_eur) as weighted_pipeline_eur
    from deals
    where not is_closed
    group by 1
),

months_joined as (
    select
        months.month_start_date,
        coalesce(created.deals_created, 0) as deals_created,
        coalesce(created.pipeline_created_eur, 0) as pipeline_created_eur,
        coalesce(closed.deals_won, 0) as deals_won,
        coalesce(closed.won_eur, 0) as won_eur,
        coalesce(closed.deals_lost, 0) as deals_lost,
        coalesce(closed.lost_eur, 0) as lost_eur,
        closed.average_won_cycle_days,
        coalesce(open_pipeline.open_deals, 0) as open_deals,
        coalesce(open_pipeline.open_pipeline_eur, 0) as open_pipeline_eur,
        coalesce(open_pipeline.weighted_pipeline_eur, 0)
            as weighted_pipeline_eur
    from months
    left join created
        on months.month_start_date = created.month_start_date
    left join closed
        on months.month_start_date = closed.month_start_date
    left join open_pipeline
        on months.month_start_date = open_pipeline.month_start_date
),

months_rated as (
    select
        *,
        deals_won / nullif(deals_won + deals_lost, 0) as win_rate,
        {{ divide('won_eur', 'nullif(deals_won, 0)') }} as average_won_deal_eur
    from months_joined
),

months_with_velocity as (
    select
        *,
        {{ divide(
            'deals_created * win_rate * average_won_deal_eur',
            'nullif(average_won_cycle_days, 0)'
        ) }} as sales_velocity_eur_per_day
    from months_rated
)

select * from months_with_velocity
