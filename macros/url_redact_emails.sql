{#- Replace query-string values that contain an e-mail address ('@' or
    '%40', e.g. a form posted with GET: '?email=jane%40acme.fr') by
    'redacted', so that no raw e-mail address leaves staging. -#}
{% macro url_redact_emails(url) -%}
    regexp_replace(
        {{ url }},
        '([?&][^=&#]*=)[^&#]*(@|%40)[^&#]*',
        '\1redacted',
        'gi'
    )
{%- endmacro %}
