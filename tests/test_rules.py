"""Every differentiation rule against central differences: both modes, order 2, across shapes.

One test id per (function, shape case). Inputs are drawn inside each function's
domain and away from its kinks, so central differences are accurate there.
"""

import numpy as onp
import pytest

import wengert as wg
import wengert.numpy as np
import wengert.scipy.special as sp
import wengert.scipy.stats.norm as norm

rng = onp.random.default_rng(0)


@pytest.fixture(autouse=True)
def keep_only_what_rules_read(monkeypatch):
    """Slim every array on the tape, as happens to large ones, so rules that read a
    value they did not declare are caught here."""
    monkeypatch.setattr("wengert.reverse._SLIM_SIZE", 0)


def normal(*shape):
    return rng.standard_normal(shape) if shape else float(rng.standard_normal())


def uniform(lo, hi, *shape):
    return rng.uniform(lo, hi, shape) if shape else float(rng.uniform(lo, hi))


SHAPES = [(), (3,), (2, 3)]

# name, function, domain sampler (shape -> array)
UNARY = [
    ("exp", np.exp, normal), ("exp2", np.exp2, normal), ("expm1", np.expm1, normal),
    ("log", np.log, lambda *s: uniform(0.5, 2, *s)), ("log2", np.log2, lambda *s: uniform(0.5, 2, *s)),
    ("log10", np.log10, lambda *s: uniform(0.5, 2, *s)), ("log1p", np.log1p, lambda *s: uniform(-0.5, 2, *s)),
    ("sqrt", np.sqrt, lambda *s: uniform(0.5, 2, *s)), ("cbrt", np.cbrt, lambda *s: uniform(0.5, 2, *s)),
    ("square", np.square, normal), ("reciprocal", np.reciprocal, lambda *s: uniform(0.5, 2, *s)),
    ("abs", np.abs, lambda *s: uniform(0.2, 2, *s) * onp.sign(normal(*s) + 1e-3)),
    ("absolute", np.absolute, lambda *s: uniform(0.2, 2, *s)),
    ("negative", np.negative, normal), ("positive", np.positive, normal),
    ("sin", np.sin, normal), ("cos", np.cos, normal), ("tan", np.tan, lambda *s: uniform(-1, 1, *s)),
    ("arcsin", np.arcsin, lambda *s: uniform(-0.8, 0.8, *s)),
    ("arccos", np.arccos, lambda *s: uniform(-0.8, 0.8, *s)), ("arctan", np.arctan, normal),
    ("sinh", np.sinh, normal), ("cosh", np.cosh, normal), ("tanh", np.tanh, normal),
    ("arcsinh", np.arcsinh, normal), ("arccosh", np.arccosh, lambda *s: uniform(1.2, 3, *s)),
    ("arctanh", np.arctanh, lambda *s: uniform(-0.8, 0.8, *s)), ("sinc", np.sinc, normal),
    ("deg2rad", np.deg2rad, normal), ("rad2deg", np.rad2deg, normal),
    ("fabs", np.fabs, lambda *s: uniform(0.2, 2, *s)),
    ("expit", sp.expit, normal), ("log_expit", sp.log_expit, normal), ("erf", sp.erf, normal),
    ("erfc", sp.erfc, normal), ("gammaln", sp.gammaln, lambda *s: uniform(0.5, 3, *s)),
    ("digamma", sp.digamma, lambda *s: uniform(0.5, 3, *s)),
    ("norm.logpdf", norm.logpdf, normal), ("norm.cdf", norm.cdf, normal),
    ("norm.logcdf", norm.logcdf, normal), ("ndtr", sp.ndtr, normal),
]

BINARY = [
    ("add", np.add, normal, normal), ("subtract", np.subtract, normal, normal),
    ("multiply", np.multiply, normal, normal), ("divide", np.divide, normal, lambda *s: uniform(0.5, 2, *s)),
    ("power", np.power, lambda *s: uniform(0.5, 2, *s), normal),
    ("maximum", np.maximum, normal, normal), ("minimum", np.minimum, normal, normal),
    ("fmax", np.fmax, normal, normal), ("fmin", np.fmin, normal, normal),
    ("arctan2", np.arctan2, normal, lambda *s: uniform(0.5, 2, *s)),
    ("hypot", np.hypot, lambda *s: uniform(0.5, 2, *s), normal),
    ("logaddexp", np.logaddexp, normal, normal), ("logaddexp2", np.logaddexp2, normal, normal),
    ("true_divide", np.true_divide, normal, lambda *s: uniform(0.5, 2, *s)),
    ("mod", np.mod, lambda *s: uniform(0.1, 0.9, *s), lambda *s: uniform(1.5, 2, *s)),
    ("remainder", np.remainder, lambda *s: uniform(0.1, 0.9, *s), lambda *s: uniform(1.5, 2, *s)),
    ("xlogy", sp.xlogy, normal, lambda *s: uniform(0.5, 2, *s)),
    ("xlog1py", sp.xlog1py, normal, lambda *s: uniform(0.5, 2, *s)),
    ("norm.logpdf(loc,scale)", lambda x, s: norm.logpdf(x, 0.3, s), normal, lambda *s: uniform(0.5, 2, *s)),
]
BROADCAST = [((), ()), ((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 3)), ((2, 3), ())]


