"""The budget-constrained portfolio integer program.

A pure library on PuLP: it takes items with costs and values and the rules that
bind them, and returns a checked solution. It knows nothing of ``mcda`` or ``api``.
"""
