"""The scripts in experiments/ write their figures to experiments/figures/ or to --out DIR, never
into the directory they are run from. (They take minutes; here only their arguments are run.)"""

import importlib.util
import os
import pathlib
import subprocess
import sys

import pytest

EXPERIMENTS = pathlib.Path(__file__).resolve().parent.parent / "experiments"
SCRIPTS = sorted(p for p in EXPERIMENTS.glob("*.py") if p.name != "outdir.py")


def load_outdir():
    spec = importlib.util.spec_from_file_location("outdir", EXPERIMENTS / "outdir.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_every_experiment_takes_an_output_directory(script, tmp_path):
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, str(script), "--help"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--out DIR" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_output_directory_defaults_to_the_readme_figures_and_is_made_when_given(tmp_path):
    outdir = load_outdir()
    assert outdir.output_dir("doc", []) == EXPERIMENTS / "figures"
    given = tmp_path / "new" / "figures"
    assert outdir.output_dir("doc", ["--out", str(given)]) == given
    assert given.is_dir()
