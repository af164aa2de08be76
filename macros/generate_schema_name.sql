{#- Use the custom schema name as is (staging, intermediate, marts, seeds),
    not prefixed by the target schema: BI tools query `marts.<model>`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
