{{ config(severity='warn') }}
{#- Data finding, not a logic error (warn): most referral visits come from
    hosts that are also hosts of the site's own pages. That is what happens
    when var `site_hosts` does not list the site (every internal page view
    then opens a new `referral` session and steals the lead touch). Returns
    one row per such host with its share of referral events; set
    `site_hosts` to your domains (README, "Bring your own exports"). -#}
with

events as (
    select * from {{ ref('stg_web__events') }}
),

page_hosts as (
    select distinct page_host
    from events
    where page_host is not null
),

referral_events as (
    select referrer_host
    from events
    where channel = 'referral'
),

referrals_by_host as (
    select
        referral_events.referrer_host,
        page_hosts.page_host is not null as is_page_host,
        count(*) as referral_events
    from referral_events
    left join page_hosts
        on referral_events.referrer_host = page_hosts.page_host
    group by 1, 2
),

referral_shares as (
    select
        referrer_host,
        is_page_host,
        referral_events,
        referral_events / sum(referral_events) over () as referral_share,
        sum(referral_events) filter (where is_page_host) over ()
        / sum(referral_events) over () as page_host_share
    from referrals_by_host
)

select
    referrer_host,
    referral_events,
    referral_share,
    page_host_share
from referral_shares
where is_page_host and page_host_share > 0.5
