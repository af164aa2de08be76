{#- Web domain or URL (text) -> bare lowercase host: scheme, 'www.', path,
    port and trailing dot removed ('https://www.Acme.fr/contact' ->
    'acme.fr'); null when blank. -#}
{% macro parse_domain(expr) -%}
    nullif(
        regexp_replace(
            regexp_replace(
                lower(trim(cast({{ expr }} as varchar))),
                '^([a-z][a-z0-9+.-]*://)?(www\.)?',
                ''
            ),
            '[:/?#].*$|\.$',
            ''
        ),
        ''
    )
{%- endmacro %}
