"""The optimizer protocol: ``init(params) -> state``, ``step(params, grads, state)``.

An optimizer holds only hyperparameters. Everything that changes from step to
step lives in its state, a `NamedTuple` whose first field is ``step`` (the
number of updates applied so far) and whose other fields are pytrees of
buffers shaped like the parameters (``None`` when an option is off). `step`
never writes into what it is given: it allocates the new parameters and
buffers and computes into them with ``out=``, so an old state can be kept
and replayed, as in optax.

A subclass declares its `State`, the initial value of each buffer
(`_initial_buffers`), and an elementwise kernel (`_kernel`) that reads the old
arrays and writes the new ones; this base class does the pytree bookkeeping,
the learning-rate schedule, gradient clipping and the threading.
"""

from __future__ import annotations

import abc
import inspect
import math

import numpy as _np

from ..tree import flatten, unflatten
from . import _threads

__all__ = ["Optimizer", "global_norm", "clip_by_global_norm"]


def global_norm(tree):
    """The Euclidean norm of all leaves of a pytree taken together.

    Parameters
    ----------
    tree : pytree of array_like

    Returns
    -------
    float

    Examples
    --------
    >>> global_norm({"a": [3.0], "b": 4.0})
    5.0
    """
    total = 0.0
    for leaf in flatten(tree)[0]:
        flat = _np.asarray(leaf).reshape(-1)
        total += float(_np.dot(flat, flat))  # BLAS, no squared temporary
    return math.sqrt(total)


def _clip_coefficient(norm, max_norm):
    # torch.nn.utils.clip_grad_norm_'s factor, 1e-6 included, so that clipped
    # trajectories agree with torch's.
    return min(1.0, max_norm / (norm + 1e-6))


def clip_by_global_norm(grads, max_norm):
    """Scale a pytree of gradients so that its global norm is at most `max_norm`.

    Uses the factor of ``torch.nn.utils.clip_grad_norm_``:
    ``min(1, max_norm / (norm + 1e-6))``.

    Parameters
    ----------
    grads : pytree of array_like
    max_norm : float

    Returns
    -------
    clipped : pytree
        Same structure as `grads` (new arrays; `grads` is not modified).
    norm : float
        The global norm before clipping.

    Examples
    --------
    >>> clipped, norm = clip_by_global_norm([3.0, 4.0], 1.0)
    >>> norm, round(float(clipped[0]), 6), round(float(clipped[1]), 6)
    (5.0, 0.6, 0.8)
    """
    leaves, structure = flatten(grads)
    norm = global_norm(leaves)
    coef = _clip_coefficient(norm, max_norm)
    return unflatten(structure, [_np.multiply(g, coef) for g in leaves]), norm


def _as_float_array(x, where):
    arr = _np.asarray(x)
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "iub":
        return arr.astype(_np.float64)
    raise TypeError(f"{where} has dtype {arr.dtype}; optimizers update real floating-point arrays.")


def _flat(arr):
    # A 1-D view for contiguous arrays (always so for the arrays we allocate);
    # a non-contiguous input is copied, which is harmless since it is only read.
    return arr.reshape(-1)


