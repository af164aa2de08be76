"""Ingestion of raw exports into DuckDB with dlt (see docs/raw_contract.md)."""
