"""Benchmarks against the current database: `python -m bench` (or `make bench`)."""
