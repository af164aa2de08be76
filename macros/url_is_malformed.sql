{#- True when a URL is not a usable absolute web URL: no http(s) scheme
    with a dotted host, whitespace inside, or a broken percent escape
    (`%zz`, or `%` / `%2` cut off at the end of a truncated URL). False
    for a null URL (nothing to parse). -#}
{% macro url_is_malformed(url) -%}
    coalesce(
        not {{ regex_full_match(
            url,
            "'(?i)https?://[^\\s/?#.]+(\\.[^\\s/?#.]+)+(:\\d+)?"
            ~ "([/?#]\\S*)?'"
        ) }}
        or {{ regex_contains(
            url, "'%([^0-9a-fA-F]|[0-9a-fA-F][^0-9a-fA-F]|[0-9a-fA-F]?$)'"
        ) }},
        false
    )
{%- endmacro %}
