-- Per conversion and attribution model, the credit weights sum to 1 (touch
-- rows + the shapley 'baseline' row, or the one 'unattributed' row).
select
    conversion_id,
    attribution_model,
    sum(credit_weight) as total_weight,
    count(*) as credited_rows
from {{ ref('fct_attribution_credits') }}
group by 1, 2
having abs(sum(credit_weight) - 1) > 1e-9
