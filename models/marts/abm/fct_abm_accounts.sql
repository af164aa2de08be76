-- One row per CRM company (account): ABM target flag, interactions, whether
-- and when the account became engaged (at least
-- `abm_engaged_min_interactions` interactions within
-- `abm_engagement_window_days` days), and its opportunities and won deals.
-- Interactions and the engagement rule come from int_account_interactions
-- (touch sources in `abm_engagement_touch_sources`, default CRM-logged
-- marketing engagements: webinars, events, content downloads).
with

accounts as (
    select * from {{ ref('dim_accounts') }}
),

interactions as (
    select * from {{ ref('int_account_interactions') }}
),

deals as (
    select * from {{ ref('fct_deal_time_to_cash') }}
),

account_engagement as (
    select
        account_id,
        count(*) as interactions,
        max(interactions_in_window) as max_interactions_in_window,
        min(touched_at) filter (where is_engaged) as engaged_at
    from interactions
    group by 1
),

account_deals as (
    select
        account_id,
        count(*) as opportunities,
        count(*) filter (where is_won) as won_deals,
        sum(amount_eur) as pipeline_eur,
        coalesce(sum(amount_eur) filter (where is_won), 0) as won_eur,
        min(created_at) as first_opportunity_at,
        min(closed_at) filter (where is_won) as first_won_at
    from deals
    group by 1
),

accounts_joined as (
    select
        accounts.account_id,
        accounts.region_group,
        coalesce(account_engagement.interactions, 0) as interactions,
        coalesce(account_engagement.max_interactions_in_window, 0)
            as max_interactions_in_window,
        coalesce(account_deals.opportunities, 0) as opportunities,
        coalesce(account_deals.won_deals, 0) as won_deals,
        coalesce(account_deals.pipeline_eur, 0) as pipeline_eur,
        coalesce(account_deals.won_eur, 0) as won_eur,
        accounts.is_target_account,
        account_engagement.engaged_at is not null as is_engaged,
        coalesce(
            account_engagement.engaged_at
            <= account_deals.first_opportunity_at,
            false
        ) as is_engaged_before_opportunity,
        account_deals.account_id is not null as has_opportunity,
        coalesce(account_deals.won_deals > 0, false) as has_won_deal,
        account_engagement.engaged_at,
        account_deals.first_opportunity_at,
        account_deals.first_won_at
    from accounts
    left join account_engagement
        on accounts.account_id = account_engagement.account_id
    left join account_deals
        on accounts.account_id = account_deals.account_id
)

select * from accounts_joined
