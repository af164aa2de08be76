-- Fails when the monthly pipeline does not add up to the deals: pipeline
-- created, won and lost amounts and deal counts, and today's open pipeline
-- (every open deal has an expected close month) within one cent.
with

pipeline as (
    select * from {{ ref('rpt_pipeline_monthly') }}
),

deals as (
    select * from {{ ref('fct_deal_time_to_cash') }}
),

pipeline_totals as (
    select
        sum(deals_created) as deals_created,
        sum(pipeline_created_eur) as pipeline_created_eur,
        sum(deals_won) as deals_won,
        sum(won_eur) as won_eur,
        sum(deals_lost) as deals_lost,
        sum(lost_eur) as lost_eur,
        sum(open_deals) as open_deals,
        sum(open_pipeline_eur) as open_pipeline_eur
    from pipeline
),

deal_totals as (
    select
        count(*) as deals_created,
        sum(amount_eur) as pipeline_created_eur,
        count(*) filter (where is_won) as deals_won,
        coalesce(sum(amount_eur) filter (where is_won), 0) as won_eur,
        count(*) filter (where is_closed and not is_won) as deals_lost,
        coalesce(sum(amount_eur) filter (where is_closed and not is_won), 0)
            as lost_eur,
        count(*) filter (where not is_closed) as open_deals,
        coalesce(sum(amount_eur) filter (where not is_closed), 0)
            as open_pipeline_eur
    from deals
)

select
    pipeline_totals.*,
    deal_totals.pipeline_created_eur as deals_pipeline_created_eur,
    deal_totals.won_eur as deals_won_eur,
    deal_totals.open_pipeline_eur as deals_open_pipeline_eur
from pipeline_totals
cross join deal_totals
where
    pipeline_totals.deals_created != deal_totals.deals_created
    or pipeline_totals.deals_won != deal_totals.deals_won
    or pipeline_totals.deals_lost != deal_totals.deals_lost
    or pipeline_totals.open_deals != deal_totals.open_deals
    or abs(
        pipeline_totals.pipeline_created_eur
        - deal_totals.pipeline_created_eur
    ) > 0.01
    or abs(pipeline_totals.won_eur - deal_totals.won_eur) > 0.01
    or abs(pipeline_totals.lost_eur - deal_totals.lost_eur) > 0.01
    or abs(pipeline_totals.open_pipeline_eur - deal_totals.open_pipeline_eur)
    > 0.01
