-- One row per customer acquired: an account (or, for a deal without an
-- account, the deal itself) with its first won new-business deal. Upsells
-- never acquire a customer.
with

conversions as (
    select * from {{ ref('int_conversions') }}
),

first_won_deals as (
    select
        {{ customer_id('account_id', 'deal_id') }} as customer_id,
        account_id,
        deal_id,
        milestone_at as acquired_at,
        {{ reporting_date('milestone_at') }} as acquired_date
    from conversions
    where conversion_type = 'closed_won' and is_new_business
    qualify row_number() over (
        partition by {{ customer_id('account_id', 'deal_id') }}
        order by milestone_at asc, deal_id asc
    ) = 1
)

select * from first_won_deals
