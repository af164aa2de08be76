-- One row per CRM deal: the distinct marketing assets its account touched
-- before the deal was created and before it was signed (closed won), and
-- whether marketing touched or influenced it. A marketing asset is a CRM
-- marketing engagement's asset (webinar, event, content piece, by asset
-- name) or a web campaign (the session's utm_campaign); web sessions
-- without a campaign (direct, organic) are touches but not assets. A deal
-- is influenced when the account touched at least
-- `abm_influence_min_marketing_assets` distinct assets before signing.
with

deals as (
    select * from {{ ref('fct_deal_time_to_cash') }}
),

accounts as (
    select * from {{ ref('fct_abm_accounts') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
),

engagements as (
    select * from {{ ref('stg_crm__marketing_engagements') }}
),

marketing_touches as (
    select
        touchpoints.account_id,
        touchpoints.touched_at,
        case
            when touchpoints.touchpoint_source = 'crm_marketing'
                then
                    'engagement:'
                    || coalesce(
                        engagements.asset_name,
                        split_part(touchpoints.touchpoint_id, ':', 2)
                    )
            when touchpoints.utm_campaign is not null
                then 'campaign:' || touchpoints.utm_campaign
        end as marketing_asset
    from touchpoints
    left join engagements
        on
            touchpoints.touchpoint_source = 'crm_marketing'
            and split_part(touchpoints.touchpoint_id, ':', 2)
            = engagements.engagement_id
    where touchpoints.is_marketing and touchpoints.account_id is not null
),

deal_touches as (
    select
        deals.deal_id,
        count(*) filter (
            where marketing_touches.touched_at < deals.created_at
        ) as marketing_touches_before_creation,
        count(distinct marketing_touches.marketing_asset) filter (
            where marketing_touches.touched_at < deals.created_at
        ) as marketing_assets_before_creation,
        count(distinct marketing_touches.marketing_asset) filter (
            where
            deals.is_won
            and marketing_touches.touched_at < deals.closed_at
        ) as marketing_assets_before_signing
    from deals
    inner join marketing_touches
        on deals.account_id = marketing_touches.account_id
    group by 1
),

deals_influenced as (
    select
        deals.deal_id,
        deals.account_id,
        deals.amount_eur,
        coalesce(deal_touches.marketing_touches_before_creation, 0)
            as marketing_touches_before_creation,
        coalesce(deal_touches.marketing_assets_before_creation, 0)
            as marketing_assets_before_creation,
        case
            when deals.is_won
                then coalesce(deal_touches.marketing_assets_before_signing, 0)
        end as marketing_assets_before_signing,
        coalesce(accounts.is_target_account, false) as is_target_account,
        deals.is_new_business,
        deals.is_won,
        coalesce(deal_touches.marketing_touches_before_creation, 0)
        > 0 as is_marketing_touched,
        coalesce(deal_touches.marketing_assets_before_creation, 0)
        >= {{ var('abm_influence_min_marketing_assets') }}
            as is_pipeline_marketing_influenced,
        deals.is_won
        and coalesce(deal_touches.marketing_assets_before_signing, 0)
        >= {{ var('abm_influence_min_marketing_assets') }}
            as is_marketing_influenced,
        deals.created_at,
        deals.closed_at
    from deals
    left join deal_touches
        on deals.deal_id = deal_touches.deal_id
    left join accounts
        on deals.account_id = accounts.account_id
)

select * from deals_influenced
