{#- The JSON array at `path` (a JSONPath text, e.g. '$.companies.results')
    of the JSON text `expr` as an array (DuckDB list) of structs whose
    fields `fields` (a Jinja list of names) are texts (a JSON number keeps
    its digits, '8'); an empty array when the path is missing or null,
    null when `expr` is null or not JSON. DuckDB's json_valid,
    json_extract and from_json; Spark's try_parse_json, get_json_object
    and from_json. Only arrays of objects give the same result on both
    (see docs/spark_port.md). -#}
{% macro json_struct_array(expr, path, fields) -%}
    {{ return(adapter.dispatch(
        'json_struct_array', 'revenue_attribution'
    )(expr, path, fields)) }}
{%- endmacro %}

{% macro default__json_struct_array(expr, path, fields) -%}
    {{ exceptions.raise_compiler_error(
        'json_struct_array: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__json_struct_array(expr, path, fields) -%}
    {%- set members = [] -%}
    {%- for field in fields -%}
        {%- do members.append('"' ~ field ~ '": "varchar"') -%}
    {%- endfor -%}
    case
        when json_valid({{ expr }})
            then coalesce(
                from_json(
                    json_extract({{ expr }}, '{{ path }}'),
                    '[{{ "{" ~ members | join(", ") ~ "}" }}]'
                ),
                []
            )
    end
{%- endmacro %}

{% macro spark__json_struct_array(expr, path, fields) -%}
    {%- set members = [] -%}
    {%- for field in fields -%}
        {%- do members.append(field ~ ':string') -%}
    {%- endfor -%}
    case
        when try_parse_json({{ expr }}) is not null
            then coalesce(
                from_json(
                    get_json_object({{ expr }}, '{{ path }}'),
                    'array<struct<{{ members | join(",") }}>>'
                ),
                array()
            )
    end
{%- endmacro %}
