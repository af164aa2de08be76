{#- HubSpot v3 `associations` JSON text -> list of struct(id varchar,
    type varchar) for one associated object type ('companies', 'contacts',
    'deals'), e.g. {"companies": {"results": [{"id": "7", "type":
    "contact_to_company"}]}}. Empty list when the key is missing; null when
    the text is null or not valid JSON. Unnest it to get association rows. -#}
{% macro parse_associations(expr, object_type) -%}
    {{ json_struct_array(
        expr, '$.' ~ object_type ~ '.results', ['id', 'type']
    ) }}
{%- endmacro %}
