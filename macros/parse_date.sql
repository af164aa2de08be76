{#- Exported date (text) -> date with an explicit format per source, so that
    03/04/2025 is never guessed. `format` is one named format or a list of
    them (tried in order, for sources that mix unambiguous formats); a
    strptime pattern containing '%' is also accepted. Null when blank or
    unparseable, and (unless `plausible=false`) when outside
    is_plausible_date. -#}
{% macro parse_date(expr, format='YYYY-MM-DD', plausible=true) -%}
    {%- set named_formats = {
        'YYYY-MM-DD': '%Y-%m-%d',
        'DD/MM/YYYY': '%d/%m/%Y',
        'DD.MM.YYYY': '%d.%m.%Y',
        'M/D/YYYY': '%m/%d/%Y',
        'MM/DD/YYYY': '%m/%d/%Y',
        'YYYY-MM': '%Y-%m',
        'YYYYMMDD': '%Y%m%d',
    } -%}
    {%- set formats = [format] if format is string else format -%}
    {%- set patterns = [] -%}
    {%- for name in formats -%}
        {%- if '%' in name -%}
            {%- do patterns.append(name) -%}
        {%- elif name in named_formats -%}
            {%- do patterns.append(named_formats[name]) -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                'parse_date: unknown format ' ~ name
                ~ '; use one of ' ~ (named_formats.keys() | list | join(', '))
                ~ ' or a strptime pattern'
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- set parsed -%}
    {{ try_strptime_date(
        'trim(cast(' ~ expr ~ ' as ' ~ type_text() ~ '))', patterns
    ) }}
    {%- endset -%}
    {%- if plausible -%}
    case when {{ is_plausible_date(parsed) }} then {{ parsed }} end
    {%- else -%}
    {{ parsed }}
    {%- endif -%}
{%- endmacro %}
