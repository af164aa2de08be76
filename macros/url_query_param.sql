{#- Raw (still percent-encoded) value of one query-string parameter.
    Only the query part is searched (after the first ?, before #), so
    parameters inside a fragment are ignored. Name match is case-insensitive,
    the first occurrence wins, '&amp;' and a stray second '?' count as '&'.
    Absent parameter -> null; present but empty ('utm_source=') -> ''. -#}
{% macro url_query_param(url, param) -%}
    {%- set query = regex_extract(url, "'^[^?#]*\\?([^#]*)'", 1) -%}
    {%- set query_params = "'&' || replace(replace(" ~ query
        ~ ", '&amp;', '&'), '?', '&')" -%}
    {%- set pattern = "'&" ~ (param | replace('.', '\\.')) ~ "(=[^&]*)'" -%}
    substr(
        nullif({{ regex_extract(query_params, pattern, 1, 'i') }}, ''),
        2
    )
{%- endmacro %}
