-- One row per invoice or credit note with the CRM deal it is credited to:
-- its own CRM deal id when that deal exists; else, for a credit note, the
-- deal of the invoice it credits; else the closest closed-won deal of the
-- customer's account (by domain) closed on or before the issue date; else
-- null with match_method 'unattributed' (never dropped).
with

invoices as (
    select * from {{ ref('stg_invoicing__invoices') }}
),

deals as (
    select * from {{ ref('stg_crm__deals') }}
),

deal_companies as (
    select * from {{ ref('stg_crm__deal_companies') }}
),

companies as (
    select * from {{ ref('stg_crm__companies') }}
),

won_deals_by_domain as (
    select
        companies.company_domain,
        deals.deal_id,
        cast(deals.closed_at as date) as closed_date
    from deals
    inner join deal_companies
        on deals.deal_id = deal_companies.deal_id
    inner join companies
        on deal_companies.company_id = companies.company_id
    where deals.is_won and companies.company_domain is not null
),

direct_matches as (
    select
        invoices.invoice_id,
        deals.deal_id
    from invoices
    inner join deals
        on invoices.crm_deal_id = deals.deal_id
),

domain_matches as (
    select
        invoices.invoice_id,
        max_by(
            won_deals_by_domain.deal_id,
            won_deals_by_domain.closed_date
        ) as deal_id
    from invoices
    inner join won_deals_by_domain
        on
            invoices.customer_domain = won_deals_by_domain.company_domain
            and invoices.issued_date >= won_deals_by_domain.closed_date
    group by 1
),

invoices_with_own_match as (
    select
        invoices.invoice_id,
        invoices.invoice_kind,
        invoices.credited_invoice_id,
        direct_matches.deal_id as direct_deal_id,
        domain_matches.deal_id as domain_deal_id
    from invoices
    left join direct_matches
        on invoices.invoice_id = direct_matches.invoice_id
    left join domain_matches
        on invoices.invoice_id = domain_matches.invoice_id
),

invoices_matched as (
    select
        invoices_with_own_match.invoice_id,
        coalesce(
            invoices_with_own_match.direct_deal_id,
            credited.direct_deal_id,
            invoices_with_own_match.domain_deal_id,
            credited.domain_deal_id
        ) as deal_id,
        case
            when invoices_with_own_match.direct_deal_id is not null
                then 'crm_deal_id'
            when credited.direct_deal_id is not null then 'credited_invoice'
            when invoices_with_own_match.domain_deal_id is not null
                then 'account_closest_won_deal'
            when credited.domain_deal_id is not null then 'credited_invoice'
            else 'unattributed'
        end as match_method
    from invoices_with_own_match
    left join invoices_with_own_match as credited
        on invoices_with_own_match.credited_invoice_id = credited.invoice_id
)

select * from invoices_matched
