-- One row per month, channel, campaign and attribution model: marketing
-- spend (ad platforms + other marketing costs), clicks, impressions, leads
-- and the pipeline, bookings, revenue, margin and cash attributed to the
-- channel and campaign, with ROI, ROAS, cost per euro of revenue and CPL.
-- Spend, clicks, impressions and leads do not depend on the model and repeat
-- on the 10 model rows; attributed amounts include the 'unattributed' rows,
-- so that per model they sum to the totals of int_conversions.
with

costs_daily as (
    select * from {{ ref('int_costs_daily') }}
),

attribution_credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

leads_touched as (
    -- every lead and its lead-creation touch (one definition, shared with
    -- the weekly table and the W-shaped and full-path lead role)
    select * from {{ ref('int_leads') }}
),

attribution_models as (
    select
        {{ unnest_strings(revenue_attribution_models()) }}
            as attribution_model
),

ad_campaign_keys as (
    -- campaign key of an ad campaign: its latest name (a renamed campaign
    -- keeps one key) in lower case with every run of non-alphanumerics as
    -- one '_' ('FR_Search_Brand', 'fr search brand' -> 'fr_search_brand'),
    -- the same key as utm_campaign values (macro campaign_key)
    select
        campaign_id,
        {{ campaign_key(max_by_non_null('campaign_name', 'cost_date')) }}
            as campaign
    from costs_daily
    where campaign_id is not null
    group by 1
),

costs_by_month as (
    select
        costs_daily.channel,
        coalesce(ad_campaign_keys.campaign, '(no campaign)') as campaign,
        {{ truncate_date('month', 'costs_daily.cost_date') }}
            as month_start_date,
        coalesce(sum(costs_daily.impressions), 0) as impressions,
        coalesce(sum(costs_daily.clicks), 0) as clicks,
        coalesce(
            sum(costs_daily.amount_eur) filter (
                where costs_daily.cost_source != 'monthly_costs'
            ),
            0
        ) as ad_spend_eur,
        coalesce(
            sum(costs_daily.amount_eur) filter (
                where costs_daily.cost_source = 'monthly_costs'
            ),
            0
        ) as other_marketing_cost_eur
    from costs_daily
    left join ad_campaign_keys
        on costs_daily.campaign_id = ad_campaign_keys.campaign_id
    where costs_daily.cost_type = 'marketing'
    group by 1, 2, 3
),

leads as (
    select
        contact_id,
        coalesce(lead_channel, 'unattributed') as channel,
        lead_utm_campaign as utm_campaign,
        {{ truncate_date('month', 'lead_date') }} as month_start_date
    from leads_touched
),

credits as (
    select
        attribution_model,
        channel,
        utm_campaign,
        conversion_type,
        credit_weight,
        attributed_pipeline_eur,
        attributed_booked_eur,
        attributed_revenue_eur,
        attributed_margin_eur,
        attributed_cash_eur,
        {{ truncate_date(
            'month', reporting_date('milestone_at')
        ) }} as month_start_date
    from attribution_credits
),

touch_campaign_values as (
    select utm_campaign from credits
    union
    select utm_campaign from leads
),

