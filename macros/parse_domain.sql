{#- Web domain or URL (text) -> bare lowercase host: scheme, 'www.', path,
    port and trailing dot removed ('https://www.Acme.fr/contact' ->
    'acme.fr'); null when blank. -#}
{% macro parse_domain(expr) -%}
    {#- first match = every match: anchored at ^, or running to $ -#}
    {%- set without_scheme = regex_replace(
        'lower(trim(cast(' ~ expr ~ ' as ' ~ type_text() ~ ')))',
        "'^([a-z][a-z0-9+.-]*://)?(www\\.)?'",
        "''"
    ) -%}
    nullif(
        {{ regex_replace(without_scheme, "'[:/?#].*$|\\.$'", "''") }},
        ''
    )
{%- endmacro %}
