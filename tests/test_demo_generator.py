"""Demo company generator: determinism, file contract, business invariants."""

from __future__ import annotations

import ast
import codecs
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ingestion.demo import generate
from ingestion.demo.__main__ import main

SMALL = 0.2
DEMO_PACKAGE = Path(__file__).resolve().parents[1] / "ingestion" / "demo"
MAX_FUNCTION_LINES = 80
AMOUNTS = ("amount_excl_vat", "vat_amount", "amount_incl_vat")
STAGE_DATES = (
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
)
Invoicing = tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _csv(path: Path, encoding: str, delimiter: str) -> list[dict[str, str]]:
    text = path.read_bytes().decode(encoding)
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _ndjson(path: Path) -> list[dict]:
    if path.suffix == ".gz":
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _cents(text: str) -> int:
    """French amount text (``1 234,56``) -> cents."""
    units, _, decimals = text.replace(" ", "").partition(",")
    value = abs(int(units)) * 100 + int((decimals + "00")[:2])
    return -value if units.startswith("-") else value


def _fr_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A small demo company (seed 42) and its summary."""
    out = tmp_path_factory.mktemp("demo_small")
    summary = generate(out, seed=42, scale=SMALL)
    return out, summary


@pytest.fixture(scope="module")
def full_truth(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Ground truth of the default demo company (scale 1)."""
    out = tmp_path_factory.mktemp("demo_full")
    generate(out, seed=42, scale=1.0)
    return json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def invoicing(small: tuple[Path, dict]) -> Invoicing:
    """Invoices, lines and payments of the small company."""
    folder = small[0] / "exports" / "invoicing"

    def rows(pattern: str, encoding: str) -> list[dict[str, str]]:
        return [
            row
            for path in sorted(folder.glob(pattern))
            for row in _csv(path, encoding, ";")
        ]

    return (
        rows("invoices_*.csv", "cp1252"),
        rows("invoice_lines_*.csv", "cp1252"),
        rows("payments_*.csv", "utf-8-sig"),
    )


# --- readability -------------------------------------------------------------


def test_no_demo_function_exceeds_80_lines() -> None:
    """Every function of the generator fits on a screen (def line to last line)."""
    too_long = []
    for path in sorted(DEMO_PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.name}:{node.lineno} {node.name} ({lines})")
    assert not too_long, "functions over 80 lines: " + ", ".join(too_long)


# --- determinism ---------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(
    small: tuple[Path, dict], tmp_path: Path
) -> None:
    out, summary = small
    again = generate(tmp_path / "again", seed=42, scale=SMALL)
    assert again == summary
    assert _digests(tmp_path / "again") == _digests(out)


def test_different_seed_gives_different_files(
    small: tuple[Path, dict], tmp_path: Path
) -> None:
    out, _ = small
    generate(tmp_path / "other", seed=7, scale=SMALL)
    first, other = _digests(out), _digests(tmp_path / "other")
    ndjson = [name for name in set(first) & set(other) if name.endswith(".ndjson")]
    assert "exports/crm/contacts.ndjson" in ndjson
    assert all(first[name] != other[name] for name in ndjson)