touch_campaigns as (
    -- utm_campaign of a touch -> campaign key; a touch tagged with an ad
    -- platform campaign id (Google's {campaignid}) gets that campaign's key
    select
        utm_campaign,
        -- utm_campaign is already URL-decoded and cleaned in staging
        {{ campaign_key('utm_campaign') }} as campaign_key
    from touch_campaign_values
    where utm_campaign is not null
),

touch_campaign_keys as (
    select
        touch_campaigns.utm_campaign,
        coalesce(
            ad_campaign_keys.campaign,
            nullif(touch_campaigns.campaign_key, ''),
            '(no campaign)'
        ) as campaign
    from touch_campaigns
    left join ad_campaign_keys
        on touch_campaigns.utm_campaign = ad_campaign_keys.campaign_id
),

credits_by_month as (
    select
        credits.month_start_date,
        credits.channel,
        coalesce(touch_campaign_keys.campaign, '(no campaign)') as campaign,
        credits.attribution_model,
        sum(credits.credit_weight) filter (
            where credits.conversion_type = 'opportunity_created'
        ) as attributed_opportunities,
        sum(credits.credit_weight) filter (
            where credits.conversion_type = 'closed_won'
        ) as attributed_won_deals,
        sum(credits.attributed_pipeline_eur) as attributed_pipeline_eur,
        sum(credits.attributed_booked_eur) as attributed_booked_eur,
        sum(credits.attributed_revenue_eur) as attributed_revenue_eur,
        sum(credits.attributed_margin_eur) as attributed_margin_eur,
        sum(credits.attributed_cash_eur) as attributed_cash_eur
    from credits
    left join touch_campaign_keys
        on credits.utm_campaign = touch_campaign_keys.utm_campaign
    group by 1, 2, 3, 4
),

leads_by_month as (
    select
        leads.month_start_date,
        leads.channel,
        coalesce(touch_campaign_keys.campaign, '(no campaign)') as campaign,
        count(*) as leads
    from leads
    left join touch_campaign_keys
        on leads.utm_campaign = touch_campaign_keys.utm_campaign
    group by 1, 2, 3
),

measures as (
    select
        costs_by_month.month_start_date,
        costs_by_month.channel,
        costs_by_month.campaign,
        attribution_models.attribution_model,
        costs_by_month.impressions,
        costs_by_month.clicks,
        costs_by_month.ad_spend_eur,
        costs_by_month.other_marketing_cost_eur,
        0 as leads,
        0 as attributed_opportunities,
        0 as attributed_won_deals,
        0 as attributed_pipeline_eur,
        0 as attributed_booked_eur,
        0 as attributed_revenue_eur,
        0 as attributed_margin_eur,
        0 as attributed_cash_eur
    from costs_by_month
    cross join attribution_models
    union all
    select
        leads_by_month.month_start_date,
        leads_by_month.channel,
        leads_by_month.campaign,
        attribution_models.attribution_model,
        0 as impressions,
        0 as clicks,
        0 as ad_spend_eur,
        0 as other_marketing_cost_eur,
        leads_by_month.leads,
        0 as attributed_opportunities,
        0 as attributed_won_deals,
        0 as attributed_pipeline_eur,
        0 as attributed_booked_eur,
        0 as attributed_revenue_eur,
        0 as attributed_margin_eur,
        0 as attributed_cash_eur
    from leads_by_month
    cross join attribution_models
    union all
    select
        month_start_date,
        channel,
        campaign,
        attribution_model,
        0 as impressions,
        0 as clicks,
        0 as ad_spend_eur,
        0 as other_marketing_cost_eur,
        0 as leads,
        coalesce(attributed_opportunities, 0) as attributed_opportunities,
        coalesce(attributed_won_deals, 0) as attributed_won_deals,
        attributed_pipeline_eur,
        attributed_booked_eur,
        attributed_revenue_eur,
        attributed_margin_eur,
        attributed_cash_eur
    from credits_by_month
),

performance_summed as (
    select
        month_start_date,
        channel,
        campaign,
        attribution_model,
        -- sum() of integer counts is a hugeint in DuckDB: keep bigint
        cast(sum(impressions) as bigint) as impressions,
        cast(sum(clicks) as bigint) as clicks,
        cast(sum(leads) as bigint) as leads,
        sum(ad_spend_eur) as ad_spend_eur,
        sum(other_marketing_cost_eur) as other_marketing_cost_eur,
        sum(ad_spend_eur) + sum(other_marketing_cost_eur) as spend_eur,
        sum(attributed_opportunities) as attributed_opportunities,
        sum(attributed_won_deals) as attributed_won_deals,
        sum(attributed_pipeline_eur) as attributed_pipeline_eur,
        sum(attributed_booked_eur) as attributed_booked_eur,
        sum(attributed_revenue_eur) as attributed_revenue_eur,
        sum(attributed_margin_eur) as attributed_margin_eur,
        sum(attributed_cash_eur) as attributed_cash_eur
    from measures
    group by 1, 2, 3, 4
),

performance_with_ratios as (
    select
        channel,
        campaign,
        attribution_model,
        impressions,
        clicks,
        leads,
        ad_spend_eur,
        other_marketing_cost_eur,
        spend_eur,
        attributed_opportunities,
        attributed_won_deals,
        attributed_pipeline_eur,
        attributed_booked_eur,
        attributed_revenue_eur,
        attributed_margin_eur,
        attributed_cash_eur,
        -- spend as decimal(18, 2) (exact): Spark subtracts a decimal(38, 2)
        -- from the decimal(38, 22) revenue at 6 decimals only
        {{ divide(
            '(attributed_revenue_eur - cast(spend_eur as decimal(18, 2)))',
            'nullif(spend_eur, 0)'
        ) }} as roi,
        {{ divide('attributed_revenue_eur', 'nullif(spend_eur, 0)') }} as roas,
        {{ divide('spend_eur', 'nullif(attributed_revenue_eur, 0)') }}
            as cost_per_revenue_eur,
        {{ divide('spend_eur', 'nullif(leads, 0)') }} as cost_per_lead_eur,
        month_start_date
    from performance_summed
)

select * from performance_with_ratios
