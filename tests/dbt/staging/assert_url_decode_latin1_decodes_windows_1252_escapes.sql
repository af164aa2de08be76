-- url_decode_latin1 on text that url_decode_text could not finish: Latin-1
-- escapes become their characters, anything else is returned unchanged.
-- Returns the cases whose output differs from the expected text.
with

cases as (
    select
        latin1_cases.input_text,
        latin1_cases.expected_text
    from (
        values
        ('F%E9vrier', 'Février'),
        ('caf%E9 cr%E8me', 'café crème'),
        ('%e0 bient%f4t', 'à bientôt'),
        ('%C0 la %AB une %BB', 'À la « une »'),
        ('d%E9j%E0 vu 100%', 'déjà vu 100%'),
        ('already décodé', 'already décodé'),
        ('malformed %zz', 'malformed %zz'),
        ('', '')
    ) as latin1_cases (input_text, expected_text)
),

decoded as (
    select
        input_text,
        expected_text,
        {{ url_decode_latin1('input_text') }} as actual_text
    from cases
)

select * from decoded
where actual_text is distinct from expected_text
