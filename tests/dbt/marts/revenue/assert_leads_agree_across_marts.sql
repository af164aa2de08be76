-- One definition of a lead (int_leads): the funnel, the weekly CMO/CFO
-- table and the ROI mart (every attribution model) count the same leads.
-- Before int_leads the weekly table and the ROI mart also counted archived
-- contacts the funnel leaves out (demo: 2,323 vs 2,308). Returns the
-- counts that disagree with the funnel.
with

funnel_leads as (
    select count(*) as leads
    from {{ ref('fct_contact_funnel') }}
    where lead_date is not null
),

lead_counts as (
    select
        'rpt_weekly_cmo_cfo' as counted_in,
        sum(leads) as leads
    from {{ ref('rpt_weekly_cmo_cfo') }}
    union all
    select
        'rpt_channel_campaign_performance:' || attribution_model
            as counted_in,
        sum(leads) as leads
    from {{ ref('rpt_channel_campaign_performance') }}
    group by 1
)

select
    lead_counts.counted_in,
    lead_counts.leads,
    funnel_leads.leads as funnel_leads
from lead_counts
cross join funnel_leads
where coalesce(lead_counts.leads, 0) != funnel_leads.leads
