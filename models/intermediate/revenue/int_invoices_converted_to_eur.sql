-- One row per invoice or credit note with its revenue basis in EUR (drafts
-- and cancelled documents carry no revenue or margin; a credit note of a
-- cancelled invoice expresses that same cancellation and carries none
-- either: a cancellation is counted once, whichever way the tool says it):
-- amounts excluding VAT converted at the FX rate of the issue date (latest
-- seed rate on or before it), credit notes negative, margin (excl. VAT minus
-- the lines' cost) and cash actually collected (payments converted at their
-- own date, refunds of credit notes negative: int_payments_converted_to_eur).
with

invoices as (
    select * from {{ ref('stg_invoicing__invoices') }}
),

invoice_lines as (
    select * from {{ ref('stg_invoicing__invoice_lines') }}
),

payments as (
    select * from {{ ref('int_payments_converted_to_eur') }}
),

fx_rates as (
    select * from {{ ref('stg_reference__fx_rates') }}
),

line_costs as (
    select
        invoice_id,
        sum(line_cost) as line_cost,
        count(*) as line_count
    from invoice_lines
    group by 1
),

cancelled_invoices as (
    select invoice_id
    from invoices
    where invoice_kind = 'invoice' and status = 'cancelled'
),

cash_by_invoice as (
    select
        invoice_id,
        sum(cash_eur) as cash_collected_eur,
        max(paid_date) as last_paid_date,
        min(paid_date) as first_paid_date
    from payments
    group by 1
),

invoices_converted as (
    select
        invoices.invoice_id,
        invoices.invoice_kind,
        invoices.currency,
        fx_rates.eur_per_unit as fx_rate_to_eur,
        invoices.issued_date,
        invoices.due_date,
        case
            -- a draft is not issued yet and a cancelled document never
            -- counted: both stay in the chain with no revenue or margin
            when invoices.status in ('draft', 'cancelled') then 0
            -- the credit note of a cancelled invoice: the cancellation
            -- already took the invoice out of revenue
            when cancelled_invoices.invoice_id is not null then 0
            when invoices.invoice_kind = 'credit_note' then -1
            else 1
        end as revenue_sign,
        invoices.status,
        invoices.amount_excl_vat,
        coalesce(line_costs.line_cost, 0) as line_cost,
        coalesce(line_costs.line_count, 0) as line_count,
        coalesce(cash_by_invoice.cash_collected_eur, 0)
            as cash_collected_eur,
        cash_by_invoice.first_paid_date,
        cash_by_invoice.last_paid_date
    from invoices
    {{ asof_left_join(
        'fx_rates', 'invoices.issued_date', 'rate_date',
        left_key='invoices.currency', right_key='currency'
    ) }}
    left join cancelled_invoices
        on
            invoices.invoice_kind = 'credit_note'
            and invoices.credited_invoice_id = cancelled_invoices.invoice_id
    left join line_costs
        on invoices.invoice_id = line_costs.invoice_id
    left join cash_by_invoice
        on invoices.invoice_id = cash_by_invoice.invoice_id
),

revenue_basis as (
    select
        invoice_id,
        invoice_kind,
        status,
        currency,
        fx_rate_to_eur,
        line_count,
        revenue_sign * amount_excl_vat * fx_rate_to_eur as revenue_eur,
        revenue_sign * (amount_excl_vat - line_cost) * fx_rate_to_eur
            as margin_eur,
        cash_collected_eur,
        revenue_sign = 0 and status not in ('draft', 'cancelled')
            as is_cancellation_credit_note,
        fx_rate_to_eur is not null as has_fx_rate,
        issued_date,
        due_date,
        first_paid_date,
        last_paid_date
    from invoices_converted
)

select * from revenue_basis
