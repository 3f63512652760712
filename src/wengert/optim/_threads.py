"""Run an elementwise update kernel on large arrays in pieces, on a few threads.

An optimizer update is a short chain of NumPy ufuncs over arrays that do not
fit in cache, so on one core it is bound by memory traffic and by `sqrt` and
`divide`. NumPy releases the GIL inside ufunc loops, so cutting the arrays into
one contiguous piece per core and running the same kernel on each piece uses
every core with no copying: the pieces are views, and each thread writes only
its own slice of the output arrays. Each thread then walks its piece in
blocks of `BLOCK` elements, so that the dozen passes of a kernel over one
block find it still in cache.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

# Below this many elements a thread hand-off (tens of microseconds) costs more
# than it saves.
MIN_PARALLEL_SIZE = 1 << 17
# Elements per kernel call: half a megabyte per float64 array. Smaller blocks
# spend more on calling ufuncs (and on the GIL) than they gain in cache hits.
BLOCK = 1 << 16

_pool = None
_pool_lock = threading.Lock()


def num_threads():
    """The number of cores this process may run on (threads used for large updates)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _get_pool(workers):
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wengert-optim")
        return _pool


def _forget_pool():
    # A forked child inherits the executor object but not its threads; it
    # would wait forever on work nobody picks up, so it starts a fresh pool.
    global _pool
    _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _in_blocks(kernel, arrays):
    size = next(iter(arrays.values())).shape[0]
    if size <= BLOCK:
        kernel(**arrays)
        return
    for lo in range(0, size, BLOCK):
        kernel(**{name: a[lo:lo + BLOCK] for name, a in arrays.items()})


def run(kernel, arrays):
    """Call ``kernel(**arrays)`` in blocks, on one piece per core when the arrays are large.

    Parameters
    ----------
    kernel : callable
        Elementwise: writes its outputs from its inputs position by position,
        so running it on matching slices gives the same result as one call.
    arrays : dict of str to ndarray
        One-dimensional, all of the same length; outputs must be contiguous
        (slices of them are views the kernel writes through).
    """
    size = next(iter(arrays.values())).shape[0]
    pieces = min(num_threads(), size // (MIN_PARALLEL_SIZE // 2))
    if pieces < 2:
        _in_blocks(kernel, arrays)
        return
    bounds = [size * k // pieces for k in range(pieces + 1)]
    sliced = [{name: a[lo:hi] for name, a in arrays.items()}
              for lo, hi in zip(bounds[:-1], bounds[1:])]
    pool = _get_pool(num_threads() - 1)
    futures = [pool.submit(_in_blocks, kernel, piece) for piece in sliced[1:]]
    _in_blocks(kernel, sliced[0])  # the calling thread does its share instead of waiting
    for f in futures:
        f.result()
