-- One row per CRM company (account): its region group (seed
-- funnel_region_groups) and the channel and time of its first marketing
-- touch. The one definition of both for the funnel, time-to-cash and ABM
-- marts.
with

companies as (
    select * from {{ ref('stg_crm__companies') }}
),

region_groups as (
    select * from {{ ref('funnel_region_groups') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
),

account_touches_ranked as (
    select
        account_id,
        channel,
        touched_at,
        row_number() over (
            partition by account_id order by touched_at, touchpoint_id
        ) as touch_rank
    from touchpoints
    where is_marketing and account_id is not null
),

account_first_touches as (
    select
        account_id,
        channel as first_touch_channel,
        touched_at as first_touched_at
    from account_touches_ranked
    where touch_rank = 1
),

accounts_joined as (
    select
        companies.company_id as account_id,
        companies.company_name,
        companies.region,
        case
            when companies.is_ile_de_france then 'ile_de_france'
            when companies.region is null then 'unknown'
            else coalesce(region_groups.region_group, 'international')
        end as region_group,
        coalesce(
            account_first_touches.first_touch_channel, 'no_marketing_touch'
        ) as first_touch_channel,
        companies.is_target_account,
        companies.is_archived,
        account_first_touches.first_touched_at,
        companies.created_at
    from companies
    left join region_groups
        on
            {{ regex_replace(
                'lower(' ~ strip_accents('companies.region') ~ ')',
                "'[^a-z]'",
                "''",
                'g'
            ) }} = region_groups.region_key
    left join account_first_touches
        on companies.company_id = account_first_touches.account_id
)

select * from accounts_joined
