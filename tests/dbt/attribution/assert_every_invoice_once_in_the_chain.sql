-- Every staged invoice and credit note appears exactly once as an
-- invoiced_revenue conversion (matched to a deal or unattributed).
with

invoices as (
    select invoice_id from {{ ref('stg_invoicing__invoices') }}
),

chain as (
    select
        invoice_id,
        count(*) as occurrences
    from {{ ref('int_conversions') }}
    where conversion_type = 'invoiced_revenue'
    group by 1
)

select
    invoices.invoice_id,
    coalesce(chain.occurrences, 0) as occurrences
from invoices
left join chain
    on invoices.invoice_id = chain.invoice_id
where coalesce(chain.occurrences, 0) != 1
