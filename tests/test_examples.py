"""Every script in examples/ runs to completion (they are the documentation users follow), and
writes only into its results folder, never into the directory it is run from."""

import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = sorted((pathlib.Path(__file__).parent.parent / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(script, tmp_path):
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "an example should print what it shows"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left in ([], ["wengert-results"]), f"{script.name} wrote {left} where it was run"
