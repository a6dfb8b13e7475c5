"""The AHP modules stay a pure numerical library (STYLE.md, point 1)."""

from __future__ import annotations

import subprocess
import sys


def test_ahp_modules_import_no_web_schema_or_optimizer_code():
    code = (
        "import sys, mcda.scale, mcda.pairwise, mcda.consistency, mcda.incomplete, mcda.group, "
        "mcda.hierarchy, mcda.eigenvector\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('pydantic', 'fastapi', 'optimizer', 'api', 'pulp', 'yaml')]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
