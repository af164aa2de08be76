-- One row per anonymous web id (device) that submitted a form with an email
-- known to the CRM: the contact it belongs to. A device used by several
-- people keeps its first identified contact.
with

form_submissions as (
    select * from {{ ref('int_form_submissions') }}
    where anonymous_id is not null
),

anonymous_ids_mapped as (
    select
        anonymous_id,
        min_by(contact_id, submitted_at) as contact_id,
        min(submitted_at) as identified_at,
        count(distinct contact_id) as contacts_seen
    from form_submissions
    group by 1
)

select * from anonymous_ids_mapped
