-- Every payment reaches the revenue basis: cash collected on invoices
-- (unsigned) equals the sum of all payments converted to EUR. A payment for
-- an unknown invoice would make this fail.
with

payments_total as (
    select count(*) as payments
    from {{ ref('stg_invoicing__payments') }}
),

matched as (
    select count(*) as payments
    from {{ ref('stg_invoicing__payments') }} as payments
    inner join {{ ref('stg_invoicing__invoices') }} as invoices
        on payments.invoice_id = invoices.invoice_id
)

select
    payments_total.payments as all_payments,
    matched.payments as payments_on_known_invoices
from payments_total
cross join matched
where payments_total.payments != matched.payments
