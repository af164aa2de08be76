{#- Text without accents ('Île-de-France' -> 'Ile-de-France'). DuckDB's
    strip_accents removes every combining mark; Spark has no such function,
    so its version translates the accented Latin-1 letters (French, and
    the other Western European languages the exports use) only. -#}
{% macro strip_accents(expr) -%}
    {{ return(adapter.dispatch(
        'strip_accents', 'revenue_attribution'
    )(expr)) }}
{%- endmacro %}

{% macro default__strip_accents(expr) -%}
    {{ exceptions.raise_compiler_error(
        'strip_accents: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__strip_accents(expr) -%}
    strip_accents({{ expr }})
{%- endmacro %}

{% macro spark__strip_accents(expr) -%}
    translate(
        {{ expr }},
        'ÀÁÂÃÄÅàáâãäåÈÉÊËèéêëÌÍÎÏìíîïÒÓÔÕÖòóôõöÙÚÛÜùúûüÇçÑñÝýÿŸ',
        'AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuCcNnYyyY'
    )
{%- endmacro %}
