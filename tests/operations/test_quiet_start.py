"""The service's standard output carries its structured log only: no library writes its own lines into it."""

from __future__ import annotations

import subprocess
import sys


def test_the_linear_programming_library_prints_no_banner_into_the_log() -> None:
    # HiGHS writes its copyright banner to file descriptor 1 on its first model, past its own output option.
    program = "import api.app, highspy; highspy.Highs()"
    finished = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=False
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == ""
