"""Coverage you can read: every public function of numpy, numpy.linalg and numpy.fft is
covered by wengert.numpy, listed as non-differentiable by nature, or listed as not yet
covered with a reason. The README's figure is `coverage()`'s."""

import pathlib
import types

import numpy as onp
import pytest

import wengert as wg
import wengert.numpy as wnp

# Functions whose results carry no derivative, whatever the input: integers and bits,
# booleans, indices, sets, dtypes, printing and files, windows of a length, dates, settings
NONDIFF_BY_NATURE = set("""
argpartition nanargmax nanargmin lexsort ix_ diag_indices_from tril_indices_from triu_indices_from
mask_indices fromfunction histogram2d histogramdd histogram_bin_edges isin intersect1d setdiff1d
setxor1d union1d unique_all unique_counts unique_inverse unique_values array_equiv signbit spacing
floor_divide bitwise_and bitwise_count bitwise_invert bitwise_left_shift bitwise_not bitwise_or
bitwise_right_shift bitwise_xor invert left_shift right_shift gcd lcm packbits unpackbits
bartlett blackman hamming hanning kaiser broadcast_shapes can_cast common_type min_scalar_type
mintypecode promote_types isdtype issubdtype iterable isfortran may_share_memory shares_memory
typename array2string array_repr array_str base_repr binary_repr format_float_positional
format_float_scientific printoptions set_printoptions get_printoptions setbufsize getbufsize seterr
geterr seterrcall geterrcall info show_config show_runtime get_include test einsum_path
nested_iters busday_count busday_offset is_busday isnat datetime_as_string datetime_data
load save savez savez_compressed loadtxt savetxt genfromtxt fromfile frombuffer fromstring
fromregex fromiter frompyfunc from_dlpack
copyto place put put_along_axis putmask fill_diagonal
""".split())  # the last line writes into an array in place: traced arrays are immutable

NOT_YET = {
    "apply_along_axis": "calls a Python function per slice; write it on the whole array",
    "apply_over_axes": "calls a Python function per axis; write it on the whole array",
    "asarray_chkfinite": "asarray is covered; the finiteness check is not",
    "asmatrix": "np.matrix is deprecated; use arrays and @",
    "bmat": "np.matrix is deprecated; use np.block's relative, np.concatenate",
    "block": "np.concatenate of np.concatenate's is covered",
    "choose": "np.select and np.take_along_axis are covered",
    "compress": "boolean indexing is covered",
    "extract": "boolean indexing is covered",
    "delete": "indexing with the kept indices is covered",
    "insert": "np.concatenate is covered",
    "resize": "np.tile and slicing are covered",
    "piecewise": "np.select is covered",
    "copysign": "np.abs(x) * np.sign(y) is covered",
    "fmod": "np.remainder is covered (Python's sign rule)",
    "float_power": "np.power on float64 values is covered",
    "divmod": "np.floor_divide and np.remainder are covered",
    "modf": "a fractional part with slope 1; x - np.trunc(x) is covered",
    "frexp": "mantissa and exponent: piecewise, rarely in objectives",
    "ldexp": "x * 2.0 ** i is covered",
    "nextafter": "a step of one ulp: rarely in objectives",
    "sort_complex": "np.sort of complex values is not covered (lexicographic order)",
    "trim_zeros": "slicing with the found bounds is covered",
    "unwrap": "phase unwrapping: np.diff and np.cumsum are covered",
    "i0": "a Bessel function: scipy.special's territory",
    "cov": "the covariance written out is covered (see the error's hint)",
    "corrcoef": "the covariance written out is covered (see the error's hint)",
    "nanmedian": "np.median of the values that are not NaN is covered",
    "nanquantile": "np.quantile of the values that are not NaN is covered",
    "nanpercentile": "np.percentile of the values that are not NaN is covered",
    "require": "asarray is covered; memory requirements mean nothing to a traced value",
    "poly": "polynomial from roots: np.convolve is covered",
    "polyadd": "adding padded coefficient arrays is covered",
    "polysub": "subtracting padded coefficient arrays is covered",
    "polymul": "np.convolve is covered",
    "polydiv": "polynomial division: not yet",
    "polyder": "coefficients times powers is covered",
    "polyint": "coefficients over powers is covered",
    "polyfit": "np.linalg.lstsq on np.vander is covered",
    "roots": "np.linalg.eigvals of the companion matrix is covered",
    "linalg.tensorsolve": "np.linalg.solve on reshaped arrays is covered",
    "linalg.tensorinv": "np.linalg.inv of the reshaped array is covered",
}

NAMESPACES = [("", onp, wnp), ("linalg.", onp.linalg, wnp.linalg), ("fft.", onp.fft, wnp.fft)]


def _public_functions(module):
    return sorted(n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n))
                  and not isinstance(getattr(module, n), (type, types.ModuleType)))


def coverage():
    """(covered, by nature non-differentiable, not yet covered) names over the three namespaces."""
    covered, nondiff, missing = [], [], []
    for prefix, numpy_module, ours in NAMESPACES:
        for name in _public_functions(numpy_module):
            key = prefix + name
            if name in ours.__all__:
                covered.append(key)
            elif name in NONDIFF_BY_NATURE or key in ("linalg.test", "fft.test"):
                nondiff.append(key)
            else:
                missing.append(key)
    return covered, nondiff, missing


def test_every_numpy_function_is_covered_or_listed_with_a_reason():
    _, _, missing = coverage()
    assert sorted(set(missing) - set(NOT_YET)) == []


def test_the_lists_name_only_functions_numpy_has_and_wengert_does_not_cover():
    names = {prefix + n for prefix, m, _ in NAMESPACES for n in _public_functions(m)}
    covered, _, _ = coverage()
    assert sorted((set(NOT_YET) | NONDIFF_BY_NATURE) - names - {n.split(".")[-1] for n in names}) == []
    assert sorted(set(NOT_YET) & set(covered)) == []


def test_the_readme_states_the_figure():
    covered, nondiff, missing = coverage()
    readme = (pathlib.Path(__file__).parent.parent / "README.md").read_text()
    total = len(covered) + len(nondiff) + len(missing)
    assert f"{len(covered)} of the {total} public functions" in readme
    assert f"{len(missing)} are not covered yet" in readme


@pytest.mark.parametrize("name", ["cov", "polyfit", "linalg.tensorsolve"])
def test_a_function_not_yet_covered_raises_naming_it_and_its_relative(name):
    module, attr = (wnp.linalg, name[7:]) if name.startswith("linalg.") else (wnp, name)
    with pytest.raises(TypeError, match=f"numpy.{name} is not differentiable in wengert") as err:
        wg.grad(lambda x: wnp.sum(getattr(module, attr)(x)))(onp.eye(2) + 1.0)
    if name != "polyfit":
        assert "close relative is covered" in str(err.value)


def test_a_function_non_differentiable_by_nature_works_on_plain_values():
    assert wnp.bitwise_and(6, 3) == 2 and list(wnp.hanning(3)) == [0.0, 1.0, 0.0]