def test_refuses_to_overwrite_foreign_exports(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "mine.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate(tmp_path, seed=1, scale=0.05)


def test_cli_writes_the_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--out", str(tmp_path), "--seed", "3", "--scale", "0.05"]) == 0
    assert "rows in" in capsys.readouterr().out
    assert (tmp_path / "ground_truth.json").is_file()


# --- file contract ---------------------------------------------------------------

CONTRACT_GLOBS = (
    "ads/google_ads/*.csv",
    "ads/meta_ads/*.csv",
    "ads/linkedin_ads/*.csv",
    "costs/*.csv",
    "crm/companies*.ndjson",
    "crm/contacts*.ndjson",
    "crm/deals*.ndjson",
    "crm/deal_stage_history*.ndjson",
    "crm/activities*.ndjson",
    "crm/marketing_engagements*.ndjson",
    "web/events*.ndjson.gz",
    "invoicing/invoices*.csv",
    "invoicing/invoice_lines*.csv",
    "invoicing/payments*.csv",
)


def test_every_contract_folder_has_files_and_summary_counts_rows(
    small: tuple[Path, dict],
) -> None:
    out, summary = small
    exports = out / "exports"
    for pattern in CONTRACT_GLOBS:
        assert list(exports.glob(pattern)), pattern
    assert (exports / "crm" / "contacts_update_2026-10.ndjson").is_file()
    assert (out / "ground_truth.json").is_file()
    for name, rows in summary.items():
        path = out / name
        assert path.is_file(), name
        if ".ndjson" in name:
            assert len(_ndjson(path)) == rows, name


def test_google_ads_layout(small: tuple[Path, dict]) -> None:
    out, _ = small
    for path in (out / "exports" / "ads" / "google_ads").glob("*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "Campaign report"
        date = r"[A-Z][a-z]+ \d{1,2}, \d{4}"
        assert re.fullmatch(f'"{date} - {date}"', lines[1])
        assert lines[2] == "Day,Campaign,Campaign ID,Impr.,Clicks,Cost,Currency code"
        assert lines[-1].startswith("Total: ") and lines[-2].startswith("Total: ")
        rows = list(csv.reader(lines[3:-2]))
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[0]) for r in rows)
        total = next(csv.reader([lines[-1]]))
        cost = sum(float(r[5].replace(",", "")) for r in rows)
        assert round(cost, 2) == float(total[5].replace(",", ""))
    quoted = "".join(p.read_text() for p in (out / "exports/ads/google_ads").iterdir())
    assert re.search(r'"\d{1,3},\d{3}\.\d{2}"', quoted)  # "1,234.56"


def test_meta_and_linkedin_layouts(small: tuple[Path, dict]) -> None:
    out, _ = small
    for path in (out / "exports" / "ads" / "meta_ads").glob("*.csv"):
        text = path.read_bytes().decode("utf-8-sig")
        assert text.splitlines()[0] == (
            "Reporting starts,Reporting ends,Campaign name,Campaign ID,"
            "Impressions,Link clicks,Amount spent (EUR)"
        )
    for path in (out / "exports" / "ads" / "linkedin_ads").glob("*.csv"):
        raw = path.read_bytes()
        assert raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        lines = raw.decode("utf-16").splitlines()
        assert lines[0] == "Campaign Performance Report (in UTC)"
        assert lines[1].startswith("Report Start: ")
        assert lines[2].startswith("Report End: ")
        assert lines[3].startswith("Date Generated: ")
        assert lines[4].split("\t") == [
            "Start Date (in UTC)",
            "Campaign Group Name",
            "Campaign Name",
            "Campaign ID",
            "Impressions",
            "Clicks",
            "Total Spent",
            "Currency",
        ]
        assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", lines[5].split("\t")[0])


def test_costs_layout(small: tuple[Path, dict]) -> None:
    out, _ = small
    costs = out / "exports" / "costs"
    header = "month,cost_type,category,channel,description,amount,currency"
    marketing = (costs / "marketing_costs.csv").read_text(encoding="utf-8")
    sales = (costs / "sales_costs.csv").read_text(encoding="utf-8")
    assert marketing.splitlines()[0] == header
    assert sales.splitlines()[0] == header.replace(",", ";")
    rows = _csv(costs / "marketing_costs.csv", "utf-8", ",")
    assert {r["cost_type"] for r in rows} == {"marketing"}
    categories = {"events", "content", "agency", "tools", "other"}
    assert {r["category"] for r in rows} <= categories
    rows = _csv(costs / "sales_costs.csv", "utf-8", ";")
    sales_categories = {"salaries", "tools", "commissions", "other"}
    assert {r["category"] for r in rows} <= sales_categories


def test_crm_objects_are_hubspot_shaped(small: tuple[Path, dict]) -> None:
    out, _ = small
    crm = out / "exports" / "crm"
    stamp = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"
    objects = ("companies", "contacts", "deals", "activities", "marketing_engagements")
    for name in objects:
        for record in _ndjson(crm / f"{name}.ndjson"):
            assert {"id", "properties", "createdAt", "updatedAt", "archived"} <= set(
                record
            )
            assert isinstance(record["id"], str)
            assert isinstance(record["archived"], bool)
            assert re.fullmatch(stamp, record["createdAt"])
            values = record["properties"].values()
            assert all(v is None or isinstance(v, str) for v in values)
    for record in _ndjson(crm / "deal_stage_history.ndjson"):
        entries = record["propertiesWithHistory"]["dealstage"]
        assert entries
        assert all(set(e) == {"value", "timestamp", "sourceType"} for e in entries)
        stamps = [e["timestamp"] for e in entries]
        assert stamps == sorted(stamps, reverse=True)  # HubSpot: newest first


