"""New arrays for a step's outputs, recycling large ones that nobody refers to any more.

`Optimizer.step` must return new arrays (it never writes into what it was
given). Allocated fresh, an 8 MB array comes from pages the kernel has to
zero on first touch, which costs about as much as the whole Adam update. But
in the usual loop, ``params, state = opt.step(params, grads, state)``, the
arrays of the state before last are garbage by the next step. So large
buffers are handed out as views of arrays kept here, and an array is handed
out again only when its reference count shows that the pool is the only
holder left: no caller's array, view, memoryview or tensor can still see its
data (they all hold a reference to it).

Only arrays of at least `MIN_BYTES` are pooled, at most `MAX_IDLE_BYTES` of
them are kept idle, and pooling is off where reference counts are not exact
(free-threaded CPython, other interpreters).
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np

MIN_BYTES = 1 << 20
MAX_IDLE_BYTES = 1 << 28

_pool = []
_lock = threading.Lock()


def _after_fork_in_child():
    # Another thread may have held the lock when the process forked.
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _refcount(pool, i):
    return sys.getrefcount(pool[i])


def _calibrate():
    # What `_refcount` reports for an array that only the pool holds; measured
    # rather than assumed, since interpreters differ in how they count the
    # references of a call in progress.
    probe = [np.empty(1)]
    return _refcount(probe, 0)


_IDLE = _calibrate() if hasattr(sys, "getrefcount") else None
ENABLED = _IDLE is not None and getattr(sys, "_is_gil_enabled", lambda: True)()


def empty_like(a):
    """An uninitialized C-contiguous array with the shape and dtype of `a`.

    Parameters
    ----------
    a : ndarray

    Returns
    -------
    ndarray
        Fresh, or a recycled buffer that nothing else refers to.
    """
    if not ENABLED or a.nbytes < MIN_BYTES:
        return np.empty(a.shape, dtype=a.dtype)
    with _lock:
        chosen = None
        idle_bytes = 0
        i = 0
        while i < len(_pool):
            owner = _pool[i]
            if _refcount(_pool, i) - 1 > _IDLE:  # `owner` above is one more reference
                i += 1
                continue
            if chosen is None and owner.dtype == a.dtype and owner.size == a.size:
                chosen = owner
            elif idle_bytes + owner.nbytes > MAX_IDLE_BYTES:
                del _pool[i]
                continue
            else:
                idle_bytes += owner.nbytes
            i += 1
        if chosen is None:
            chosen = np.empty(a.size, dtype=a.dtype)
            _pool.append(chosen)
        # The view holds a reference to `chosen`, so it stays taken while the view lives.
        return chosen.reshape(a.shape)


def clear():
    """Forget every pooled array (those still in use live on with their users)."""
    with _lock:
        _pool.clear()
