{#- Scalar subquery: the amount excl. VAT of the invoice a raw credit note
    credits (`credited_invoice_number`), from the latest loaded file that
    lists it (the current version), in the credit note's currency; null
    when there is none. Correlated with the raw invoices relation of the
    calling query, which must be named `invoices` (stg_invoicing__invoices
    and fct_quarantined_rows). -#}
{% macro credited_invoice_amount() -%}
    (
        select {{ parse_decimal('credited_invoices.amount_excl_vat') }}
        from {{ source('invoicing', 'invoices') }} as credited_invoices
        where
            trim(credited_invoices.invoice_number)
            = trim(invoices.credited_invoice_number)
            and lower(trim(credited_invoices.kind)) in ('invoice', 'facture')
            and upper(trim(credited_invoices.currency))
            = upper(trim(invoices.currency))
        order by
            credited_invoices._loaded_at desc,
            credited_invoices._file_name desc,
            credited_invoices._file_sha256 desc
        limit 1
    )
{%- endmacro %}
