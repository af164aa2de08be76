-- Fails when the ABM summary's segments do not add up to every account and
-- every deal: accounts, target accounts, opportunities and pipeline.
with

summary as (
    select * from {{ ref('rpt_abm_summary') }}
),

abm_accounts as (
    select * from {{ ref('fct_abm_accounts') }}
),

deals as (
    select * from {{ ref('fct_deal_time_to_cash') }}
),

summary_totals as (
    select
        sum(total_accounts) as total_accounts,
        sum(total_accounts) filter (where account_segment = 'target')
            as target_accounts,
        sum(pipeline_eur) as pipeline_eur
    from summary
),

account_totals as (
    select
        count(*) as total_accounts,
        count(*) filter (where is_target_account) as target_accounts
    from abm_accounts
),

deal_totals as (
    select sum(amount_eur) as pipeline_eur
    from deals
)

select
    summary_totals.*,
    account_totals.total_accounts as expected_accounts,
    deal_totals.pipeline_eur as expected_pipeline_eur
from summary_totals
cross join account_totals
cross join deal_totals
where
    summary_totals.total_accounts != account_totals.total_accounts
    or summary_totals.target_accounts is distinct from
    account_totals.target_accounts
    or abs(summary_totals.pipeline_eur - deal_totals.pipeline_eur) > 0.01
