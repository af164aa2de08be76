"""A second company, written by hand: its marts equal the values derived by hand.

tests/fixtures/company_hand/README.md describes the company and derives
every expected value below with the arithmetic written out, from the files
and the README's definitions (not from the warehouse). The folder is loaded
with the real loader and built with a full ``dbt build`` (every data test
and unit test).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingestion.pipelines import load_all
from tests.conftest import FIXTURES, dbt

pytestmark = pytest.mark.slow

CENT = 0.005

@dataclass
class HandWarehouse:
    """The hand company, loaded and built."""

    db_path: Path
    target: Path
    build_ok: bool

    def rows(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.db_path)) as connection:
            return connection.execute(sql).fetchall()

    def value(self, sql: str) -> float:
        result = self.rows(sql)[0][0]
        return float(result) if isinstance(result, Decimal) else result


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> HandWarehouse:
    root = tmp_path_factory.mktemp("company_hand")
    exports = root / "exports"
    shutil.copytree(FIXTURES / "company_hand", exports)
    db_path = root / "warehouse.duckdb"
    load_all(exports, db_path)
    target = root / "target"
    # its own site, as the README's bring-your-own section asks
    site = "{site_hosts: [atelier-compta.fr]}"
    ok = dbt(db_path, target, "build", "--vars", site)
    return HandWarehouse(db_path, target, ok)


def test_full_build_with_every_data_and_unit_test_passes(
    hand: HandWarehouse,
) -> None:
    """A data condition is never a build failure.

    A quarter without spend, no ABM target list, a won deal without a
    company and a contact in a custom CRM lifecycle stage each failed the
    build before (rpt_kpi_status_every_target_has_a_status,
    assert_abm_summary_covers_every_account,
    assert_daily_metrics_reconcile_to_sources and
    assert_cac_channels_add_up_to_blended, accepted_values on
    stg_crm__contacts).
    """
    assert hand.build_ok, (
        f"dbt build failed on the hand company; see {hand.target}/run_results.json"
    )


def test_revenue_excl_vat(hand: HandWarehouse) -> None:
    revenue = hand.value(
        "select sum(revenue_invoiced_eur) from marts.rpt_weekly_cmo_cfo"
    )
    assert revenue == pytest.approx(29_500, abs=CENT)


def test_revenue_outside_the_cancelled_and_replaced_invoice(
    hand: HandWarehouse,
) -> None:
    revenue = hand.value(
        "select sum(revenue_eur) from marts.fct_invoices "
        "where invoice_id not in ('F-HC-0003', 'AV-HC-0001')"
    )
    assert revenue == pytest.approx(10_000 + 6_000 + 9_000 + 3_000 + 1_500, abs=CENT)


def test_marketing_spend(hand: HandWarehouse) -> None:
    assert hand.value(
        "select sum(marketing_spend_eur) from marts.rpt_weekly_cmo_cfo"
    ) == pytest.approx(3_800, abs=CENT)
    by_channel = dict(
        hand.rows(
            "select channel, sum(spend_eur) "
            "from marts.rpt_channel_campaign_performance "
            "where attribution_model = 'first_touch' group by 1 "
            "having sum(spend_eur) <> 0"
        )
    )
    assert {k: float(v) for k, v in by_channel.items()} == pytest.approx(
        {"paid_search": 1_800.0, "events_webinars": 2_000.0}, abs=CENT
    )


def _kpi(hand: HandWarehouse, kpi: str) -> dict[str, tuple[float | None, str]]:
    return {
        quarter: (None if actual is None else float(actual), status)
        for quarter, actual, status in hand.rows(
            "select quarter, actual_value, status from marts.rpt_kpi_status "
            f"where kpi = '{kpi}' and quarter in ('2025-Q1', '2025-Q2', '2025-Q3')"
        )
    }


def test_quarter_without_spend_is_on_track(hand: HandWarehouse) -> None:
    spend = _kpi(hand, "marketing_spend_eur")
    assert {q: a for q, (a, _) in spend.items()} == pytest.approx(
        {"2025-Q1": 3_350.0, "2025-Q2": 450.0, "2025-Q3": 0.0}, abs=CENT
    )
    assert spend["2025-Q3"][1] == "on_track"
    assert _kpi(hand, "cac_eur")["2025-Q3"] == (0.0, "on_track")
    assert _kpi(hand, "marketing_roi")["2025-Q3"] == (None, "no_data")


def test_new_customers(hand: HandWarehouse) -> None:
    assert hand.value("select sum(new_customers) from marts.rpt_weekly_cmo_cfo") == 4
    assert hand.value(
        "select sum(new_customers) from marts.rpt_customer_acquisition_cost "
        "where period_type = 'month' and channel = 'all' "
        "and attribution_model = 'first_touch'"
    ) == pytest.approx(4)
    by_quarter = _kpi(hand, "new_customers")
    assert {q: a for q, (a, _) in by_quarter.items()} == {
        "2025-Q1": 2.0,
        "2025-Q2": 1.0,
        "2025-Q3": 1.0,
    }


def _attributed_revenue(hand: HandWarehouse, model: str, channel: str) -> float:
    return hand.value(
        "select coalesce(sum(attributed_revenue_eur), 0) "
        "from marts.rpt_channel_campaign_performance "
        f"where attribution_model = '{model}' and channel = '{channel}'"
    )


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("paid_search", 10_000 + 9_000),
        ("organic_social", 6_000),
        ("email", 3_000),
        ("referral_partners", 0),
        ("unattributed", 1_500),
    ],
)
def test_first_touch_revenue_per_channel(
    hand: HandWarehouse, channel: str, expected: float
) -> None:
    revenue = _attributed_revenue(hand, "first_touch", channel)
    assert revenue == pytest.approx(expected, abs=CENT)


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("paid_search", 5_000 + 2_000 + 4_500),
        ("email", 5_000 + 4_500 + 1_500),
        ("organic_social", 2_000 + 1_500),
        ("referral_partners", 2_000),
        ("unattributed", 1_500),
    ],
)
def test_linear_revenue_per_channel(
    hand: HandWarehouse, channel: str, expected: float
) -> None:
    revenue = _attributed_revenue(hand, "linear", channel)
    assert revenue == pytest.approx(expected, abs=CENT)


def test_cash_collected(hand: HandWarehouse) -> None:
    assert hand.value(
        "select sum(cash_collected_eur) from marts.rpt_weekly_cmo_cfo"
    ) == pytest.approx(12_000 + 3_600 + 10_800 + 1_800, abs=CENT)
    by_quarter = _kpi(hand, "cash_collected_eur")
    assert {q: a for q, (a, _) in by_quarter.items()} == pytest.approx(
        {"2025-Q1": 12_000.0, "2025-Q2": 14_400.0, "2025-Q3": 1_800.0}, abs=CENT
    )


def test_quarantined_rows_by_reason(hand: HandWarehouse) -> None:
    reasons = dict(
        hand.rows(
            "select reason_code, count(*) from marts.fct_quarantined_rows "
            "group by 1"
        )
    )
    assert reasons == {
        "missing_anonymous_id": 1,
        "unknown_invoice": 1,
        "vat_mismatch": 1,
    }


def test_data_quality_findings(hand: HandWarehouse) -> None:
    found = dict(
        hand.rows(
            "select finding_kind, finding_count "
            "from marts.rpt_data_quality_findings where finding_count > 0"
        )
    )
    assert found == {
        "quarantined_rows": 3,
        "deals_without_company": 1,
        "invoices_unattributed": 1,
        "quarters_without_marketing_spend": 1,
        "no_abm_target_accounts": 1,
        "contacts_with_unknown_lifecycle_stage": 1,
        "contacts_with_unknown_lead_status": 1,
    }
    kinds = {
        kind
        for (kind,) in hand.rows(
            "select finding_kind from marts.rpt_data_quality_findings"
        )
    }
    assert {"deals_without_contact", "quarters_without_kpi_targets"} <= kinds


def test_funnel_starts_at_every_visitor(hand: HandWarehouse) -> None:
    """Visitors = the 8 contacts + device a-99, which never submits a form.

    a-99's one page view (2025-04-20 18:00 Paris, no referrer, no UTM) is a
    direct session: it lands in the April 2025 / direct / unknown cell as
    one anonymous visitor. Event w-9902 has no anonymous_id: quarantined,
    not a visitor.
    """
    visitors = hand.rows(
        "select sum(reached), sum(anonymous_visitors) "
        "from marts.rpt_funnel_conversion where funnel_stage = 'visitor'"
    )
    assert visitors == [(9, 1)]
    # every contact has a lead date: visitor -> lead is 8 / 9
    assert hand.value(
        "select sum(reached) from marts.rpt_funnel_conversion "
        "where funnel_stage = 'lead'"
    ) == 8
    assert hand.rows(
        "select cohort_month::varchar, first_touch_channel, region_group "
        "from marts.rpt_funnel_conversion "
        "where funnel_stage = 'visitor' and anonymous_visitors > 0"
    ) == [("2025-04-01", "direct", "unknown")]
