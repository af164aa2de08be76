{#- parse_decimal and parse_integer on literal exported values: returns the
    cases whose result differs from the expected one (none when passing). -#}
with

cases as (
    select
        decimal_cases.exported_text,
        decimal_cases.decimal_separator,
        decimal_cases.expected_amount
    from (
        values
        ('1,234.56', null, 1234.56),
        ('1 234,56', null, 1234.56),
        ('1234,56', null, 1234.56),
        ('1.234,56', null, 1234.56),
        ('1.234.567', null, 1234567.00),
        ('1,234,567.8', null, 1234567.80),
        ('1' || {{ unicode_char(160) }} || '234,50', null, 1234.50),
        ('1' || {{ unicode_char(8239) }} || '234,50 €', null, 1234.50),
        ('-12.5', null, -12.50),
        ('−12,5', null, -12.50),
        ('(1 234,56)', null, -1234.56),
        ('EUR 99', null, 99.00),
        ('$1,234.56', null, 1234.56),
        ('12,345', '.', 12345.00),
        ('12,345', ',', 12.35),
        ('12.345', ',', 12345.00),
        ('12.345', null, 12.35),
        ('0,125', '.', 0.13),
        ('', null, null),
        ('   ', null, null),
        ('n/a', null, null),
        ('12abc', null, null),
        (null, null, null)
    ) as decimal_cases (exported_text, decimal_separator, expected_amount)
),

cases_parsed as (
    select
        exported_text,
        decimal_separator,
        expected_amount,
        case
            when decimal_separator = '.'
                then {{ parse_decimal('exported_text', decimal_separator='.') }}
            when decimal_separator = ','
                then {{ parse_decimal('exported_text', decimal_separator=',') }}
            else {{ parse_decimal('exported_text') }}
        end as parsed_amount
    from cases
),

integer_cases as (
    select
        integer_cases.exported_text,
        integer_cases.expected_count
    from (
        values
        ('1,234', 1234),
        ('1.234', 1234),
        ('1 234 567', 1234567),
        ('12', 12),
        ('12.0', 12),
        ('0', 0),
        ('', null),
        ('abc', null)
    ) as integer_cases (exported_text, expected_count)
),

integer_cases_parsed as (
    select
        exported_text,
        expected_count,
        {{ parse_integer('exported_text') }} as parsed_count
    from integer_cases
),

failures as (
    select
        'parse_decimal' as macro_name,
        exported_text,
        cast(expected_amount as {{ type_text() }}) as expected_value,
        cast(parsed_amount as {{ type_text() }}) as parsed_value
    from cases_parsed
    where parsed_amount is distinct from expected_amount

    union all

    select
        'parse_integer' as macro_name,
        exported_text,
        cast(expected_count as {{ type_text() }}) as expected_value,
        cast(parsed_count as {{ type_text() }}) as parsed_value
    from integer_cases_parsed
    where parsed_count is distinct from expected_count
)

select * from failures