def test_web_events_shape_and_paris_offsets(small: tuple[Path, dict]) -> None:
    out, _ = small
    paris = ZoneInfo("Europe/Paris")
    files = sorted((out / "exports" / "web").glob("events_*.ndjson.gz"))
    assert files[4].name == "events_2025-03.ndjson.gz"
    events = _ndjson(files[4]) + _ndjson(files[-1])  # both contain a DST change
    keys = {"event_id", "anonymous_id", "timestamp", "event_type", "page_url"}
    for event in events:
        assert keys | {"referrer", "email", "consent"} <= set(event)
        stamp = dt.datetime.fromisoformat(event["timestamp"])
        assert stamp.utcoffset() == stamp.astimezone(paris).utcoffset()
        assert event["event_type"] in ("page_view", "form_submit")
        if event["event_type"] == "form_submit":
            assert event["email"].strip()
        else:
            assert event["email"] is None
    assert {e["timestamp"][-6:] for e in events} == {"+01:00", "+02:00"}
    urls = " ".join(e["page_url"] for e in events)
    for quirk in ("utm_source=LinkedIn", "Paid%20Social", "gclid=", "fbclid="):
        assert quirk in urls, quirk


def test_invoicing_layout(small: tuple[Path, dict]) -> None:
    out, _ = small
    folder = out / "exports" / "invoicing"

    def first_line(pattern: str, encoding: str) -> str:
        path = sorted(folder.glob(pattern))[0]
        return path.read_bytes().decode(encoding).splitlines()[0]

    assert first_line("invoices_*.csv", "cp1252") == (
        "invoice_number;kind;credited_invoice_number;crm_deal_id;customer_domain;"
        "customer_name;issue_date;due_date;currency;amount_excl_vat;vat_amount;"
        "amount_incl_vat;status"
    )
    assert first_line("invoice_lines_*.csv", "cp1252") == (
        "invoice_number;line_number;product;quantity;unit_price_excl_vat;"
        "unit_cost;vat_rate"
    )
    assert first_line("payments_*.csv", "utf-8-sig") == (
        "payment_id;invoice_number;payment_date;amount;currency;method"
    )


# --- invariants ------------------------------------------------------------------


def test_invoice_amounts_add_up(invoicing: Invoicing) -> None:
    invoices, lines, _ = invoicing
    by_invoice: dict[str, list[dict[str, str]]] = defaultdict(list)
    for line in lines:
        by_invoice[line["invoice_number"]].append(line)
    assert invoices
    for inv in invoices:
        excl, vat, incl = (_cents(inv[k]) for k in AMOUNTS)
        assert min(excl, vat, incl) >= 0  # credit notes too
        assert excl + vat == incl, inv["invoice_number"]
        own = by_invoice[inv["invoice_number"]]
        assert own, inv["invoice_number"]
        total = sum(
            int(li["quantity"]) * _cents(li["unit_price_excl_vat"]) for li in own
        )
        assert total == excl, inv["invoice_number"]
        rate = {"0,2": 20, "0": 0}[own[0]["vat_rate"]]
        assert vat == (excl * rate + 50) // 100
        if inv["currency"] != "EUR":
            assert rate == 0  # export outside France / reverse charge


def test_every_line_and_payment_belongs_to_an_invoice(invoicing: Invoicing) -> None:
    invoices, lines, payments = invoicing
    numbers = {inv["invoice_number"] for inv in invoices}
    assert len(numbers) == len(invoices)
    assert {line["invoice_number"] for line in lines} <= numbers
    assert {p["invoice_number"] for p in payments} <= numbers
    credited = {
        inv["credited_invoice_number"]
        for inv in invoices
        if inv["kind"] == "credit_note"
    }
    assert credited <= numbers


