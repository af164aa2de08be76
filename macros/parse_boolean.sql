{#- Exported boolean (text) -> boolean: true/false, t/f, 1/0, yes/no, y/n,
    oui/non, vrai/faux (any case, trimmed); anything else -> null. -#}
{% macro parse_boolean(expr) -%}
    {%- set normalized = (
        'lower(trim(cast(' ~ expr ~ ' as ' ~ type_text() ~ ')))'
    ) -%}
    case
        when {{ normalized }} in ('true', 't', '1', 'yes', 'y', 'oui', 'vrai')
            then true
        when {{ normalized }} in ('false', 'f', '0', 'no', 'n', 'non', 'faux')
            then false
    end
{%- endmacro %}
