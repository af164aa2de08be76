{#- Decode the percent-escapes left in already-decoded text because they are
    not valid UTF-8: Latin-1 (Windows-1252 tools, old French newsletters and
    CRMs write 'é' as '%E9'). Each %80-%FF escape is rewritten as the two
    UTF-8 escapes of the same Latin-1 character (%E9 -> %C3%A9; a placeholder
    byte, chr(1), keeps the rewrites from matching each other's output) and
    the text is decoded once more inside try(): a value that still fails is
    returned unchanged. Apply it to a column (the output of url_decode_text),
    not to an expression, to keep the SQL shallow. -#}
{% macro url_decode_latin1(column) -%}
    {%- set ns = namespace(text=column) -%}
    {%- for lead, trail in [("C", "8"), ("D", "9"), ("E", "A"), ("F", "B")] -%}
        {%- set ns.text = regex_replace(
            ns.text,
            "'%" ~ lead ~ "([0-9a-f])'",
            "chr(1) || 'C3' || chr(1) || '" ~ trail ~ "\\1'",
            'gi'
        ) -%}
    {%- endfor -%}
    coalesce(
        {{ try_url_decode(
            'replace(' ~ regex_replace(
                ns.text,
                "'%([89ab][0-9a-f])'",
                "chr(1) || 'C2' || chr(1) || '\\1'",
                'gi'
            ) ~ ', chr(1), \'%\')'
        ) }},
        {{ column }}
    )
{%- endmacro %}
