{#- Path of a URL ('/' when the URL has a host but no path), without query
    string or fragment; case and encoding kept as is. Null for a null URL. -#}
{% macro url_path(url) -%}
    '/' || {{ trim_chars(
        regex_extract(
            'trim(' ~ url ~ ')',
            "'^(?:(?:[a-z][a-z0-9+.\\-]*:)?//[^/?#]*)?([^?#]*)'",
            1,
            'i'
        ),
        "'/'",
        'leading'
    ) }}
{%- endmacro %}
