{#- One raw row (a relation alias) as JSON text for
    marts.audit.fct_quarantined_rows, without personal data: every key
    named like a personal attribute (e-mail, first, last or full name,
    phone, mobile, fax, address, birth date, IP address; any spelling:
    `firstname`, `first_name`, `phone_number`, `hs_full_name_or_email`) is
    removed, then any remaining value that looks like an e-mail address
    (`jane@acme.fr`, `%40`, `%2540`) or a phone number (`+33 6 12 34 56 78`,
    `06.12.34.56.78`, `+44 20 7946 0958`) is replaced by `redacted`. -#}
{% macro quarantine_raw_record(relation) -%}
    {%- set personal_key = '(?i)(^|_)(e_?mail|first_?name|last_?name'
        ~ '|full_?name|(contact|person)_?name|phone|(mobile|cell)(_?phone)?'
        ~ '|fax|address|street|birth_?(date|day)?|date_of_birth|ip'
        ~ '|ip_address)($|_)' -%}
    {%- set email = '[a-z0-9._+-]+(@|%(25)*40)[a-z0-9-]+(\.[a-z0-9-]+)+' -%}
    {%- set phone = '(^|[^0-9a-z])(((\+|00)33 ?[1-9]|0[1-9])([ .-]?[0-9]{2}){4}'
        ~ '|\+[1-9][0-9]{0,2}([ .-]?[0-9]{2,4}){3,5})($|[^0-9a-z])' -%}
    {{ regex_replace(
        regex_replace(
            row_json_without_keys(relation, personal_key),
            "'" ~ email ~ "'",
            "'redacted'",
            'gi'
        ),
        "'" ~ phone ~ "'",
        "'\\1redacted\\7'",
        'g'
    ) }}
{%- endmacro %}
