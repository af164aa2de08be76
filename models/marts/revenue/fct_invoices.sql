-- One row per invoice or credit note: what finance invoiced and collected,
-- in EUR, with the deal it was matched to and the first touch of that deal's
-- opportunity journey (channel, source, medium, campaign): the UTMs of the
-- visit that started it all live until the invoice and its cash.
with

invoices as (
    select * from {{ ref('stg_invoicing__invoices') }}
),

invoice_amounts as (
    select * from {{ ref('int_invoices_converted_to_eur') }}
),

invoice_matches as (
    select * from {{ ref('int_invoices_matched_to_deals') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
),

attribution_credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

opportunity_first_touches as (
    select
        deal_id,
        touchpoint_id as first_touchpoint_id,
        channel as first_touch_channel,
        utm_source as first_touch_source,
        utm_medium as first_touch_medium,
        utm_campaign as first_touch_campaign,
        touched_at as first_touched_at
    from attribution_credits
    where
        attribution_model = 'first_touch'
        and conversion_type = 'opportunity_created'
        and not is_unattributed
    -- every touch of the journey has a row; the first touch holds weight 1
    qualify row_number() over (
        partition by deal_id order by credit_weight desc, touched_at asc
    ) = 1
),

invoice_conversions as (
    select
        invoice_id,
        account_id,
        is_new_business
    from conversions
    where conversion_type = 'invoiced_revenue'
),

invoices_joined as (
    select
        invoice_amounts.invoice_id,
        invoice_amounts.invoice_kind,
        invoices.credited_invoice_id,
        invoice_matches.deal_id,
        invoice_conversions.account_id,
        invoice_matches.match_method as invoice_match_method,
        invoice_conversions.is_new_business,
        invoices.status,
        invoice_amounts.currency,
        coalesce(opportunity_first_touches.first_touch_channel, 'unattributed')
            as first_touch_channel,
        opportunity_first_touches.first_touch_source,
        opportunity_first_touches.first_touch_medium,
        opportunity_first_touches.first_touch_campaign,
        opportunity_first_touches.first_touchpoint_id,
        invoice_amounts.revenue_eur,
        invoice_amounts.margin_eur,
        invoice_amounts.cash_collected_eur,
        invoices.net_amount_incl_vat * invoice_amounts.fx_rate_to_eur
            as amount_incl_vat_eur,
        invoices.net_amount_incl_vat * invoice_amounts.fx_rate_to_eur
        - invoice_amounts.cash_collected_eur as outstanding_eur,
        invoice_amounts.issued_date,
        invoice_amounts.due_date,
        invoice_amounts.first_paid_date,
        invoice_amounts.last_paid_date,
        {{ calendar_diff(
            'day',
            reporting_date('opportunity_first_touches.first_touched_at'),
            'invoice_amounts.issued_date'
        ) }} as days_first_touch_to_invoice,
        {{ calendar_diff(
            'day',
            'invoice_amounts.issued_date',
            'invoice_amounts.first_paid_date'
        ) }} as days_invoice_to_first_payment,
        opportunity_first_touches.first_touched_at
    from invoice_amounts
    inner join invoices
        on invoice_amounts.invoice_id = invoices.invoice_id
    left join invoice_matches
        on invoice_amounts.invoice_id = invoice_matches.invoice_id
    left join invoice_conversions
        on invoice_amounts.invoice_id = invoice_conversions.invoice_id
    left join opportunity_first_touches
        on invoice_matches.deal_id = opportunity_first_touches.deal_id
)

select * from invoices_joined
