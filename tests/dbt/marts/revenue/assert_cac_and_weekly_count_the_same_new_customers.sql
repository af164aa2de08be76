-- The CAC mart (blended monthly rows, every attribution model) and the
-- weekly CMO/CFO table count the same new customers as
-- int_customers_acquired. Returns the sources that disagree.
with

customers_acquired as (
    select * from {{ ref('int_customers_acquired') }}
),

acquisition_costs as (
    select * from {{ ref('rpt_customer_acquisition_cost') }}
),

weekly as (
    select * from {{ ref('rpt_weekly_cmo_cfo') }}
),

expected as (
    select count(*) as new_customers
    from customers_acquired
),

counted as (
    select
        'cac:' || attribution_model as counted_in,
        sum(new_customers) as new_customers
    from acquisition_costs
    where period_type = 'month' and channel = 'all'
    group by 1
    union all
    select
        'weekly' as counted_in,
        sum(new_customers) as new_customers
    from weekly
)

select
    counted.counted_in,
    counted.new_customers,
    expected.new_customers as expected_new_customers
from counted
cross join expected
where abs(counted.new_customers - expected.new_customers) > 1e-9
