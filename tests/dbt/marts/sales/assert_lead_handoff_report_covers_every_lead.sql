-- Fails when the hand-off report does not account for every passed lead of
-- fct_lead_handoffs, or for every treated / never treated one.
with

report as (
    select * from {{ ref('rpt_lead_handoff') }}
),

handoffs as (
    select * from {{ ref('fct_lead_handoffs') }}
),

report_totals as (
    select
        sum(leads_passed) as leads_passed,
        sum(leads_treated) as leads_treated,
        sum(leads_never_treated) as leads_never_treated
    from report
),

handoff_totals as (
    select
        count(*) as leads_passed,
        count(*) filter (where is_treated) as leads_treated,
        count(*) filter (where handoff_outcome = 'never_treated')
            as leads_never_treated
    from handoffs
)

select
    report_totals.*,
    handoff_totals.leads_passed as expected_leads_passed
from report_totals
cross join handoff_totals
where
    report_totals.leads_passed != handoff_totals.leads_passed
    or report_totals.leads_treated != handoff_totals.leads_treated
    or report_totals.leads_never_treated
    != handoff_totals.leads_never_treated
