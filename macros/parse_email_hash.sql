{#- Email (text) -> sha256 hex of lower(trim(email)), the only form in which
    an email leaves staging (privacy). Null when blank. Use it wherever an
    email is hashed (CRM contacts, web form submissions) so the hashes join. -#}
{% macro parse_email_hash(expr) -%}
    {{ sha256_hex(
        "nullif(lower(trim(cast(" ~ expr ~ " as " ~ type_text() ~ "))), '')"
    ) }}
{%- endmacro %}
