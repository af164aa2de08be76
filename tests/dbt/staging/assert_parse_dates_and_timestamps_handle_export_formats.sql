{#- parse_date, parse_timestamp_utc, parse_boolean, parse_domain and
    parse_associations on literal values: returns the cases whose result
    differs from the expected one (none when passing). -#}
with

date_cases as (
    select
        date_cases.exported_text,
        date_cases.date_format,
        date_cases.expected_date
    from (
        values
        ('2025-03-07', 'iso', cast('2025-03-07' as date)),
        ('07/03/2025', 'french', cast('2025-03-07' as date)),
        ('7/3/2025', 'french', cast('2025-03-07' as date)),
        ('3/7/2025', 'us', cast('2025-03-07' as date)),
        ('12/31/2024', 'us', cast('2024-12-31' as date)),
        ('31/12/2024', 'us', null),
        ('2025-03', 'month', cast('2025-03-01' as date)),
        ('2025-03-07', 'mixed', cast('2025-03-07' as date)),
        ('07/03/2025', 'mixed', cast('2025-03-07' as date)),
        ('', 'mixed', null),
        ('not a date', 'iso', null),
        -- implausible: Excel zero date, far future (is_plausible_date)
        ('1899-12-30', 'iso', null),
        ('30/12/1899', 'french', null),
        ('01/01/2199', 'french', null)
    ) as date_cases (exported_text, date_format, expected_date)
),

date_cases_parsed as (
    select
        exported_text,
        date_format,
        expected_date,
        case date_format
            when 'iso' then {{ parse_date('exported_text', 'YYYY-MM-DD') }}
            when 'french' then {{ parse_date('exported_text', 'DD/MM/YYYY') }}
            when 'us' then {{ parse_date('exported_text', 'M/D/YYYY') }}
            when 'month' then {{ parse_date('exported_text', 'YYYY-MM') }}
            when 'mixed'
                then {{ parse_date(
                    'exported_text', ['YYYY-MM-DD', 'DD/MM/YYYY']
                ) }}
        end as parsed_date
    from date_cases
),

timestamp_cases as (
    select
        timestamp_cases.exported_text,
        timestamp_cases.expected_utc_text
    from (
        values
        ('2025-01-02T09:00:00Z', '2025-01-02 09:00:00'),
        ('2025-01-02T09:00:00.123Z', '2025-01-02 09:00:00.123'),
        ('2025-03-30T09:12:00+02:00', '2025-03-30 07:12:00'),
        ('2025-03-30T09:12:00+0200', '2025-03-30 07:12:00'),
        ('1735808400000', '2025-01-02 09:00:00'),
        -- epoch unit read from the magnitude: seconds, microseconds
        ('1735808400', '2025-01-02 09:00:00'),
        ('1735808400000000', '2025-01-02 09:00:00'),
        -- implausible: Excel zero date, far future, epoch 0
        ('1899-12-30T00:00:00Z', null),
        ('2199-01-01T00:00:00Z', null),
        ('000000000', null),
        ('2025-01-02 09:00:00', '2025-01-02 09:00:00'),
        ('2025-01-02', '2025-01-02 00:00:00'),
        ('', null),
        ('yesterday', null)
    ) as timestamp_cases (exported_text, expected_utc_text)
),

timestamp_cases_parsed as (
    select
        exported_text,
        expected_utc_text,
        {{ parse_timestamp_utc('exported_text') }} as parsed_at
    from timestamp_cases
),

other_cases as (
    select
        other_cases.macro_name,
        other_cases.exported_text,
        other_cases.expected_text
    from (
        values
        ('boolean', 'true', 'true'),
        ('boolean', ' FALSE ', 'false'),
        ('boolean', 'oui', 'true'),
        ('boolean', '0', 'false'),
        ('boolean', 'maybe', null),
        ('domain', 'https://www.Acme.fr/contact?x=1', 'acme.fr'),
        ('domain', 'WWW.acme.fr.', 'acme.fr'),
        ('domain', 'acme.co.uk:443', 'acme.co.uk'),
        ('domain', ' ', null),
        (
            'associations',
            '{"companies": {"results": [{"id": "7"}, {"id": 8}]}}',
            '7,8'
        ),
        ('associations', '{"contacts": {"results": []}}', ''),
        ('associations', 'not json', null)
    ) as other_cases (macro_name, exported_text, expected_text)
),

other_cases_parsed as (
    select
        macro_name,
        exported_text,
        expected_text,
        case macro_name
            when 'boolean'
                then cast(
                    {{ parse_boolean('exported_text') }} as {{ type_text() }}
                )
            when 'domain' then {{ parse_domain('exported_text') }}
            when 'associations'
                then {{ array_to_text(
                    array_transform(
                        parse_associations('exported_text', 'companies'),
                        'association',
                        "association['id']"
                    ),
                    "','"
                ) }}
        end as parsed_text
    from other_cases
),

failures as (
    select
        'parse_date ' || date_format as macro_name,
        exported_text,
        cast(expected_date as {{ type_text() }}) as expected_value,
        cast(parsed_date as {{ type_text() }}) as parsed_value
    from date_cases_parsed
    where parsed_date is distinct from expected_date

    union all

    select
        'parse_timestamp_utc' as macro_name,
        exported_text,
        expected_utc_text as expected_value,
        cast(parsed_at as {{ type_text() }}) as parsed_value
    from timestamp_cases_parsed
    where
        parsed_at
        is distinct from {{ timestamp_utc_from_local(
            'cast(expected_utc_text as timestamp)'
        ) }}

    union all

    select
        macro_name,
        exported_text,
        expected_text as expected_value,
        parsed_text as parsed_value
    from other_cases_parsed
    where parsed_text is distinct from expected_text
)

select * from failures
