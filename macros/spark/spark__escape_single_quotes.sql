{#- A text as the inside of a Spark string literal: dbt's unit-test
    fixtures (and the seed loader, spark_seed_literal) write '<this>'.
    The spark target keeps backslashes in literals as they are
    (escapedStringLiterals, profiles.yml), so neither dbt-spark's \' nor a
    doubled quote stands for one quote there (both are kept as written):
    a quote or a backslash closes the literal and is concatenated as
    chr(39) / chr(92). `it's` -> it' || chr(39) || 's -#}
{% macro spark__escape_single_quotes(expression) -%}
    {{- expression
        | replace('\\', '\x01b')
        | replace("'", '\x01q')
        | replace('\x01b', "' || chr(92) || '")
        | replace('\x01q', "' || chr(39) || '")
    -}}
{%- endmacro %}
