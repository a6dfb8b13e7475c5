"""Test-wide settings.

Hypothesis runs derandomized by default, so the suite (and CI) is reproducible: the same
examples every run. `pytest --hypothesis-profile=explore` draws fresh random examples (more of
them) to hunt for new failures.
"""

from hypothesis import settings

settings.register_profile("default", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=500, print_blob=True)
settings.load_profile("default")
