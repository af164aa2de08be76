with

invoices as (
    select * from {{ source('invoicing', 'invoices') }}
),

invoices_parsed as (
    select
        trim(invoice_number) as invoice_id,
        case
            when
                {{ regex_replace(
                    'lower(trim(kind))', "'[^a-z]'", "''", 'g'
                ) }}
                in ('creditnote', 'avoir')
                then 'credit_note'
            when lower(trim(kind)) in ('invoice', 'facture')
                then 'invoice'
            else nullif(lower(trim(kind)), '')
        end as invoice_kind,
        nullif(trim(credited_invoice_number), '') as credited_invoice_id,
        nullif(trim(cast(crm_deal_id as {{ type_text() }})), '') as crm_deal_id,
        {{ parse_domain('customer_domain') }} as customer_domain,
        nullif(trim(customer_name), '') as customer_name,
        nullif(upper(trim(currency)), '') as currency,
        nullif(lower(trim(status)), '') as status,
        {{ parse_decimal('amount_excl_vat') }} as amount_excl_vat,
        {{ parse_decimal('vat_amount') }} as vat_amount,
        {{ parse_decimal('amount_incl_vat') }} as amount_incl_vat,
        {{ parse_date('issue_date', ['YYYY-MM-DD', 'DD/MM/YYYY']) }}
            as issued_date,
        {#- Optional: an implausible due date is null and flagged. -#}
        {{ parse_date('due_date', ['YYYY-MM-DD', 'DD/MM/YYYY']) }}
            as due_date,
        {{ is_implausible_date_text(
            'due_date', ['YYYY-MM-DD', 'DD/MM/YYYY']
        ) }} as has_implausible_due_date,
        {{ quarantine_checks(invoices_quarantine_checks()) }},
        {{ is_superseded_by_later_file('trim(invoice_number)') }}
            as _is_superseded,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from invoices
),

invoices_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows; the
        rows of a number that a later file lists again are superseded: the
        latest loaded file holds the current version of each document. -#}
    select {{ star_except(['_quarantine', '_is_superseded']) }}
    from invoices_parsed
    where _quarantine is null and not _is_superseded
),

invoices_deduplicated as (
    {#- The same number twice in the latest file with the same content
        (checked by invoices_quarantine_checks): one row is kept. -#}
    {{ dedupe_latest('invoices_valid', partition_by='invoice_id') }}
),

invoice_ids as (
    select invoice_id
    from invoices_deduplicated
    where invoice_kind = 'invoice'
),

invoices_flagged as (
    {#- A credit note whose credited invoice is not (validly) in the exports
        is kept, not quarantined: it is a legal document that reduces
        revenue. It is flagged; the chain matches it to a deal through its
        own deal id or customer domain, else leaves it unattributed. -#}
    select
        invoices_deduplicated.*,
        coalesce(
            invoices_deduplicated.invoice_kind = 'credit_note'
            and invoice_ids.invoice_id is null,
            false
        ) as is_orphan_credit_note
    from invoices_deduplicated
    left join invoice_ids
        on invoices_deduplicated.credited_invoice_id = invoice_ids.invoice_id
),

invoices_signed as (
    select
        invoice_id,
        invoice_kind,
        credited_invoice_id,
        crm_deal_id,
        customer_domain,
        customer_name,
        currency,
        status,
        amount_excl_vat,
        vat_amount,
        amount_incl_vat,
        case
            when invoice_kind = 'credit_note' then -abs(amount_excl_vat)
            else amount_excl_vat
        end as net_revenue_excl_vat,
        case
            when invoice_kind = 'credit_note' then -abs(vat_amount)
            else vat_amount
        end as net_vat_amount,
        case
            when invoice_kind = 'credit_note' then -abs(amount_incl_vat)
            else amount_incl_vat
        end as net_amount_incl_vat,
        is_orphan_credit_note,
        has_implausible_due_date,
        issued_date,
        due_date,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from invoices_flagged
)

select * from invoices_signed
