"""Coverage you can read: every public function of scipy.special, scipy.stats and scipy.linalg is
covered by wengert.scipy, listed as having no derivative by nature, or listed as not covered yet
with a reason (wengert.scipy.coverage). The README states the figures this test computes."""

import pathlib
import re

import numpy as onp
import pytest
import scipy.linalg
import scipy.special
import scipy.stats

import wengert as wg
import wengert.scipy.linalg as wlinalg
import wengert.scipy.special as wspecial
import wengert.scipy.stats as wstats
from wengert.scipy.coverage import LINALG, SPECIAL, STATS
from wengert.scipy.stats import is_distribution

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
MODULES = {"special": (scipy.special, wspecial, SPECIAL), "stats": (scipy.stats, wstats, STATS),
           "linalg": (scipy.linalg, wlinalg, LINALG)}


def _functions(module):
    """Public callables that are not classes (and, for stats, not distributions)."""
    return {n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n))
            and not isinstance(getattr(module, n), type) and not is_distribution(getattr(module, n))}


def _distributions():
    return {n for n in dir(scipy.stats) if not n.startswith("_") and is_distribution(getattr(scipy.stats, n))}


def figures(name):
    """(covered, no derivative by nature, not yet, all) for one SciPy module's functions."""
    scipy_module, ours, listing = MODULES[name]
    names = _functions(scipy_module)
    covered = set(ours.__all__) & names
    return len(covered), len(listing.no_derivative), len(listing.not_yet), len(names)


@pytest.mark.parametrize("name", MODULES)
def test_every_function_is_covered_or_listed_with_a_reason(name):
    scipy_module, ours, listing = MODULES[name]
    names = _functions(scipy_module)
    covered = set(ours.__all__) - (_distributions() if name == "stats" else set())
    unlisted = names - covered - set(listing.no_derivative) - set(listing.not_yet)
    assert sorted(unlisted) == [], f"scipy.{name} functions neither covered nor listed"
    assert covered <= names, "a covered name SciPy does not have"
    stale = (set(listing.no_derivative) | set(listing.not_yet)) - names
    assert sorted(stale) == [], "listed names SciPy does not have"
    assert not covered & (set(listing.no_derivative) | set(listing.not_yet)), "covered and listed"
    assert not set(listing.no_derivative) & set(listing.not_yet)
    assert all(reason.strip() for reason in {**listing.no_derivative, **listing.not_yet}.values())


def test_every_covered_distribution_is_scipys():
    covered = set(wstats.__all__)
    assert covered <= _distributions()
    for name in covered:
        assert getattr(wstats, name).name == name


def test_the_readme_states_the_figures():
    text = README.read_text()
    for name in MODULES:
        covered, none, not_yet, total = figures(name)
        if name == "stats":
            stated = (f"`scipy.stats`: {len(wstats.__all__)} of {len(_distributions())} distributions "
                      f"covered; of its other {total} functions")
        else:
            stated = f"`scipy.{name}`: {covered} of {total} functions covered"
        assert stated in text, f"README should say: {stated}"
        assert re.search(rf"`scipy\.{name}`:.{{0,120}}?\b{none}\s+without\s+a\s+derivative\s+by\s+nature"
                         rf".{{0,160}}?\b{not_yet}\s+not\s+covered\s+yet", text, re.S), \
            f"README should give scipy.{name}'s {none} functions without a derivative and {not_yet} not yet"


def test_a_function_without_a_derivative_by_nature_takes_traced_values():
    ranks = wg.grad(lambda x: wg.numpy.sum(wstats.rankdata(x) * x))(onp.array([3.0, 1.0, 2.0]))
    onp.testing.assert_array_equal(ranks, [3.0, 1.0, 2.0])
    assert wlinalg.issymmetric(onp.eye(2))


@pytest.mark.parametrize("call, message", [
    (lambda x: wspecial.loggamma(x), r"scipy\.special\.loggamma .*gammaln is covered"),
    (lambda x: wstats.gumbel_r.logpdf(x), r"scipy\.stats\.gumbel_r\.logpdf .*Not covered yet"),
    (lambda x: wstats.invgamma.logpdf(x, 2.0), r"invgamma\.logpdf .*wengert\.scipy\.stats\.gamma"),
    (lambda x: wstats.skew(onp.array([1.0, 2.0, 4.0]) * x), r"scipy\.stats\.skew .*compositions"),
    (lambda x: wlinalg.pinvh(onp.eye(2) * x)[0, 0], r"scipy\.linalg\.pinvh .*wengert\.scipy\.linalg\.pinv")])
def test_an_uncovered_function_says_what_to_use(call, message):
    with pytest.raises(TypeError, match=message):
        wg.grad(call)(2.0)
