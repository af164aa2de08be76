-- One row per CRM company (account): invoiced revenue, allocated marketing
-- and sales costs and ROI = (revenue - marketing costs - sales costs) /
-- (marketing costs + sales costs). Costs (int_costs_daily, EUR) are pooled
-- per calendar month and type and allocated to accounts in proportion to
-- their touches that month: marketing costs (ad spend included) by the
-- account's share of the month's marketing touches (web sessions, CRM
-- marketing engagements) that have an account, sales costs by its share of
-- the month's sales activities. A month's pool is fully allocated when any
-- account was touched that month; otherwise it stays unallocated (see
-- tests/dbt/marts/abm/assert_abm_costs_allocated_to_accounts.sql).
with

companies as (
    select * from {{ ref('stg_crm__companies') }}
),

costs as (
    select * from {{ ref('int_costs_daily') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
),

cost_pools as (
    select
        {{ truncate_date('month', 'cost_date') }} as month_start_date,
        cost_type,
        sum(amount_eur) as pool_eur
    from costs
    group by 1, 2
),

account_touches as (
    select
        account_id,
        {{ truncate_date(
            'month', reporting_date('touched_at')
        ) }} as month_start_date,
        case when is_sales then 'sales' else 'marketing' end as cost_type,
        count(*) as touches
    from touchpoints
    where account_id is not null
    group by 1, 2, 3
),

account_shares as (
    select
        account_id,
        month_start_date,
        cost_type,
        touches / sum(touches) over (
            partition by month_start_date, cost_type
        ) as cost_share
    from account_touches
),

account_costs as (
    select
        account_shares.account_id,
        coalesce(
            sum(cost_pools.pool_eur * account_shares.cost_share)
            filter (where cost_pools.cost_type = 'marketing'),
            0
        ) as marketing_cost_eur,
        coalesce(
            sum(cost_pools.pool_eur * account_shares.cost_share)
            filter (where cost_pools.cost_type = 'sales'),
            0
        ) as sales_cost_eur
    from account_shares
    inner join cost_pools
        on
            account_shares.month_start_date = cost_pools.month_start_date
            and account_shares.cost_type = cost_pools.cost_type
    group by 1
),

account_revenue as (
    select
        account_id,
        sum(revenue_eur) as revenue_eur
    from conversions
    where conversion_type = 'invoiced_revenue' and account_id is not null
    group by 1
),

accounts_joined as (
    select
        companies.company_id as account_id,
        coalesce(account_revenue.revenue_eur, 0) as revenue_eur,
        coalesce(account_costs.marketing_cost_eur, 0) as marketing_cost_eur,
        coalesce(account_costs.sales_cost_eur, 0) as sales_cost_eur,
        coalesce(account_costs.marketing_cost_eur, 0)
        + coalesce(account_costs.sales_cost_eur, 0) as total_cost_eur,
        companies.is_target_account
    from companies
    left join account_costs
        on companies.company_id = account_costs.account_id
    left join account_revenue
        on companies.company_id = account_revenue.account_id
),

accounts_with_roi as (
    select
        account_id,
        revenue_eur,
        marketing_cost_eur,
        sales_cost_eur,
        total_cost_eur,
        revenue_eur - total_cost_eur as net_contribution_eur,
        {{ divide(
            '(revenue_eur - total_cost_eur)', 'nullif(total_cost_eur, 0)'
        ) }} as roi,
        is_target_account
    from accounts_joined
)

select * from accounts_with_roi