def test_payment_statuses_are_consistent(invoicing: Invoicing) -> None:
    invoices, _, payments = invoicing
    paid: dict[str, int] = defaultdict(int)
    for payment in payments:
        paid[payment["invoice_number"]] += _cents(payment["amount"])
        assert _fr_date(payment["payment_date"]) <= dt.date(2026, 10, 31)
    credits: dict[str, int] = defaultdict(int)
    for inv in invoices:
        if inv["kind"] == "credit_note":
            credits[inv["credited_invoice_number"]] += _cents(inv["amount_incl_vat"])
    for inv in invoices:
        if inv["kind"] != "invoice":
            continue
        number, status = inv["invoice_number"], inv["status"]
        due = _cents(inv["amount_incl_vat"]) - credits[number]
        terms = _fr_date(inv["due_date"]) - _fr_date(inv["issue_date"])
        assert terms == dt.timedelta(days=30)
        if status == "paid":
            assert paid[number] >= due
        elif status == "partially_paid":
            assert 0 < paid[number] < due
        else:
            assert status in ("unpaid", "issued", "draft", "cancelled"), status
            assert paid[number] == 0


def test_crm_references_exist(small: tuple[Path, dict]) -> None:
    out, _ = small
    crm = out / "exports" / "crm"
    companies = {r["id"] for r in _ndjson(crm / "companies.ndjson")}
    contacts = {r["id"] for r in _ndjson(crm / "contacts.ndjson")}
    deals = _ndjson(crm / "deals.ndjson")
    history = {r["id"]: r for r in _ndjson(crm / "deal_stage_history.ndjson")}
    for deal in deals:
        linked = deal["associations"]["companies"]["results"]
        assert linked and all(c["id"] in companies for c in linked)
        people = deal["associations"]["contacts"]["results"]
        assert people and all(c["id"] in contacts for c in people)
        props = deal["properties"]
        assert props["createdate"] <= props["closedate"]
        latest = history[deal["id"]]["propertiesWithHistory"]["dealstage"][0]
        assert latest["value"] == props["dealstage"]
        if latest["value"] in ("closedwon", "closedlost"):
            assert latest["timestamp"][:10] == props["closedate"][:10]
    for contact in _ndjson(crm / "contacts.ndjson"):
        linked = contact.get("associations", {}).get("companies", {}).get("results", [])
        assert all(c["id"] in companies for c in linked)
        props = contact["properties"]
        dates = [props.get(f"hs_lifecyclestage_{k}_date") for k in STAGE_DATES]
        present = [d for d in dates if d]
        assert present == sorted(present), contact["id"]
    for update in _ndjson(crm / "contacts_update_2026-10.ndjson"):
        assert update["id"] in contacts


def test_ground_truth_experiment_and_channels(small: tuple[Path, dict]) -> None:
    out, _ = small
    truth = json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))
    experiment = truth["experiment"]
    assert experiment["planted_close_rate_lift"] > 0
    assert experiment["realised_close_rate_lift"] > 0
    assert len(truth["channels"]) >= 8
    assert set(truth["channel_effects"]) == set(truth["channels"])
    assert set(truth["incremental_opportunities_by_channel"]) == set(truth["channels"])
    deals = _ndjson(out / "exports" / "crm" / "deals.ndjson")
    new = [d for d in deals if d["properties"]["dealtype"] == "newbusiness"]
    assert len(new) == truth["accounts_converted"]
    in_test = [d for d in deals if d["properties"].get("experiment_variant")]
    assert len(in_test) == sum(experiment["n"].values())


def test_default_scale_size_and_recoverable_channel_order(full_truth: dict) -> None:
    assert full_truth["accounts"] == 600
    incremental = full_truth["incremental_opportunities_by_channel"]
    rank = full_truth["expected_channel_rank"]
    top = [incremental[c] for c in rank[:4]]
    # Clear gaps between the top channels (>= 1.4x) ...
    assert all(a >= 1.4 * b for a, b in zip(top, top[1:]))
    # ... so that a model fitted on the observable journeys recovers them.
    assert full_truth["reference_models"]["noisy_or_mle"]["rank"][:4] == rank[:4]
