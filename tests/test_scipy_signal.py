"""wengert.scipy.signal: convolve, correlate and fftconvolve in every mode and dimension give
SciPy's values, and their rules pass check_grad in both modes at order 2."""

import numpy as onp
import pytest
import scipy.signal as oss

import wengert as wg
from wengert.scipy import signal

rng = onp.random.default_rng(3)


@pytest.fixture(autouse=True)
def keep_only_what_rules_read(monkeypatch):
    monkeypatch.setattr("wengert.reverse._SLIM_SIZE", 0)


SHAPES = [((6,), (3,)), ((3,), (5,)), ((4, 5), (2, 3)), ((2, 3), (3, 4)), ((3, 4, 2), (2, 2, 2))]
MODES = ["full", "same", "valid"]
FUNCTIONS = [("convolve", {}), ("convolve", {"method": "direct"}), ("correlate", {}),
             ("correlate", {"method": "direct"}), ("fftconvolve", {})]


def _pair(sa, sb):
    return rng.standard_normal(sa), rng.standard_normal(sb)


def _valid_possible(sa, sb):
    return all(x >= y for x, y in zip(sa, sb)) or all(y >= x for x, y in zip(sa, sb))


def _cases():
    for name, kw in FUNCTIONS:
        for sa, sb in SHAPES:
            for mode in MODES:
                if mode == "valid" and not _valid_possible(sa, sb):
                    continue
                yield pytest.param(name, kw, sa, sb, mode, id=f"{name}{kw.get('method', '')}-{sa}-{sb}-{mode}")


@pytest.mark.parametrize("name, kw, sa, sb, mode", list(_cases()))
def test_values_and_rules(name, kw, sa, sb, mode):
    a, b = _pair(sa, sb)
    f = lambda a, b: getattr(signal, name)(a, b, mode, **kw)  # noqa: E731
    onp.testing.assert_allclose(f(a, b), getattr(oss, name)(a, b, mode, **kw), rtol=1e-10, atol=1e-12)
    wg.check_grad(f, a, b)


@pytest.mark.parametrize("mode", MODES)
def test_fftconvolve_along_some_axes_broadcasts_the_others(mode):
    a, b = rng.standard_normal((3, 6)), rng.standard_normal((1, 4))
    f = lambda a, b: signal.fftconvolve(a, b, mode, axes=1)  # noqa: E731
    onp.testing.assert_allclose(f(a, b), oss.fftconvolve(a, b, mode, axes=1), rtol=1e-10, atol=1e-12)
    wg.check_grad(f, a, b)


def test_the_gradient_of_a_convolution_is_a_correlation():
    signal_in, kernel = rng.standard_normal(8), rng.standard_normal(3)
    g = rng.standard_normal(10)
    _, vjp_fn = wg.vjp(lambda k: signal.convolve(signal_in, k), kernel)
    onp.testing.assert_allclose(vjp_fn(g)[0], oss.correlate(g, signal_in, "valid"), rtol=1e-12)


def test_scalars_multiply_and_bad_input_is_refused():
    assert signal.convolve(onp.float64(2.0), onp.float64(3.0)) == 6.0
    with pytest.raises(ValueError, match="same dimensionality"):
        signal.convolve(onp.ones(3), onp.ones((2, 2)))
    with pytest.raises(ValueError, match="at least as large"):
        signal.convolve(onp.ones((3, 1)), onp.ones((1, 3)), "valid")
    with pytest.raises(ValueError, match="mode must be"):
        signal.correlate(onp.ones(3), onp.ones(2), "circular")


def test_an_uncovered_signal_function_names_itself():
    with pytest.raises(TypeError, match=r"scipy\.signal\.lfilter is not differentiable"):
        wg.grad(lambda x: signal.lfilter([1.0], [1.0, -0.5], x).sum())(onp.ones(4))
