-- One row per CRM deal (open, lost or won): its account, region group and
-- first-touch channel, amount in EUR, and the days from the account's first
-- marketing touch to the opportunity (deal creation), the close, the first
-- invoice and the first payment. Basis of the pipeline, time-to-cash,
-- experiment and ABM marts. A deal closed before it was created keeps its
-- row (flag has_negative_sales_cycle) without close durations.
with

deals as (
    select * from {{ ref('stg_crm__deals') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

invoices as (
    select * from {{ ref('stg_invoicing__invoices') }}
),

invoice_matches as (
    select * from {{ ref('int_invoices_matched_to_deals') }}
),

invoice_amounts as (
    select * from {{ ref('int_invoices_converted_to_eur') }}
),

deal_amounts as (
    select
        deal_id,
        account_id,
        pipeline_eur as amount_eur
    from conversions
    where conversion_type = 'opportunity_created'
),

deal_invoices as (
    -- invoices actually sent (not drafts, not cancelled), credit notes apart
    select
        invoice_matches.deal_id,
        min(invoice_amounts.issued_date) as first_invoiced_date,
        min(invoice_amounts.first_paid_date) as first_paid_date
    from invoice_matches
    inner join invoices
        on invoice_matches.invoice_id = invoices.invoice_id
    inner join invoice_amounts
        on invoice_matches.invoice_id = invoice_amounts.invoice_id
    where
        invoice_matches.deal_id is not null
        and invoices.invoice_kind = 'invoice'
        and invoices.status not in ('draft', 'cancelled')
    group by 1
),

deals_joined as (
    select
        deals.deal_id,
        deal_amounts.account_id,
        deals.owner_id,
        deals.deal_stage,
        deals.deal_type,
        deals.experiment_name,
        deals.experiment_variant,
        coalesce(accounts.first_touch_channel, 'no_marketing_touch')
            as first_touch_channel,
        coalesce(accounts.region_group, 'unknown') as region_group,
        deal_amounts.amount_eur,
        deals.stage_probability,
        case
            when not deals.is_closed
                then deal_amounts.amount_eur * deals.stage_probability
        end as weighted_amount_eur,
        deals.is_new_business,
        deals.is_closed,
        deals.is_won,
        deals.has_negative_sales_cycle,
        {{ reporting_date('accounts.first_touched_at') }} as first_touched_date,
        deals.created_date,
        deals.closed_date,
        {{ reporting_date('deals.expected_close_at') }} as expected_close_date,
        deal_invoices.first_invoiced_date,
        deal_invoices.first_paid_date,
        accounts.first_touched_at,
        deals.created_at,
        deals.closed_at
    from deals
    inner join deal_amounts
        on deals.deal_id = deal_amounts.deal_id
    left join accounts
        on deal_amounts.account_id = accounts.account_id
    left join deal_invoices
        on deals.deal_id = deal_invoices.deal_id
),

deals_timed as (
    select
        *,
        -- a first touch after the deal was created did not lead to it
        case
            when first_touched_date <= created_date
                then {{ calendar_diff(
                    'day', 'first_touched_date', 'created_date'
                ) }}
        end as days_first_touch_to_opportunity,
        -- a deal closed before it was created (flagged in staging) has no
        -- true close date: its close durations are null, so that averages
        -- and percentiles leave it out instead of counting a negative
        case
            when
                first_touched_date <= created_date
                and is_closed
                and not has_negative_sales_cycle
                then {{ calendar_diff(
                    'day', 'first_touched_date', 'closed_date'
                ) }}
        end as days_first_touch_to_close,
        case
            when first_touched_date <= created_date
                then {{ calendar_diff(
                    'day', 'first_touched_date', 'first_invoiced_date'
                ) }}
        end as days_first_touch_to_first_invoice,
        case
            when first_touched_date <= created_date
                then {{ calendar_diff(
                    'day', 'first_touched_date', 'first_paid_date'
                ) }}
        end as days_first_touch_to_first_payment,
        case
            when not has_negative_sales_cycle
                then {{ calendar_diff('day', 'created_date', 'closed_date') }}
        end as sales_cycle_days,
        {{ calendar_diff('day', 'created_date', 'first_invoiced_date') }}
            as days_opportunity_to_first_invoice,
        {{ calendar_diff('day', 'created_date', 'first_paid_date') }}
            as days_opportunity_to_first_payment
    from deals_joined
)

select * from deals_timed
