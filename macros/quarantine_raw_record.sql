{#- One raw row (a relation alias) as JSON text for
    marts.audit.fct_quarantined_rows, without personal data: keys that hold
    e-mails, names, phones or IP addresses are removed (JSON merge patch
    with null) and any remaining e-mail address (`jane@acme.fr`,
    `jane%40acme.fr`, e.g. in a landing URL) is replaced by `redacted`. -#}
{% macro quarantine_raw_record(relation) -%}
    regexp_replace(
        json_merge_patch(
            to_json({{ relation }}),
            '{"email": null, "firstname": null, "lastname": null, '
            || '"phone": null, "mobilephone": null, "ip": null, '
            || '"ip_address": null}'
        ),
        '[a-z0-9._%+-]+(@|%40)[a-z0-9-]+(\.[a-z0-9-]+)+',
        'redacted',
        'gi'
    )
{%- endmacro %}
