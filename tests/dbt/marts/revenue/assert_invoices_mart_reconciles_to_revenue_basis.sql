-- fct_invoices holds every document of the revenue basis once, with the same
-- revenue, margin and cash (to the cent). Returns the measures that differ.
with

invoices as (
    select * from {{ ref('fct_invoices') }}
),

revenue_basis as (
    select * from {{ ref('int_invoices_converted_to_eur') }}
),

mart_totals as (
    select
        count(*) as documents,
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur,
        sum(cash_collected_eur) as cash_eur
    from invoices
),

basis_totals as (
    select
        count(*) as documents,
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur,
        sum(cash_collected_eur) as cash_eur
    from revenue_basis
)

select
    mart_totals.*,
    basis_totals.documents as basis_documents
from mart_totals
cross join basis_totals
where
    mart_totals.documents != basis_totals.documents
    or abs(mart_totals.revenue_eur - basis_totals.revenue_eur) >= 0.005
    or abs(mart_totals.margin_eur - basis_totals.margin_eur) >= 0.005
    or abs(mart_totals.cash_eur - basis_totals.cash_eur) >= 0.005
