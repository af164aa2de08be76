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
    -- a sum over no row is null: no segment (no account, or no target
    -- account list) is 0 accounts
    select
        coalesce(sum(total_accounts), 0) as total_accounts,
        coalesce(
            sum(total_accounts) filter (where account_segment = 'target'), 0
        ) as target_accounts,
        coalesce(sum(pipeline_eur), 0) as pipeline_eur
    from summary
),

account_totals as (
    select
        count(*) as total_accounts,
        count(*) filter (where is_target_account) as target_accounts
    from abm_accounts
),

deal_totals as (
    select coalesce(sum(amount_eur), 0) as pipeline_eur
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
    or summary_totals.target_accounts != account_totals.target_accounts
    or abs(summary_totals.pipeline_eur - deal_totals.pipeline_eur) > 0.01