def cases():
    for name, f, draw in UNARY:
        for shape in SHAPES:
            yield pytest.param(f, (draw(*shape),), id=f"{name}-{shape}")
    for name, f, draw_x, draw_y in BINARY:
        for sx, sy in BROADCAST:
            yield pytest.param(f, (draw_x(*sx), draw_y(*sy)), id=f"{name}-{sx}-{sy}")
    yield from reductions()
    yield from indexing()
    yield from products()
    yield from linalg()
    yield from shapes()
    yield from special()
    yield from complex_cases()
    yield from fourier()
    yield from more_arrays()


def reductions():
    m, v = normal(2, 3), normal(4)
    for name, f in [("sum", np.sum), ("mean", np.mean), ("max", np.max), ("min", np.min),
                    ("amax", np.amax), ("amin", np.amin), ("std", np.std), ("var", np.var),
                    ("prod", np.prod), ("ptp", np.ptp)]:
        yield pytest.param(f, (v,), id=f"{name}-vector")
        for axis in (None, 0, 1, -1, (0, 1)):
            for keepdims in (False, True):
                yield pytest.param(lambda x, f=f, axis=axis, keepdims=keepdims: f(x, axis=axis, keepdims=keepdims),
                                   (m,), id=f"{name}-matrix-axis{axis}-keepdims{keepdims}")
    with_zeros = onp.array([[0.5, 0.0, 2.0], [1.5, -1.0, 0.7]])
    for axis in (None, 0, 1, (0, 1)):
        yield pytest.param(lambda x, axis=axis: np.prod(x, axis=axis), (with_zeros,), id=f"prod-at-a-zero-axis{axis}")
    yield pytest.param(lambda x: np.cumprod(x, axis=1), (with_zeros,), id="cumprod-at-a-zero")
    yield pytest.param(lambda x: np.var(x, ddof=1), (v,), id="var-ddof1")
    yield pytest.param(lambda x: np.std(x, axis=0, ddof=1), (m,), id="std-axis0-ddof1")
    for axis in (None, 0, 1):
        yield pytest.param(lambda x, axis=axis: np.cumsum(x, axis=axis), (m,), id=f"cumsum-axis{axis}")
        yield pytest.param(lambda x, axis=axis: np.cumprod(x, axis=axis), (m,), id=f"cumprod-axis{axis}")
    yield pytest.param(lambda x: np.average(x), (m,), id="average")
    yield pytest.param(lambda x, w: np.average(x, axis=1, weights=w), (m, uniform(0.5, 1, 2, 3)), id="average-weights")
    yield pytest.param(lambda x: np.average(x, axis=0, weights=onp.array([1.0, 2.0])), (m,), id="average-1d-weights")
    for ord in (None, 1, 2, onp.inf, -onp.inf, 3):
        yield pytest.param(lambda x, ord=ord: np.linalg.norm(x, ord), (v,), id=f"norm-vector-ord{ord}")
    for ord in (None, "fro", 1, onp.inf, 2):
        yield pytest.param(lambda x, ord=ord: np.linalg.norm(x, ord), (m,), id=f"norm-matrix-ord{ord}")
    yield pytest.param(lambda x: np.linalg.norm(x, axis=1), (m,), id="norm-axis1")
    yield pytest.param(lambda x: np.linalg.norm(x, axis=0, keepdims=True), (m,), id="norm-axis0-keepdims")


def indexing():
    v, m, t = normal(5), normal(3, 4), normal(2, 3, 4)
    mask = onp.array([True, False, True, True, False])
    for label, idx in [("int", 1), ("negative", -1), ("slice", slice(1, 4)), ("step", slice(None, None, 2)),
                       ("reverse", slice(None, None, -1)), ("int-array-repeated", onp.array([0, 2, 0, 4])),
                       ("list", [1, 1, 3]), ("mask", mask), ("newaxis", (None, slice(None)))]:
        yield pytest.param(lambda x, idx=idx: x[idx], (v,), id=f"getitem-{label}")
    for label, idx in [("row", 1), ("col", (slice(None), 2)), ("ellipsis", (Ellipsis, 1)),
                       ("pair-arrays", (onp.array([0, 2, 2]), onp.array([1, 3, 1]))),
                       ("mask-2d", m > 0), ("mixed", (slice(0, 2), [0, 3]))]:
        yield pytest.param(lambda x, idx=idx: x[idx], (m,), id=f"getitem-matrix-{label}")
    yield pytest.param(lambda x: x[..., None, 1:3], (t,), id="getitem-3d-ellipsis-newaxis")
    yield pytest.param(lambda x, y: np.where(x > 0, x, y), (normal(2, 3), normal(3)), id="where-broadcast")
    yield pytest.param(lambda x: np.where(x > 0, x * 2, 0.0), (v,), id="where-constant")
    yield pytest.param(lambda x: np.clip(x, -0.5, 0.7), (onp.array([-1.0, -0.2, 0.3, 1.2]),), id="clip")
    yield pytest.param(lambda x: np.clip(x, None, 0.1), (onp.array([-1.0, 0.3]),), id="clip-upper-only")
    yield pytest.param(np.sort, (v,), id="sort")
    yield pytest.param(lambda x: np.sort(x, axis=0), (m,), id="sort-axis0")
    yield pytest.param(lambda x: np.sort(x, axis=None), (m,), id="sort-flat")
    yield pytest.param(lambda x: np.take(x, [0, 3, 3]), (m,), id="take-flat")
    yield pytest.param(lambda x: np.take(x, onp.array([2, 0]), axis=1), (m,), id="take-axis1")
    yield pytest.param(lambda x: np.take_along_axis(x, onp.argsort(onp.asarray(m), 1), 1), (m,), id="take_along_axis")


