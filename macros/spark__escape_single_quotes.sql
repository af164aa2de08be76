{#- Overrides dbt-spark's escape_single_quotes, which writes a quote as \'
    (that backslash stays under the spark target's escapedStringLiterals,
    and a doubled quote stays two quotes too). Here a quote ends the
    literal, is added as chr(39) and the literal goes on: inside the
    caller's quotes, `it's` becomes 'it' || chr(39) || 's'. dbt uses it
    for the text values of unit-test fixtures (string_literal of
    escape_single_quotes). -#}
{% macro spark__escape_single_quotes(expression) -%}
    {{ expression | replace("'", "' || chr(39) || '") }}
{%- endmacro %}
