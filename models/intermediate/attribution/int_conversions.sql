-- One row per conversion (a milestone that earns attribution credit):
--   opportunity_created  every CRM deal, at its creation (pipeline);
--   closed_won           every won deal, at its close (booked amount);
--   invoiced_revenue     every invoice and credit note, at its issue date,
--                        with revenue, margin and cash in EUR. Its journey is
--                        the matched deal's journey up to the deal's close
--                        (the touches that earned the deal); an invoice with
--                        no deal has no journey (unattributed bucket).
with

deals as (
    select * from {{ ref('stg_crm__deals') }}
),

deal_companies as (
    select * from {{ ref('stg_crm__deal_companies') }}
),

invoice_matches as (
    select * from {{ ref('int_invoices_matched_to_deals') }}
),

invoice_amounts as (
    select * from {{ ref('int_invoices_converted_to_eur') }}
),

fx_rates as (
    select * from {{ ref('stg_reference__fx_rates') }}
),

deal_accounts as (
    select
        deal_id,
        min(company_id) as account_id
    from deal_companies
    group by 1
),

deals_in_eur as (
    select
        deals.deal_id,
        deal_accounts.account_id,
        deals.is_won,
        deals.is_new_business,
        deals.created_at,
        deals.closed_at,
        deals.amount * fx_rates.eur_per_unit as amount_eur
    from deals
    left join deal_accounts
        on deals.deal_id = deal_accounts.deal_id
    {{ asof_left_join(
        'fx_rates', 'cast(deals.created_at as date)', 'rate_date',
        left_key="coalesce(deals.currency, 'EUR')", right_key='currency'
    ) }}
),

opportunities as (
    select
        'opportunity_created:' || deal_id as conversion_id,
        'opportunity_created' as conversion_type,
        deal_id,
        null as invoice_id,
        account_id,
        null as invoice_match_method,
        is_new_business,
        created_at as milestone_at,
        created_at as journey_end_at,
        created_at as opportunity_at,
        cast(null as {{ type_timestamp_utc() }}) as closed_won_at,
        coalesce(amount_eur, 0) as pipeline_eur,
        0 as booked_eur,
        0 as revenue_eur,
        0 as margin_eur,
        0 as cash_eur
    from deals_in_eur
    where created_at is not null
),

won_deals as (
    select
        'closed_won:' || deal_id as conversion_id,
        'closed_won' as conversion_type,
        deal_id,
        null as invoice_id,
        account_id,
        null as invoice_match_method,
        is_new_business,
        closed_at as milestone_at,
        closed_at as journey_end_at,
        created_at as opportunity_at,
        closed_at as closed_won_at,
        0 as pipeline_eur,
        coalesce(amount_eur, 0) as booked_eur,
        0 as revenue_eur,
        0 as margin_eur,
        0 as cash_eur
    from deals_in_eur
    where is_won and closed_at is not null
),

invoices as (
    select
        'invoiced_revenue:' || invoice_amounts.invoice_id as conversion_id,
        'invoiced_revenue' as conversion_type,
        invoice_matches.deal_id,
        invoice_amounts.invoice_id,
        deals_in_eur.account_id,
        invoice_matches.match_method as invoice_match_method,
        deals_in_eur.is_new_business,
        cast(invoice_amounts.issued_date as {{ type_timestamp_utc() }})
            as milestone_at,
        least(
            coalesce(deals_in_eur.closed_at, deals_in_eur.created_at),
            cast(invoice_amounts.issued_date as {{ type_timestamp_utc() }})
        ) as journey_end_at,
        deals_in_eur.created_at as opportunity_at,
        deals_in_eur.closed_at as closed_won_at,
        0 as pipeline_eur,
        0 as booked_eur,
        invoice_amounts.revenue_eur,
        invoice_amounts.margin_eur,
        invoice_amounts.cash_collected_eur as cash_eur
    from invoice_amounts
    inner join invoice_matches
        on invoice_amounts.invoice_id = invoice_matches.invoice_id
    left join deals_in_eur
        on invoice_matches.deal_id = deals_in_eur.deal_id
),

conversions as (
    select * from opportunities
    union all
    select * from won_deals
    union all
    select * from invoices
)

select * from conversions
