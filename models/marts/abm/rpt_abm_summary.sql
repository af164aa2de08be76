-- One row per account segment (target: ABM target accounts; non_target:
-- every other account): accounts, engaged accounts and the account ->
-- opportunity -> won conversion, average won deal, marketing influence rate
-- (won deals with >= `abm_influence_min_marketing_assets` distinct
-- marketing assets touched before signing / won deals), marketing
-- contribution to pipeline (pipeline of deals whose account had a marketing
-- touch before the deal was created / pipeline), and ROI with allocated
-- costs. Rates are null when their denominator is 0.
with

accounts as (
    select * from {{ ref('fct_abm_accounts') }}
),

deal_influence as (
    select * from {{ ref('fct_abm_deal_influence') }}
),

account_roi as (
    select * from {{ ref('fct_abm_account_roi') }}
),

accounts_aggregated as (
    select
        case
            when is_target_account then 'target' else 'non_target'
        end as account_segment,
        count(*) as total_accounts,
        count(*) filter (where is_engaged) as engaged_accounts,
        count(*) filter (where has_opportunity) as opportunity_accounts,
        count(*) filter (where is_engaged_before_opportunity)
            as engaged_opportunity_accounts,
        count(*) filter (where has_won_deal) as won_accounts,
        -- sum() of bigint counts is a hugeint in DuckDB: keep a bigint
        cast(sum(won_deals) as bigint) as won_deals,
        sum(won_eur) as won_eur
    from accounts
    group by 1
),

deals_aggregated as (
    select
        case
            when is_target_account then 'target' else 'non_target'
        end as account_segment,
        sum(amount_eur) as pipeline_eur,
        coalesce(sum(amount_eur) filter (where is_marketing_touched), 0)
            as marketing_touched_pipeline_eur,
        coalesce(
            sum(amount_eur) filter (where is_pipeline_marketing_influenced),
            0
        ) as marketing_influenced_pipeline_eur,
        count(*) filter (where is_won) as won_deals_influence_base,
        count(*) filter (where is_marketing_influenced)
            as marketing_influenced_won_deals
    from deal_influence
    group by 1
),

roi_aggregated as (
    select
        case
            when is_target_account then 'target' else 'non_target'
        end as account_segment,
        sum(revenue_eur) as revenue_eur,
        sum(marketing_cost_eur) as marketing_cost_eur,
        sum(sales_cost_eur) as sales_cost_eur,
        sum(total_cost_eur) as total_cost_eur
    from account_roi
    group by 1
),

segments_joined as (
    select
        accounts_aggregated.*,
        coalesce(deals_aggregated.pipeline_eur, 0) as pipeline_eur,
        coalesce(deals_aggregated.marketing_touched_pipeline_eur, 0)
            as marketing_touched_pipeline_eur,
        coalesce(deals_aggregated.marketing_influenced_pipeline_eur, 0)
            as marketing_influenced_pipeline_eur,
        coalesce(deals_aggregated.marketing_influenced_won_deals, 0)
            as marketing_influenced_won_deals,
        deals_aggregated.won_deals_influence_base,
        coalesce(roi_aggregated.revenue_eur, 0) as revenue_eur,
        coalesce(roi_aggregated.marketing_cost_eur, 0) as marketing_cost_eur,
        coalesce(roi_aggregated.sales_cost_eur, 0) as sales_cost_eur,
        coalesce(roi_aggregated.total_cost_eur, 0) as total_cost_eur
    from accounts_aggregated
    left join deals_aggregated
        on
            accounts_aggregated.account_segment
            = deals_aggregated.account_segment
    left join roi_aggregated
        on
            accounts_aggregated.account_segment
            = roi_aggregated.account_segment
),

segments_rated as (
    select
        account_segment,
        total_accounts,
        engaged_accounts,
        opportunity_accounts,
        engaged_opportunity_accounts,
        won_accounts,
        won_deals,
        won_eur,
        engaged_accounts / nullif(total_accounts, 0) as engagement_rate,
        opportunity_accounts / nullif(total_accounts, 0) as opportunity_rate,
        engaged_opportunity_accounts / nullif(engaged_accounts, 0)
            as engaged_to_opportunity_rate,
        won_accounts / nullif(opportunity_accounts, 0)
            as opportunity_to_won_rate,
        {{ divide('won_eur', 'nullif(won_deals, 0)') }} as average_won_deal_eur,
        marketing_influenced_won_deals,
        marketing_influenced_won_deals / nullif(won_deals_influence_base, 0)
            as marketing_influence_rate,
        pipeline_eur,
        marketing_touched_pipeline_eur,
        marketing_influenced_pipeline_eur,
        {{ divide(
            'marketing_touched_pipeline_eur', 'nullif(pipeline_eur, 0)'
        ) }} as marketing_contribution_to_pipeline,
        revenue_eur,
        marketing_cost_eur,
        sales_cost_eur,
        total_cost_eur,
        {{ divide(
            '(revenue_eur - total_cost_eur)', 'nullif(total_cost_eur, 0)'
        ) }} as roi
    from segments_joined
)

select * from segments_rated
