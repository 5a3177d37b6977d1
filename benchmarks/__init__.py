"""Benchmarks: `python -m benchmarks.bench` (make bench)."""
