{#- Lowercase hex SHA-256 of a text expression (null for null). -#}
{% macro sha256_hex(expr) -%}
    {{ return(adapter.dispatch(
        'sha256_hex', 'revenue_attribution'
    )(expr)) }}
{%- endmacro %}

{% macro default__sha256_hex(expr) -%}
    {{ exceptions.raise_compiler_error(
        'sha256_hex: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__sha256_hex(expr) -%}
    sha256({{ expr }})
{%- endmacro %}

{% macro spark__sha256_hex(expr) -%}
    sha2({{ expr }}, 256)
{%- endmacro %}
