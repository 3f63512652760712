"""Bessel functions of real argument: j0, j1, jn, y0, y1, yn, i0, i1, iv, ive, kv.

Each derivative is a neighbour of the same family (the recurrences of DLMF
10.6.2 and 10.29.2): J'_v = (J_{v-1} - J_{v+1}) / 2, the same for Y, I'_v =
(I_{v-1} + I_{v+1}) / 2 and K'_v = -(K_{v-1} + K_{v+1}) / 2. Negative orders
are what SciPy gives (J_{-n} = (-1)^n J_n, K_{-v} = K_v), so the recurrences
hold at order 0 too. The scaled forms (ive = iv e^-|x|, kve = kv e^x; jve and
yve equal jv and yv for real x) add the derivative of their factor. The order
is a constant: an integer for jn, yn and kn, a real number whose derivative has
no closed form for the others.
"""

from __future__ import annotations

import numpy as _np
import scipy.special as _sp

from ...extend import raw
from .ufunc import ufunc

__all__ = ["j0", "j1", "jn", "jv", "jve", "y0", "y1", "yn", "yv", "yve", "i0", "i1", "i0e", "i1e",
           "iv", "ive", "k0", "k1", "k0e", "k1e", "kn", "kv", "kve"]

_INTEGER = {0: ("n", "an integer order")}
_REAL = {0: ("v", "the order, constant here: its derivative has no closed form")}


def _doc(name, what):
    return f"``scipy.special.{name}``: {what}, differentiable in x."


jn = ufunc(_sp.jv, None, lambda ans, n, x: 0.5 * (jn(n - 1, x) - jn(n + 1, x)), name="jn",
           constants=_INTEGER, doc=_doc("jn(n, x)", "the Bessel function of the first kind of integer order n"))
yn = ufunc(_sp.yn, None, lambda ans, n, x: 0.5 * (yn(n - 1, x) - yn(n + 1, x)), name="yn",
           constants=_INTEGER, doc=_doc("yn(n, x)", "the Bessel function of the second kind of integer order n"))
iv = ufunc(_sp.iv, None, lambda ans, v, x: 0.5 * (iv(v - 1, x) + iv(v + 1, x)), name="iv",
           constants=_REAL, doc=_doc("iv(v, x)", "the modified Bessel function of the first kind of order v"))
ive = ufunc(_sp.ive, None,
            lambda ans, v, x: 0.5 * (ive(v - 1, x) + ive(v + 1, x)) - _np.sign(raw(x)) * ans,
            name="ive", constants=_REAL,
            doc=_doc("ive(v, x)", "iv(v, x) * exp(-|x|), which does not overflow for large x"))
kv = ufunc(_sp.kv, None, lambda ans, v, x: -0.5 * (kv(v - 1, x) + kv(v + 1, x)), name="kv",
           constants=_REAL, doc=_doc("kv(v, x)", "the modified Bessel function of the second kind of order v"))
kve = ufunc(_sp.kve, None, lambda ans, v, x: ans - 0.5 * (kve(v - 1, x) + kve(v + 1, x)), name="kve",
            constants=_REAL, doc=_doc("kve(v, x)", "kv(v, x) * exp(x), which does not underflow"))
kn = ufunc(_sp.kn, None, lambda ans, n, x: -0.5 * (kn(n - 1, x) + kn(n + 1, x)), name="kn",
           constants=_INTEGER, doc=_doc("kn(n, x)", "kv of integer order n"))
jv = ufunc(_sp.jv, None, lambda ans, v, x: 0.5 * (jv(v - 1, x) - jv(v + 1, x)), name="jv",
           constants=_REAL, doc=_doc("jv(v, x)", "the Bessel function of the first kind of real order v"))
yv = ufunc(_sp.yv, None, lambda ans, v, x: 0.5 * (yv(v - 1, x) - yv(v + 1, x)), name="yv",
           constants=_REAL, doc=_doc("yv(v, x)", "the Bessel function of the second kind of real order v"))
jve = ufunc(_sp.jve, None, lambda ans, v, x: 0.5 * (jve(v - 1, x) - jve(v + 1, x)), name="jve",
            constants=_REAL, doc=_doc("jve(v, x)", "jv scaled by exp(-|Im x|), jv itself for real x"))
yve = ufunc(_sp.yve, None, lambda ans, v, x: 0.5 * (yve(v - 1, x) - yve(v + 1, x)), name="yve",
            constants=_REAL, doc=_doc("yve(v, x)", "yv scaled by exp(-|Im x|), yv itself for real x"))
j0 = ufunc(_sp.j0, lambda ans, x: -j1(x), doc=_doc("j0", "the Bessel function J_0"))
j1 = ufunc(_sp.j1, lambda ans, x: 0.5 * (j0(x) - jn(2, x)), doc=_doc("j1", "the Bessel function J_1"))
y0 = ufunc(_sp.y0, lambda ans, x: -y1(x), doc=_doc("y0", "the Bessel function Y_0"))
y1 = ufunc(_sp.y1, lambda ans, x: 0.5 * (y0(x) - yn(2, x)), doc=_doc("y1", "the Bessel function Y_1"))
i0 = ufunc(_sp.i0, lambda ans, x: i1(x), doc=_doc("i0", "the modified Bessel function I_0"))
i1 = ufunc(_sp.i1, lambda ans, x: 0.5 * (i0(x) + iv(2, x)), doc=_doc("i1", "the modified Bessel function I_1"))
i0e = ufunc(_sp.i0e, lambda ans, x: ive(1, x) - _np.sign(raw(x)) * ans, doc=_doc("i0e", "i0(x) exp(-|x|)"))
i1e = ufunc(_sp.i1e, lambda ans, x: 0.5 * (i0e(x) + ive(2, x)) - _np.sign(raw(x)) * ans,
            doc=_doc("i1e", "i1(x) exp(-|x|)"))
k0 = ufunc(_sp.k0, lambda ans, x: -k1(x), doc=_doc("k0", "the modified Bessel function K_0"))
k1 = ufunc(_sp.k1, lambda ans, x: -0.5 * (k0(x) + kv(2, x)), doc=_doc("k1", "the modified Bessel function K_1"))
k0e = ufunc(_sp.k0e, lambda ans, x: ans - k1e(x), doc=_doc("k0e", "k0(x) exp(x)"))
k1e = ufunc(_sp.k1e, lambda ans, x: ans - 0.5 * (k0e(x) + kve(2, x)), doc=_doc("k1e", "k1(x) exp(x)"))
