"""x log y and the entropy terms built on it: xlogy, xlog1py, entr, rel_entr.

SciPy defines each as 0 where x = 0, whatever y, so a likelihood with zero
counts stays finite; the derivatives follow the formula elsewhere.
"""

from __future__ import annotations

import scipy.special as _sp

from ...numpy import log, log1p
from .ufunc import ufunc

__all__ = ["xlogy", "xlog1py", "entr", "rel_entr"]

xlogy = ufunc(_sp.xlogy, lambda ans, x, y: log(y), lambda ans, x, y: x / y,
              doc="``scipy.special.xlogy``: x * log(y), and 0 where x = 0.")
xlog1py = ufunc(_sp.xlog1py, lambda ans, x, y: log1p(y), lambda ans, x, y: x / (1.0 + y),
                doc="``scipy.special.xlog1py``: x * log1p(y), and 0 where x = 0.")
entr = ufunc(_sp.entr, lambda ans, x: -log(x) - 1.0,
             doc="``scipy.special.entr``: -x log x for x > 0, 0 at 0, -inf below.")
rel_entr = ufunc(_sp.rel_entr, lambda ans, x, y: log(x / y) + 1.0, lambda ans, x, y: -x / y,
                 doc="``scipy.special.rel_entr``: x log(x / y) for x, y > 0 (0 at x = 0).")