class Optimizer(abc.ABC):
    """Base class of the optimizers in `wengert.optim`.

    Parameters
    ----------
    lr : float or callable
        Learning rate, or a schedule ``count -> lr`` called with the number of
        updates already applied (so ``lr(0)`` is used by the first update); see
        `wengert.optim.schedules`.
    clip_norm : float or None
        If set, gradients are first scaled so that their global norm (over all
        leaves) is at most `clip_norm`, as ``torch.nn.utils.clip_grad_norm_``
        does, before weight decay is added.
    """

    State = None  # a NamedTuple class: ("step", buffer names...)

    def __init__(self, lr, clip_norm=None):
        if not callable(lr) and not lr >= 0.0:
            raise ValueError(f"Invalid learning rate: {lr!r} (must be >= 0 or a schedule)")
        if clip_norm is not None and not clip_norm > 0.0:
            raise ValueError(f"Invalid clip_norm: {clip_norm!r} (must be > 0 or None)")
        self.lr = lr
        self.clip_norm = clip_norm

    # -- what subclasses provide -------------------------------------------------

    @abc.abstractmethod
    def _initial_buffers(self):
        """A dict: buffer name -> initial fill value, or None for a buffer that is off."""

    @abc.abstractmethod
    def _kernel(self, t, lr):
        """An elementwise function of keyword arrays for update number `t` (1-based).

        It is called with ``p``, ``g``, ``p_new`` and, for each active buffer
        ``name``, ``name`` (old, read) and ``name_new`` (to be written), all
        1-D of the same length. It must fill ``p_new`` and every ``*_new``.
        """

    # -- the protocol --------------------------------------------------------------

    def init(self, params):
        """The state before the first update.

        Parameters
        ----------
        params : pytree of array_like
            The parameters (nested dict / list / tuple of arrays or floats).

        Returns
        -------
        state : NamedTuple
            ``step=0`` and one buffer pytree per active buffer, shaped like `params`.
        """
        leaves, structure = flatten(params)
        leaves = [_as_float_array(p, f"parameter leaf {i}") for i, p in enumerate(leaves)]
        buffers = {}
        for name, fill in self._initial_buffers().items():
            buffers[name] = None if fill is None else unflatten(
                structure, [_np.full(p.shape, fill, dtype=p.dtype) for p in leaves])
        return self.State(0, **buffers)

    def step(self, params, grads, state):
        """Apply one update.

        Parameters
        ----------
        params : pytree of array_like
        grads : pytree of array_like
            Gradients of the objective, same structure and shapes as `params`.
        state : NamedTuple
            From `init` or a previous `step`.

        Returns
        -------
        params : pytree of ndarray
            New arrays, same structure as the input `params`.
        state : NamedTuple
            The new state, ``step`` one higher. Nothing passed in is modified.
        """
        if not isinstance(state, self.State):
            raise TypeError(f"{type(self).__name__}.step expects the state made by its own "
                            f"init ({self.State.__name__}), got {type(state).__name__}")
        p_leaves, structure = flatten(params)
        g_leaves, g_structure = flatten(grads)
        if g_structure != structure:
            raise ValueError(f"grads have structure {g_structure!r} but params have {structure!r}")
        p_leaves = [_as_float_array(p, f"parameter leaf {i}") for i, p in enumerate(p_leaves)]
        g_leaves = [_np.asarray(g) for g in g_leaves]
        for i, (p, g) in enumerate(zip(p_leaves, g_leaves)):
            if g.shape != p.shape:
                raise ValueError(f"gradient leaf {i} has shape {g.shape} but its parameter "
                                 f"has shape {p.shape}")
        if self.clip_norm is not None:
            coef = _clip_coefficient(global_norm(g_leaves), self.clip_norm)
            if coef < 1.0:
                g_leaves = [g * coef for g in g_leaves]

        count = state.step
        kernel = self._kernel(count + 1, self.lr_at(count))
        names = [n for n in state._fields[1:] if getattr(state, n) is not None]
        old = {n: flatten(getattr(state, n))[0] for n in names}

        new_p = []
        new = {n: [] for n in names}
        for i, (p, g) in enumerate(zip(p_leaves, g_leaves)):
            p_new = _np.empty_like(p, order="C")
            arrays = {"p": _flat(p), "g": _flat(g), "p_new": _flat(p_new)}
            for n in names:
                buf_new = _np.empty_like(p, order="C")
                new[n].append(buf_new)
                arrays[n] = _flat(_np.asarray(old[n][i]))
                arrays[n + "_new"] = _flat(buf_new)
            _threads.run(kernel, arrays)
            new_p.append(p_new)

        buffers = {n: (unflatten(structure, new[n]) if n in new else None)
                   for n in state._fields[1:]}
        return unflatten(structure, new_p), self.State(count + 1, **buffers)

    # -- conveniences ----------------------------------------------------------------

    def lr_at(self, count):
        """The learning rate used by the update after `count` updates."""
        return self.lr(count) if callable(self.lr) else self.lr

    def __repr__(self):
        params = inspect.signature(type(self).__init__).parameters
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in params
                         if k != "self" and hasattr(self, k))
        return f"{type(self).__name__}({args})"
