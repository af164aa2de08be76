-- Fails with every experiment whose variants' sample sizes do not add up
-- to the experiment's deals, or that has no control variant row.
with

results as (
    select * from {{ ref('rpt_experiment_results') }}
),

deals as (
    select * from {{ ref('fct_deal_time_to_cash') }}
    where experiment_name is not null
),

result_totals as (
    select
        experiment_name,
        sum(deals) as deals,
        sum(won_deals) as won_deals,
        count(*) filter (
            where experiment_variant = '{{ var("experiment_control_variant") }}'
        ) as control_rows
    from results
    group by 1
),

deal_totals as (
    select
        experiment_name,
        count(*) as deals,
        count(*) filter (where is_won) as won_deals
    from deals
    group by 1
)

select
    deal_totals.experiment_name,
    result_totals.deals,
    deal_totals.deals as expected_deals,
    result_totals.control_rows
from deal_totals
left join result_totals
    on deal_totals.experiment_name = result_totals.experiment_name
where
    result_totals.deals is distinct from deal_totals.deals
    or result_totals.won_deals is distinct from deal_totals.won_deals
    or result_totals.control_rows != 1
