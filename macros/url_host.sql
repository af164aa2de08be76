{#- Lowercase host name of a URL without 'www.' (or www2.), port, user
    info and trailing dot. Accepts any scheme (https://, android-app://) or
    none ('google.fr/search'); returns null when no dotted host is found
    ('about:blank', '(direct)', '/relative/path', empty). -#}
{% macro url_host(url) -%}
    {%- set host = regex_extract(
        'trim(' ~ url ~ ')',
        "'^(?:[a-z][a-z0-9+.\\-]*://|//)?(?:[^@/?#\\s]*@)?'\n"
        ~ "|| '([^:/?#@\\s]+\\.[^:/?#@\\s]+)(?:[:/?#]|$)'",
        1,
        'i'
    ) -%}
    nullif(
        {{ regex_replace(
            'lower(' ~ host ~ ')', "'^www\\d*\\.|\\.$'", "''", 'g'
        ) }},
        ''
    )
{%- endmacro %}