def products():
    a, b = normal(2, 3), normal(3, 4)
    u, w = normal(3), normal(3)
    yield pytest.param(np.dot, (a, b), id="dot-matrix-matrix")
    yield pytest.param(np.dot, (a, u), id="dot-matrix-vector")
    yield pytest.param(np.dot, (u, b), id="dot-vector-matrix")
    yield pytest.param(np.dot, (u, w), id="dot-vector-vector")
    yield pytest.param(np.dot, (2.0, u), id="dot-scalar")
    yield pytest.param(np.dot, (normal(2, 2, 3), normal(3, 2)), id="dot-3d")
    yield pytest.param(np.matmul, (a, b), id="matmul")
    yield pytest.param(np.matmul, (normal(4, 2, 3), b), id="matmul-batch-broadcast")
    yield pytest.param(np.matmul, (normal(2, 1, 2, 3), normal(3, 3, 4)), id="matmul-batch-both")
    yield pytest.param(np.matmul, (u, normal(2, 3, 4)), id="matmul-vector-batch")
    yield pytest.param(np.matmul, (normal(2, 4, 3), w), id="matmul-batch-vector")
    yield pytest.param(lambda x, y: x @ y, (u, w), id="matmul-operator-vectors")
    yield pytest.param(np.vdot, (a, normal(2, 3)), id="vdot")
    yield pytest.param(np.inner, (a, normal(4, 3)), id="inner")
    yield pytest.param(np.outer, (u, normal(4)), id="outer")
    yield pytest.param(lambda x, y: np.tensordot(x, y, 1), (a, b), id="tensordot-1")
    yield pytest.param(lambda x, y: np.tensordot(x, y, 2), (normal(2, 3, 4), normal(3, 4, 2)), id="tensordot-2")
    yield pytest.param(lambda x, y: np.tensordot(x, y, ([0, 2], [2, 0])), (normal(2, 3, 4), normal(4, 5, 2)),
                       id="tensordot-axes")
    for spec, shapes in [("ij,jk->ik", [(2, 3), (3, 4)]), ("i,i->", [(3,), (3,)]), ("ij->", [(2, 3)]),
                         ("ij->ji", [(2, 3)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
                         ("...ij,...jk->...ik", [(2, 2, 3), (2, 3, 2)]), ("ij,k->ijk", [(2, 3), (2,)]),
                         ("ij,ij->i", [(2, 3), (2, 3)]), ("ij,jk", [(2, 3), (3, 2)]), ("ijk->i", [(2, 3, 2)]),
                         ("ii->i", [(3, 3)]), ("ii->", [(3, 3)]), ("iij,j->i", [(2, 2, 3), (3,)]),
                         ("ii,ij->j", [(3, 3), (3, 2)]), ("iii->", [(2, 2, 2)])]:
        yield pytest.param(lambda *ops, spec=spec: np.einsum(spec, *ops), tuple(normal(*s) for s in shapes),
                           id=f"einsum-{spec}")
    yield pytest.param(np.trace, (normal(3, 3),), id="trace")
    yield pytest.param(lambda x: np.trace(x, 1), (normal(3, 4),), id="trace-offset")
    yield pytest.param(np.diag, (u,), id="diag-vector")
    yield pytest.param(lambda x: np.diag(x, -1), (u,), id="diag-vector-offset")
    yield pytest.param(np.diag, (normal(3, 3),), id="diag-matrix")
    yield pytest.param(lambda x: np.diagonal(x, 1), (normal(3, 4),), id="diagonal-offset")
    yield pytest.param(lambda x: np.diagonal(x, 0, 1, 2), (normal(2, 3, 3),), id="diagonal-axes")
    yield pytest.param(np.triu, (normal(3, 3),), id="triu")
    yield pytest.param(lambda x: np.tril(x, -1), (normal(3, 4),), id="tril")
    yield pytest.param(np.kron, (normal(2, 2), normal(2, 3)), id="kron")
    yield pytest.param(np.kron, (u, normal(2)), id="kron-vectors")


def _spd(n, batch=()):
    a = normal(*batch, n, n)
    return a @ onp.swapaxes(a, -1, -2) + n * onp.eye(n)


def _one_triangle(a, uplo):
    """`a`'s triangle `uplo` (diagonal included) and noise in the other."""
    keep = onp.tril(onp.ones(a.shape[-2:], bool)) if uplo == "L" else onp.triu(onp.ones(a.shape[-2:], bool))
    return onp.where(keep, a, normal(*a.shape))


def linalg():
    yield pytest.param(np.linalg.inv, (_spd(3),), id="inv")
    yield pytest.param(np.linalg.inv, (_spd(2, (2,)),), id="inv-batch")
    yield pytest.param(np.linalg.det, (normal(3, 3),), id="det")
    yield pytest.param(np.linalg.det, (normal(2, 3, 3),), id="det-batch")
    yield pytest.param(lambda x: np.linalg.slogdet(x)[1], (normal(3, 3),), id="slogdet")
    yield pytest.param(np.linalg.solve, (_spd(3), normal(3)), id="solve-vector")
    yield pytest.param(np.linalg.solve, (_spd(3), normal(3, 2)), id="solve-matrix")
    # cholesky and eigh read one triangle: the other holds noise, which must not count
    yield pytest.param(np.linalg.cholesky, (_one_triangle(_spd(3), "L"),), id="cholesky")
    yield pytest.param(np.linalg.cholesky, (_one_triangle(_spd(2, (2,)), "L"),), id="cholesky-batch")
    for uplo in ("L", "U"):
        yield pytest.param(lambda x, uplo=uplo: np.linalg.eigh(x, UPLO=uplo)[0], (normal(3, 3),),
                           id=f"eigh-values-{uplo}")
        yield pytest.param(lambda x, uplo=uplo: np.linalg.eigh(x, UPLO=uplo)[1] ** 2, (normal(3, 3),),
                           id=f"eigh-vectors-{uplo}")
        yield pytest.param(lambda x, uplo=uplo: np.linalg.eigvalsh(x, UPLO=uplo), (normal(2, 3, 3),),
                           id=f"eigvalsh-batch-{uplo}")
    yield from decompositions()
    yield pytest.param(np.linalg.pinv, (normal(4, 2),), id="pinv-tall")
    yield pytest.param(np.linalg.pinv, (normal(2, 4),), id="pinv-wide")
    yield pytest.param(np.linalg.pinv, (normal(3, 3),), id="pinv-square")


def _projector(q, cols):
    """q[:, cols] q[:, cols]^H: what the columns span, which is all their derivative fixes."""
    part = q[..., cols]
    return part @ np.conj(np.swapaxes(part, -1, -2))


def decompositions():
    tall, wide, square = normal(4, 3), normal(3, 4), normal(3, 3)
    yield pytest.param(lambda x: np.linalg.svd(x, compute_uv=False), (tall,), id="svd-values")
    yield pytest.param(lambda x: np.linalg.svd(x, compute_uv=False), (normal(2, 3, 4),), id="svd-values-batch")
    for label, a in [("tall", tall), ("wide", wide), ("square", square)]:
        yield pytest.param(lambda x: [p ** 2 for p in np.linalg.svd(x, full_matrices=False)], (a,),
                           id=f"svd-thin-{label}")  # squares: free of the factors' signs
    yield pytest.param(lambda x: [p ** 2 for p in np.linalg.svd(x, full_matrices=False)], (normal(2, 4, 3),),
                       id="svd-thin-batch")
    yield pytest.param(lambda x: _projector(np.linalg.svd(x)[0], slice(3, None)), (tall,), id="svd-full-u")
    yield pytest.param(lambda x: _projector(np.swapaxes(np.linalg.svd(x)[2], -1, -2), slice(3, None)),
                       (normal(2, 3, 4),), id="svd-full-vh-batch")
    yield pytest.param(lambda x: np.linalg.svdvals(x), (tall,), id="svdvals")
    yield pytest.param(lambda x: np.linalg.eig(x)[0], (square,), id="eig-values")
    yield pytest.param(lambda x: np.abs(np.linalg.eig(x)[1]) ** 2, (square,), id="eig-vectors")
    yield pytest.param(lambda x: np.linalg.eigvals(x), (normal(2, 3, 3),), id="eigvals-batch")
    yield pytest.param(lambda x: np.linalg.qr(x), (tall,), id="qr")
    yield pytest.param(lambda x: np.linalg.qr(x), (normal(2, 4, 3),), id="qr-batch")
    yield pytest.param(lambda x: np.linalg.qr(x, mode="r"), (wide,), id="qr-wide-r")
    yield pytest.param(lambda x: _projector(np.linalg.qr(x, mode="complete")[0], slice(3, None)), (tall,),
                       id="qr-complete")
    yield pytest.param(lambda a, b: np.linalg.lstsq(a, b)[:2], (tall, normal(4)), id="lstsq")
    yield pytest.param(lambda a, b: np.linalg.lstsq(a, b)[0], (wide, normal(3, 2)), id="lstsq-wide")
    for n in (0, 1, 3, -2):
        yield pytest.param(lambda x, n=n: np.linalg.matrix_power(x, n), (_spd(3),), id=f"matrix_power-{n}")
    yield pytest.param(lambda x: np.linalg.matrix_power(x, 2), (normal(2, 3, 3),), id="matrix_power-batch")
    yield pytest.param(lambda x, y: np.linalg.multi_dot([x, y, x.T]), (tall, normal(3, 3)), id="multi_dot")
    for ord in ("nuc", 2, -2, -1, -onp.inf):
        yield pytest.param(lambda x, ord=ord: np.linalg.norm(x, ord), (tall,), id=f"norm-matrix-ord{ord}")
    yield pytest.param(lambda x: np.linalg.norm(x, "nuc", axis=(2, 0)), (normal(3, 2, 4),), id="norm-axis-tuple")
    yield pytest.param(lambda x: np.linalg.norm(x, -1.5, axis=0), (tall,), id="norm-vector-negative-p")
    yield pytest.param(lambda x, y: np.linalg.norm([x, y, 2.0]), (1.5, -0.5), id="norm-of-a-list")
    yield pytest.param(lambda x: np.linalg.vector_norm(x, axis=(0, 1)), (normal(2, 3, 2),), id="vector_norm")
    yield pytest.param(lambda x: np.linalg.matrix_norm(x, ord=2), (normal(2, 3, 3),), id="matrix_norm")
    yield pytest.param(lambda x: np.linalg.cholesky(x, upper=True), (_one_triangle(_spd(3), "U"),),
                       id="cholesky-upper")
    yield pytest.param(np.linalg.solve, (_spd(3, (2,)), normal(3)), id="solve-batch-vector")
    yield pytest.param(np.linalg.matrix_transpose, (tall,), id="matrix_transpose")
    yield pytest.param(np.linalg.diagonal, (normal(2, 3, 3),), id="linalg-diagonal")
    yield pytest.param(np.linalg.trace, (normal(2, 3, 3),), id="linalg-trace")


def complex_normal(*shape):
    return normal(*shape) + 1j * normal(*shape) if shape else complex(normal(), normal())


def complex_cases():
    """Complex inputs, intermediates and outputs, holomorphic or not (autograd's and JAX's
    convention); check_grad moves complex inputs along complex directions."""
    z, m = complex_normal(3), complex_normal(2, 3)
    away = 0.7 + 0.5j + 0.2 * complex_normal(3)  # clear of branch cuts
    for name, f in [("exp", np.exp), ("log", np.log), ("sqrt", np.sqrt), ("sin", np.sin), ("cos", np.cos),
                    ("tan", np.tan), ("tanh", np.tanh), ("arcsin", np.arcsin), ("arctan", np.arctan),
                    ("arccosh", np.arccosh), ("reciprocal", np.reciprocal), ("square", np.square),
                    ("log1p", np.log1p), ("expm1", np.expm1), ("sinh", np.sinh), ("cosh", np.cosh),
                    ("exp2", np.exp2), ("log10", np.log10), ("arccos", np.arccos), ("arcsinh", np.arcsinh),
                    ("arctanh", np.arctanh), ("log2", np.log2), ("sinc", np.sinc)]:
        yield pytest.param(f, (away,), id=f"complex-{name}")
    for name, f in [("real", np.real), ("imag", np.imag), ("conj", np.conj), ("conjugate", np.conjugate),
                    ("angle", np.angle), ("abs", np.abs), ("angle-deg", lambda x: np.angle(x, deg=True)),
                    ("real-attribute", lambda x: x.real * x.imag), ("conj-method", lambda x: x.conj() * x),
                    ("real_if_close", lambda x: np.real_if_close(x * np.conj(x)))]:
        yield pytest.param(f, (z,), id=f"complex-{name}")
    for name, f in [("add", np.add), ("multiply", np.multiply), ("divide", np.divide), ("power", np.power),
                    ("subtract", np.subtract)]:
        yield pytest.param(f, (away, away[::-1]), id=f"complex-{name}")
        yield pytest.param(f, (normal(3), away), id=f"complex-{name}-real-and-complex")
    yield pytest.param(lambda x: np.exp(1j * x), (normal(3),), id="complex-output-of-a-real-input")
    yield pytest.param(lambda x: np.imag(np.exp(1j * x) * x), (normal(3),), id="complex-intermediate-imag")
    yield pytest.param(lambda x: np.astype(x, complex) * (1 - 2j), (normal(3),), id="astype-complex")
    yield pytest.param(lambda x: np.astype(x * 1j, np.float64), (normal(3),), id="astype-complex-to-real")
    for name, f in [("sum", np.sum), ("mean", np.mean), ("prod", np.prod), ("var", np.var), ("std", np.std),
                    ("cumsum", lambda x: np.cumsum(x, axis=1)), ("cumprod", lambda x: np.cumprod(x, axis=1)),
                    ("sum-axis0", lambda x: np.sum(x, axis=0))]:
        yield pytest.param(f, (m,), id=f"complex-{name}")
    a, b = complex_normal(3, 3), complex_normal(3, 2)
    for name, f, args in [("matmul", np.matmul, (a, b)), ("dot", np.dot, (a, b[:, 0])),
                          ("vdot", np.vdot, (a, a.T)), ("einsum", lambda x, y: np.einsum("ij,jk->ik", x, y), (a, b)),
                          ("outer", np.outer, (z, z)), ("tensordot", lambda x, y: np.tensordot(x, y, 1), (a, b)),
                          ("kron", np.kron, (a[:2, :2], b)), ("trace", np.trace, (a,)),
                          ("matmul-real-complex", np.matmul, (normal(2, 3), b))]:
        yield pytest.param(f, args, id=f"complex-{name}")
    hpd = a @ a.conj().T + 3 * onp.eye(3)
    for name, f, args in [
            ("inv", np.linalg.inv, (a,)), ("det", np.linalg.det, (a,)),
            ("slogdet", lambda x: np.linalg.slogdet(x)[1], (a,)), ("solve", np.linalg.solve, (a, b)),
            ("pinv", np.linalg.pinv, (complex_normal(4, 3),)),
            ("cholesky", np.linalg.cholesky, (_one_triangle(hpd, "L") + 0.3j * onp.eye(3),)),
            ("eigh-values", lambda x: np.linalg.eigh(x)[0], (a,)),
            ("eigh-vectors", lambda x: np.abs(np.linalg.eigh(x, UPLO="U")[1]) ** 2, (a,)),
            ("eigvalsh-batch", np.linalg.eigvalsh, (complex_normal(2, 3, 3),)),
            ("eig-values", lambda x: np.linalg.eig(x)[0], (a,)),
            ("eig-vectors", lambda x: np.abs(np.linalg.eig(x)[1]) ** 2, (a,)),
            ("svd-values", lambda x: np.linalg.svd(x, compute_uv=False), (complex_normal(4, 3),)),
            ("svd-vectors", lambda x: [np.abs(p) ** 2 for p in np.linalg.svd(x, full_matrices=False)],
             (complex_normal(3, 4),)),
            ("svd-product", lambda x: (lambda u, s, vh: (u * s) @ vh)(*np.linalg.svd(x, full_matrices=False)),
             (complex_normal(4, 3),)),
            ("qr", lambda x: [np.abs(p) ** 2 for p in np.linalg.qr(x)], (complex_normal(4, 3),)),
            ("qr-product", lambda x: (lambda q, r: q @ r)(*np.linalg.qr(x)), (complex_normal(4, 3),)),
            ("lstsq", lambda x, y: np.linalg.lstsq(x, y)[0], (complex_normal(4, 3), complex_normal(4))),
            ("norm", np.linalg.norm, (m,)), ("norm-nuc", lambda x: np.linalg.norm(x, "nuc"), (m,)),
            ("norm-2", lambda x: np.linalg.norm(x, 2), (m,)), ("norm-p", lambda x: np.linalg.norm(x, 3), (z,)),
            ("matrix_power", lambda x: np.linalg.matrix_power(x, 3), (a,))]:
        yield pytest.param(f, args, id=f"complex-linalg-{name}")


def fourier():
    """numpy.fft: each transform with `n` padding and cropping, every `norm`, real and complex inputs."""
    x, z = normal(6), complex_normal(6)
    m, mc = normal(3, 4), complex_normal(3, 4)
    for norm in (None, "ortho", "forward"):
        for n in (None, 4, 9):
            for name, f, arg in [("fft", np.fft.fft, z), ("fft-real", np.fft.fft, x), ("ifft", np.fft.ifft, z),
                                 ("rfft", np.fft.rfft, x), ("irfft", np.fft.irfft, z), ("hfft", np.fft.hfft, z),
                                 ("ihfft", np.fft.ihfft, x)]:
                yield pytest.param(lambda a, f=f, n=n, norm=norm: f(a, n, norm=norm), (arg,),
                                   id=f"{name}-n{n}-{norm}")
    yield pytest.param(lambda a: np.fft.fft(a, axis=0), (m,), id="fft-axis0")
    yield pytest.param(lambda a: np.fft.irfft(a, 5, axis=0), (mc,), id="irfft-axis0-odd")
    yield pytest.param(np.fft.fft2, (mc,), id="fft2")
    yield pytest.param(lambda a: np.fft.ifft2(a, s=(4, 3)), (mc,), id="ifft2-s")
    yield pytest.param(lambda a: np.fft.fftn(a, axes=(0,)), (mc,), id="fftn-axes")
    yield pytest.param(lambda a: np.fft.ifftn(a, norm="ortho"), (normal(2, 3, 2),), id="ifftn")
    yield pytest.param(np.fft.rfft2, (m,), id="rfft2")
    yield pytest.param(np.fft.irfft2, (mc,), id="irfft2")
    yield pytest.param(lambda a: np.fft.rfftn(a, s=(2, 6), axes=(0, 1)), (m,), id="rfftn-s")
    yield pytest.param(lambda a: np.fft.irfftn(a, axes=(0, 1), norm="ortho"), (mc,), id="irfftn")
    yield pytest.param(np.fft.fftshift, (m,), id="fftshift")
    yield pytest.param(lambda a: np.fft.ifftshift(a, axes=1), (m,), id="ifftshift")


def more_arrays():
    v, m, t = normal(6), normal(3, 4), normal(2, 3, 4)
    with_nan = v.copy()
    with_nan[2] = onp.nan
    knots, values = [-1.0, 0.0, 2.0], onp.array([1.0, 3.0, -1.0])
    queries = onp.array([-2.0, -0.5, 0.3, 1.5, 3.0])
    for label, f, args in [
            ("diff", lambda x: np.diff(x, 2), (v,)), ("diff-prepend", lambda x: np.diff(x, axis=0, prepend=1.0), (m,)),
            ("gradient", np.gradient, (v,)), ("gradient-edge2", lambda x: np.gradient(x, 0.5, edge_order=2), (v,)),
            ("gradient-2d", lambda x: np.gradient(x)[1], (m,)),
            ("cross", np.cross, (normal(2, 3), normal(3))), ("cross-2d", np.cross, (normal(2), normal(2))),
            ("linalg-cross", np.linalg.cross, (normal(2, 3), normal(2, 3))),
            ("append", lambda x: np.append(x, x[:2]), (v,)), ("rot90", np.rot90, (m,)),
            ("rot90-k3", lambda x: np.rot90(x, 3), (m,)), ("rollaxis", lambda x: np.rollaxis(x, 2), (t,)),
            ("vsplit", lambda x: np.vsplit(x, 3)[1], (m,)), ("hsplit", lambda x: np.hsplit(x, [1])[1], (m,)),
            ("dsplit", lambda x: np.dsplit(x, 2)[0], (t,)), ("array_split-uneven", lambda x: np.array_split(x, 4)[0], (v,)),
            ("row_stack", lambda x: np.row_stack([x, x[0]]), (m,)), ("dstack", lambda x, y: np.dstack([x, y]), (m, m)),
            ("select", lambda x: np.select([x < -0.5, x < 0.5], [x ** 2, x * 3], default=x), (v,)),
            ("partition", lambda x: np.partition(x, 2), (v,)), ("nan_to_num", np.nan_to_num, (v,)),
            ("interp", lambda x: np.interp(x, knots, values), (queries,)),
            ("interp-values", lambda x, f: np.interp(x, knots, f), (queries, values)),
            ("nansum", np.nansum, (with_nan,)), ("nanmean", np.nanmean, (with_nan,)),
            ("nanmax", np.nanmax, (with_nan,)), ("nanmin", np.nanmin, (with_nan,)),
            ("nanvar", np.nanvar, (with_nan,)), ("nanstd", np.nanstd, (with_nan,)),
            ("nanprod", np.nanprod, (with_nan,)), ("nancumsum", np.nancumsum, (with_nan,)),
            ("nancumprod", np.nancumprod, (with_nan,)),
            ("linspace", lambda a, b: np.linspace(a, b, 5), (0.3, 2.0)),
            ("linspace-arrays", lambda a, b: np.linspace(a, b, 4, axis=1), (normal(2), normal(2))),
            ("r_", lambda x: np.r_[x, 1.0, x[:2]], (v,)), ("c_", lambda x, y: np.c_[x, y], (v, v)),
            ("einsum-sublist", lambda a, b: np.einsum(a, [0, 1], b, [1, 2], [0, 2]), (m, m.T)),
            ("astype-float64", lambda x: np.astype(x, np.float64) * 2.0, (v,)),
            ("trapezoid", np.trapezoid, (v,)), ("trapezoid-x", lambda y: np.trapezoid(y, x=onp.arange(4.0) ** 2), (m,)),
            ("median", np.median, (v,)), ("median-axis", lambda x: np.median(x, axis=1), (m,)),
            ("quantile", lambda x: np.quantile(x, [0.2, 0.7], axis=0), (m,)),
            ("percentile", lambda x: np.percentile(x, 30), (v,)),
            ("convolve", np.convolve, (v, normal(3))), ("convolve-same", lambda a, b: np.convolve(a, b, "same"), (v, normal(4))),
            ("correlate", np.correlate, (v, normal(3))), ("polyval", np.polyval, (normal(3), v)),
            ("vecdot", np.vecdot, (m, normal(3, 4))), ("linalg-vecdot", np.linalg.vecdot, (m, normal(4))),
            ("matvec", np.matvec, (t, normal(4))), ("vecmat", np.vecmat, (normal(3), t)),
            ("ediff1d", lambda x: np.ediff1d(x, to_end=[1.0]), (v,)),
            ("acos", np.acos, (v / 3,)), ("acosh", np.acosh, (uniform(1.2, 3, 3),)), ("asin", np.asin, (v / 3,)),
            ("asinh", np.asinh, (v,)), ("atan", np.atan, (v,)), ("atanh", np.atanh, (v / 3,)),
            ("atan2", np.atan2, (v, uniform(0.5, 2, 6))), ("pow", np.pow, (uniform(0.5, 2, 6), v)),
            ("concat", lambda x: np.concat([x, x]), (v,)), ("permute_dims", lambda x: np.permute_dims(x, (1, 0)), (m,)),
            ("matrix_transpose", np.matrix_transpose, (t,)),
            ("cumulative_sum", lambda x: np.cumulative_sum(x, include_initial=True), (v,)),
            ("cumulative_prod", lambda x: np.cumulative_prod(x, axis=1), (m,)), ("copy", np.copy, (v,)),
            ("broadcast_arrays", lambda x, y: np.broadcast_arrays(x, y)[1], (m, normal(4))),
            ("unstack", lambda x: np.unstack(x)[1], (m,)), ("diagflat", np.diagflat, (normal(2, 2),)),
            ("vander", np.vander, (normal(3),)), ("asanyarray", np.asanyarray, (v,)),
            ("ascontiguousarray", np.ascontiguousarray, (v,)), ("asfortranarray", np.asfortranarray, (m,))]:
        yield pytest.param(f, args, id=label)


def shapes():
    m, v = normal(2, 3), normal(6)
    yield pytest.param(lambda x: np.reshape(x, (3, 2)), (m,), id="reshape")
    yield pytest.param(lambda x: x.reshape(-1, 1), (m,), id="reshape-method")
    yield pytest.param(lambda x: np.reshape(x, (3, 2), order="F"), (m,), id="reshape-fortran")
    yield pytest.param(np.ravel, (m,), id="ravel")
    yield pytest.param(np.transpose, (m,), id="transpose")
    yield pytest.param(lambda x: np.transpose(x, (1, 2, 0)), (normal(2, 3, 4),), id="transpose-axes")
    yield pytest.param(lambda x: x.T, (m,), id="T")
    yield pytest.param(lambda x: np.swapaxes(x, 0, 2), (normal(2, 3, 4),), id="swapaxes")
    yield pytest.param(lambda x: np.moveaxis(x, 0, -1), (normal(2, 3, 4),), id="moveaxis")
    yield pytest.param(lambda x: np.expand_dims(x, 1), (m,), id="expand_dims")
    yield pytest.param(lambda x: np.squeeze(x), (normal(1, 3, 1),), id="squeeze")
    yield pytest.param(lambda x: np.squeeze(x, axis=0), (normal(1, 3, 1),), id="squeeze-axis")
    yield pytest.param(np.atleast_1d, (2.0,), id="atleast_1d")
    yield pytest.param(np.atleast_2d, (v,), id="atleast_2d")
    yield pytest.param(lambda x, y: np.concatenate([x, y, x]), (v, normal(2)), id="concatenate")
    yield pytest.param(lambda x, y: np.concatenate((x, y), axis=1), (m, normal(2, 2)), id="concatenate-axis1")
    yield pytest.param(lambda x, y: np.stack([x, y]), (v, normal(6)), id="stack")
    yield pytest.param(lambda x, y: np.stack([x, y], axis=-1), (m, normal(2, 3)), id="stack-last")
    yield pytest.param(lambda x, y: np.hstack([x, y]), (v, normal(2)), id="hstack")
    yield pytest.param(lambda x, y: np.vstack([x, y]), (m, normal(3)), id="vstack")
    yield pytest.param(lambda x: np.split(x, 3)[1], (v,), id="split")
    yield pytest.param(lambda x: np.split(x, [1, 2], axis=1)[2], (m,), id="split-indices")
    yield pytest.param(lambda x, y: np.column_stack([x, y]), (normal(3), normal(3, 2)), id="column_stack")
    yield pytest.param(lambda x: np.array_split(x, 4)[3], (v,), id="array_split")
    yield pytest.param(np.fliplr, (m,), id="fliplr")
    yield pytest.param(np.flipud, (m,), id="flipud")
    yield pytest.param(np.atleast_3d, (m,), id="atleast_3d")
    yield pytest.param(lambda x: np.tile(x, 2), (v,), id="tile")
    yield pytest.param(lambda x: np.tile(x, (2, 1, 2)), (m,), id="tile-3d")
    yield pytest.param(lambda x: np.repeat(x, 2), (m,), id="repeat")
    yield pytest.param(lambda x: np.repeat(x, [1, 3], axis=0), (m,), id="repeat-counts")
    yield pytest.param(np.flip, (m,), id="flip")
    yield pytest.param(lambda x: np.flip(x, 1), (m,), id="flip-axis")
    yield pytest.param(lambda x: np.roll(x, 2), (m,), id="roll")
    yield pytest.param(lambda x: np.roll(x, -1, axis=1), (m,), id="roll-axis")
    yield pytest.param(lambda x: np.pad(x, 1), (m,), id="pad")
    yield pytest.param(lambda x: np.pad(x, ((0, 1), (2, 0)), constant_values=3.0), (m,), id="pad-constant")
    yield pytest.param(lambda x: np.pad(x, 2, mode="reflect"), (v,), id="pad-reflect")
    yield pytest.param(lambda x: np.pad(x, 1, mode="edge"), (m,), id="pad-edge")
    yield pytest.param(lambda x: np.broadcast_to(x, (4, 2, 3)), (normal(2, 1),), id="broadcast_to")
    yield pytest.param(lambda x: np.array([x[0] * x[1], x[2], 3.0]), (v,), id="array-of-traced-scalars")
    yield pytest.param(lambda x, y: np.meshgrid(x, y)[0] * np.meshgrid(x, y)[1], (normal(3), normal(2)), id="meshgrid")


def special():
    m = normal(2, 3)
    yield pytest.param(sp.logsumexp, (m,), id="logsumexp")
    yield pytest.param(lambda x: sp.logsumexp(x, axis=1), (m,), id="logsumexp-axis1")
    yield pytest.param(lambda x: sp.logsumexp(x, axis=0, keepdims=True), (m,), id="logsumexp-keepdims")
    yield pytest.param(lambda x: sp.softmax(x, axis=1), (m,), id="softmax")
    yield pytest.param(lambda x: sp.log_softmax(x, axis=-1), (m,), id="log_softmax")


@pytest.mark.parametrize("fun, args", list(cases()))
def test_rule_matches_central_differences(fun, args):
    wg.check_grad(fun, *args, modes=("rev", "fwd"), order=2)


def test_every_differentiable_function_is_checked():
    """The list above covers every differentiable name wengert.numpy exports."""
    import inspect
    source = inspect.getsource(inspect.getmodule(test_every_differentiable_function_is_checked))
    aliases = {"radians", "degrees", "asarray"}  # the same functions as deg2rad, rad2deg, array
    not_differentiated = {"floor_divide"}  # piecewise constant: no derivative to carry
    missing = [name for name in np._DIFFERENTIABLE
               if f"np.{name}" not in source and f'"{name}"' not in source and name not in not_differentiated | aliases]
    assert missing == []


# -- the checker checks itself: a rule broken on purpose must be caught ----------


def _broken(monkeypatch, prim, table, rule):
    monkeypatch.setitem(getattr(prim, table), 0, rule)


def test_check_grad_catches_a_wrong_reverse_rule(monkeypatch):
    _broken(monkeypatch, np.sin, "vjps", lambda g, ans, x: g * np.cos(x) * 1.001)
    with pytest.raises(AssertionError, match="reverse mode, argument 0"):
        wg.check_grad(np.sin, 0.7, modes=("rev",), order=1)


def test_check_grad_catches_a_wrong_forward_rule(monkeypatch):
    _broken(monkeypatch, np.tanh, "jvps", lambda t, ans, x: t * (1 - ans ** 2) + 1e-3 * t * x)
    with pytest.raises(AssertionError, match="forward mode, argument 0"):
        wg.check_grad(np.tanh, 0.7, modes=("fwd",), order=1)


def test_check_grad_catches_a_rule_wrong_only_at_second_order(monkeypatch):
    # sin's own rule is right; the rule of its derivative (cos) is not
    _broken(monkeypatch, np.cos, "vjps", lambda g, ans, x: -g * np.sin(x) * 1.01)
    wg.check_grad(np.sin, 0.7, modes=("rev",), order=1)
    with pytest.raises(AssertionError, match="derivative of f"):
        wg.check_grad(np.sin, 0.7, modes=("rev",), order=2)


def test_check_grad_names_the_failing_argument(monkeypatch):
    _broken(monkeypatch, np.multiply, "vjps", lambda g, ans, x, y: g * y)  # right rule...
    monkeypatch.setitem(np.multiply.vjps, 1, lambda g, ans, x, y: g * x * 2)  # ...and a wrong one
    with pytest.raises(AssertionError, match="argument 1"):
        wg.check_grad(np.multiply, 0.3, 0.9, modes=("rev",), order=1)
