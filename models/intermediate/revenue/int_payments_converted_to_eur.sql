-- One row per payment, in EUR at the FX rate of its own date, signed like
-- revenue: a payment on a credit note is a refund (negative cash).
with

payments as (
    select * from {{ ref('stg_invoicing__payments') }}
),

invoices as (
    select * from {{ ref('stg_invoicing__invoices') }}
),

fx_rates as (
    select * from {{ ref('stg_reference__fx_rates') }}
),

payments_converted as (
    select
        payments.payment_id,
        payments.invoice_id,
        payments.currency,
        payments.amount,
        case when invoices.invoice_kind = 'credit_note' then -1 else 1 end
        * payments.amount * fx_rates.eur_per_unit as cash_eur,
        fx_rates.eur_per_unit is not null as has_fx_rate,
        payments.paid_date
    from payments
    left join invoices
        on payments.invoice_id = invoices.invoice_id
    {{ asof_left_join(
        'fx_rates', 'payments.paid_date', 'rate_date',
        left_key='payments.currency', right_key='currency'
    ) }}
)

select * from payments_converted
