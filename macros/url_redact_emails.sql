{#- Replace every e-mail address in a URL by 'redacted', wherever it sits
    (path `/merci/jane@acme.fr`, query, fragment `#jane@acme.fr`) and
    however it is encoded (`@`, `%40`, double-encoded `%2540` as found in
    re-encoded UTM values); then any query-string value that still holds an
    '@' or '%40' (a partial address, '?email=jane%40acme') becomes
    'redacted' too. No raw e-mail address leaves staging. -#}
{% macro url_redact_emails(url) -%}
    {%- set addresses_redacted = regex_replace(
        url,
        "'[a-z0-9._+-]+(@|%(25)*40)[a-z0-9-]+(\\.[a-z0-9-]+)+'",
        "'redacted'",
        'gi'
    ) -%}
    {{ regex_replace(
        addresses_redacted,
        "'([?&][^=&#]*=)[^&#]*(@|%(25)*40)[^&#]*'",
        "'\\1redacted'",
        'gi'
    ) }}
{%- endmacro %}
