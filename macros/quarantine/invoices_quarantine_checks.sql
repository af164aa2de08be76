{#- Row checks of the invoices and credit notes (see quarantine_checks), in
    order: no number, unknown kind, non-numeric amounts, unparseable issue
    date, blank or unknown currency, excl. VAT + VAT != incl. VAT beyond
    `vat_rounding_tolerance`, issue date more than
    `future_date_tolerance_days` after today, and last the same number with
    different content in one file. Versions: the latest loaded file that
    lists a number holds the current version of that document (a corrected
    re-export supersedes the rows of older files, see
    is_superseded_by_later_file, whatever they held); but within ONE file
    the same number with a different kind, credited invoice, issue date,
    currency or amount is two documents sharing a number: every otherwise
    valid row of that number in that file is quarantined (no version is
    picked silently). A credit note of an unknown invoice is NOT
    quarantined: it still reduces revenue (stg_invoicing__invoices flags
    it). -#}
{% macro invoices_quarantine_checks() -%}
    {%- set vat_tolerance = var('vat_rounding_tolerance', 0.02) -%}
    {%- set future_days = var('future_date_tolerance_days', 1) -%}
    {%- set excl = parse_decimal('amount_excl_vat') -%}
    {%- set vat = parse_decimal('vat_amount') -%}
    {%- set incl = parse_decimal('amount_incl_vat') -%}
    {%- set issued = parse_date('issue_date', ['YYYY-MM-DD', 'DD/MM/YYYY']) -%}
    {%- set kind = "regexp_replace(lower(trim(kind)), '[^a-z]', '', 'g')" -%}
    {%- set checks = [
        {'reason': 'missing_id', 'column': 'invoice_number',
         'message': 'no invoice number',
         'when': "nullif(trim(invoice_number), '') is null"},
        {'reason': 'invalid_kind', 'column': 'kind',
         'message': 'kind is neither invoice nor credit_note',
         'when': 'coalesce(' ~ kind ~ " not in ('invoice', 'facture',"
            ~ " 'creditnote', 'avoir'), true)"},
        {'reason': 'invalid_amount', 'column': 'amount_excl_vat',
         'message': 'amount excl. VAT is not a number',
         'when': excl ~ ' is null'},
        {'reason': 'invalid_amount', 'column': 'vat_amount',
         'message': 'VAT amount is not a number',
         'when': vat ~ ' is null'},
        {'reason': 'invalid_amount', 'column': 'amount_incl_vat',
         'message': 'amount incl. VAT is not a number',
         'when': incl ~ ' is null'},
        {'reason': 'unparseable_date', 'column': 'issue_date',
         'message': 'issue date is not YYYY-MM-DD or DD/MM/YYYY',
         'when': issued ~ ' is null'},
        {'reason': 'unknown_currency', 'column': 'currency',
         'message': 'currency blank or without an fx rate',
         'when': "nullif(trim(currency), '') is null or "
            ~ is_unknown_currency('upper(trim(currency))')},
        {'reason': 'vat_mismatch',
         'when': 'abs(' ~ excl ~ ' + ' ~ vat ~ ' - ' ~ incl ~ ') > '
            ~ vat_tolerance,
         'detail': "'excl. VAT + VAT != incl. VAT beyond " ~ vat_tolerance
            ~ ": ' || cast(" ~ excl ~ " as varchar) || ' + ' || cast("
            ~ vat ~ " as varchar) || ' != ' || cast(" ~ incl
            ~ ' as varchar)'},
        {'reason': 'future_invoice_date', 'column': 'issue_date',
         'message': 'issued more than ' ~ future_days
            ~ ' day(s) after today',
         'when': issued ~ ' > current_date + ' ~ future_days},
    ] -%}
    {#- Content of a fully parseable row (null otherwise, not compared). -#}
    {%- set content = 'md5(' ~ kind ~ " || '|' || "
        ~ "coalesce(trim(credited_invoice_number), '') || '|' || cast("
        ~ issued ~ " as varchar) || '|' || upper(trim(currency)) || '|' || "
        ~ 'cast(' ~ excl ~ " as varchar) || '|' || cast(" ~ vat
        ~ " as varchar) || '|' || cast(" ~ incl ~ ' as varchar))' -%}
    {%- do checks.append(
        {'reason': 'duplicate_invoice_number', 'column': 'invoice_number',
         'message': 'number listed twice in one file with different '
            ~ 'amounts, dates or kind',
         'when': 'count(distinct ' ~ content ~ ') over (partition by '
            ~ "nullif(trim(invoice_number), ''), _file_sha256) > 1"}
    ) -%}
    {{ return(checks) }}
{%- endmacro %}
