-- Fails with every month and cost type whose cost pool (int_costs_daily)
-- is not fully allocated to accounts (within one cent) although accounts
-- were touched that month, i.e. the allocation lost or created costs.
with

costs as (
    select * from {{ ref('int_costs_daily') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
),

account_roi as (
    select * from {{ ref('fct_abm_account_roi') }}
),

pools as (
    select
        {{ truncate_date('month', 'cost_date') }} as month_start_date,
        cost_type,
        sum(amount_eur) as pool_eur
    from costs
    group by 1, 2
),

touched_months as (
    select distinct
        {{ truncate_date(
            'month', reporting_date('touched_at')
        ) }} as month_start_date,
        case when is_sales then 'sales' else 'marketing' end as cost_type
    from touchpoints
    where account_id is not null
),

allocatable as (
    select
        pools.cost_type,
        sum(pools.pool_eur) as allocatable_eur
    from pools
    inner join touched_months
        on
            pools.month_start_date = touched_months.month_start_date
            and pools.cost_type = touched_months.cost_type
    group by 1
),

allocated as (
    select
        'marketing' as cost_type,
        sum(marketing_cost_eur) as allocated_eur
    from account_roi
    union all
    select
        'sales' as cost_type,
        sum(sales_cost_eur) as allocated_eur
    from account_roi
)

select
    allocatable.cost_type,
    allocatable.allocatable_eur,
    allocated.allocated_eur
from allocatable
full outer join allocated
    on allocatable.cost_type = allocated.cost_type
where
    abs(
        coalesce(allocatable.allocatable_eur, 0)
        - coalesce(allocated.allocated_eur, 0)
    ) > 0.01
