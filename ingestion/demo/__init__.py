"""Synthetic demo company ("Facturo") written in the raw export formats.

Usage::

    from ingestion.demo import generate
    generate(Path("data/demo"), seed=42, scale=1.0)

or ``python -m ingestion.demo --out data/demo --seed 42 --scale 1``.
"""

from ingestion.demo.generator import generate

__all__ = ["generate"]
