-- Privacy, planted by hand: a quarantined CRM row with names and phones
-- under the spellings exports use (HubSpot `firstname`, other CRMs
-- `first_name`, `Phone Number` -> `phone_number`, `hs_full_name_or_email`)
-- and a phone number in a free-text note; landing URLs with an e-mail in
-- the path, the fragment, a query value and a double-encoded UTM value
-- (`%2540`). Returns every planted personal value still readable after
-- quarantine_raw_record / url_redact_emails (expected: none), and the
-- non-personal values that must survive (id, job title, campaign).
with

planted_contact as (
    select
        'p-9' as id,
        'Claire' as firstname,
        'Martin' as lastname,
        'Jeanne' as first_name,
        'Durand' as last_name,
        'Claire Martin' as hs_full_name_or_email,
        '+33 6 12 34 56 78' as phone_number,
        '07 98 76 54 32' as mobilephone,
        'rappeler au 01.23.45.67.89 ou +44 20 7946 0958' as notes,
        'claire.martin@boulangeries-martin.fr' as email,
        'DAF' as jobtitle
),

raw_records as (
    select {{ quarantine_raw_record('planted_contact') }} as raw_record
    from planted_contact
),

planted_urls as (
    select planted.page_url
    from (
        values
        ('https://facturo.fr/merci/claire.martin@acme.fr?utm_campaign=ete'),
        ('https://facturo.fr/merci#claire.martin%40acme.fr'),
        ('https://facturo.fr/?utm_source=claire.martin%2540acme.fr'),
        ('https://facturo.fr/?utm_term=claire%252540acme.fr&utm_campaign=ete'),
        ('https://facturo.fr/?email=claire%40acme')
    ) as planted (page_url)
),

urls_redacted as (
    select {{ url_redact_emails('page_url') }} as page_url
    from planted_urls
),

leaks as (
    select
        'raw_record' as checked_column,
        raw_record as value_seen
    from raw_records
    where
        {{ regex_contains(
            'raw_record',
            "'Claire|Martin|Jeanne|Durand|12 34|98 76|23\\.45|7946|@|%40'"
        ) }}
        or not {{ regex_contains('raw_record', "'\"id\":\"p-9\"'") }}
        or not {{ regex_contains('raw_record', "'\"jobtitle\":\"DAF\"'") }}
    union all
    select
        'page_url' as checked_column,
        page_url as value_seen
    from urls_redacted
    where
        {{ regex_contains(
            'page_url', "'(?i)claire|@|%40|%2540|%252540'"
        ) }}
        or (
            {{ regex_contains('page_url', "'utm_campaign'") }}
            and not {{ regex_contains('page_url', "'utm_campaign=ete'") }}
        )
)

select * from leaks
