{#- Row checks of the invoices and credit notes (see quarantine_checks), in
    order: no number, unknown kind, non-numeric amounts, issue date more
    than `future_date_tolerance_days` after today, implausible or
    unparseable issue date (date_quarantine_checks), blank or unknown
    currency, no fx rate of the currency on or before the issue date
    (before the first rate of seeds/fx_rates.csv: revenue_eur would be
    null), excl. VAT + VAT != incl. VAT beyond `vat_rounding_tolerance`,
    a credit note whose amount excl. VAT exceeds the (latest version of
    the) invoice it credits, in the same currency (credited_invoice_amount:
    the invoice's revenue would turn negative, an untrue figure), and last
    the same number with different content in one file.
    Versions: the latest loaded file that lists a number holds the current
    version of that document (a corrected re-export supersedes the rows of
    older files, see is_superseded_by_later_file, whatever they held); but
    within ONE file
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
    {%- set date_formats = ['YYYY-MM-DD', 'DD/MM/YYYY'] -%}
    {%- set issued = parse_date('issue_date', date_formats) -%}
    {%- set issued_any = parse_date(
        'issue_date', date_formats, plausible=false
    ) -%}
    {%- set kind = regex_replace(
        'lower(trim(kind))', "'[^a-z]'", "''", 'g'
    ) -%}
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
        {'reason': 'future_invoice_date', 'column': 'issue_date',
         'message': 'issued more than ' ~ future_days
            ~ ' day(s) after today',
         'when': issued_any ~ ' > current_date + ' ~ future_days},
    ] + date_quarantine_checks(
        'issue_date', 'issue date is not YYYY-MM-DD or DD/MM/YYYY',
        date_formats
    ) + [
        {'reason': 'unknown_currency', 'column': 'currency',
         'message': 'currency blank or without an fx rate',
         'when': "nullif(trim(currency), '') is null or "
            ~ is_unknown_currency('upper(trim(currency))')},
        {'reason': 'no_fx_rate_for_date', 'column': 'issue_date',
         'message': 'no fx rate of the currency on or before the issue date',
         'when': has_no_fx_rate_on('upper(trim(currency))', issued)},
        {'reason': 'vat_mismatch',
         'when': 'abs(' ~ excl ~ ' + ' ~ vat ~ ' - ' ~ incl ~ ') > '
            ~ vat_tolerance,
         'detail': "'excl. VAT + VAT != incl. VAT beyond " ~ vat_tolerance
            ~ ": ' || cast(" ~ excl ~ " as " ~ type_text()
            ~ ") || ' + ' || cast(" ~ vat ~ " as " ~ type_text()
            ~ ") || ' != ' || cast(" ~ incl ~ ' as ' ~ type_text() ~ ')'},
        {'reason': 'credit_exceeds_invoice',
         'column': 'credited_invoice_number',
         'message': 'credit note excl. VAT above the invoice it credits',
         'when': 'coalesce(' ~ kind ~ " in ('creditnote', 'avoir') and "
            ~ excl ~ ' > ' ~ credited_invoice_amount() ~ ', false)'},
    ] -%}
    {#- Content of a fully parseable row (null otherwise, not compared). -#}
    {%- set content = 'md5(' ~ kind ~ " || '|' || "
        ~ "coalesce(trim(credited_invoice_number), '') || '|' || cast("
        ~ issued ~ " as " ~ type_text()
        ~ ") || '|' || upper(trim(currency)) || '|' || "
        ~ 'cast(' ~ excl ~ " as " ~ type_text() ~ ") || '|' || cast(" ~ vat
        ~ " as " ~ type_text() ~ ") || '|' || cast(" ~ incl ~ ' as '
        ~ type_text() ~ '))' -%}
    {%- do checks.append(
        {'reason': 'duplicate_invoice_number', 'column': 'invoice_number',
         'message': 'number listed twice in one file with different '
            ~ 'amounts, dates or kind',
         'when': count_distinct_over(
            content, "nullif(trim(invoice_number), ''), _file_sha256"
         ) ~ ' > 1'}
    ) -%}
    {{ return(checks) }}
{%- endmacro %}
