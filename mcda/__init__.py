"""Criteria weights and rankings of alternatives.

A pure numerical library: numpy, pandas and pymcdm only; no file or network I/O,
no web or schema code, and nothing from ``optimizer`` or ``api``.
"""
