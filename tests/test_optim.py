"""wengert.optim: update rules, purity, pytrees, clipping, look-up by name.

The trajectories are checked against `reference_*`: deliberately plain
re-statements of the published update equations (the pseudo-code of the
torch.optim documentation), one NumPy expression per line, with none of the
out= plumbing of the real thing. When torch is installed, the same runs are
also compared with torch.optim itself.
"""

import copy
import doctest

import numpy as np
import pytest

import wengert.optim as optim
from wengert.optim import _threads, schedules
from wengert.tree import flatten

# -- objectives: gradients only -----------------------------------------------------

CENTER = np.array([1.5, -0.5, 2.0])
HESSIAN = np.array([[3.0, 0.5, 0.0], [0.5, 2.0, 0.3], [0.0, 0.3, 8.0]])


def quartic_bowl_grad(p):
    """Gradient of a convex quadratic plus a quartic term, minimum at CENTER."""
    d = p - CENTER
    return HESSIAN @ d + 0.1 * d**3


def rosenbrock_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


PROBLEMS = {
    "quartic_bowl": (quartic_bowl_grad, np.array([0.3, 0.7, -1.2])),
    "rosenbrock": (rosenbrock_grad, np.array([-1.2, 1.0])),
}

# -- reference implementations, straight from the equations ------------------------


def reference_sgd(p, grad, steps, lr, momentum=0.0, dampening=0.0, nesterov=False,
                  weight_decay=0.0):
    buf = None
    path = []
    for _ in range(steps):
        g = grad(p) + weight_decay * p
        if momentum != 0:
            buf = g if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
        path.append(p)
    return np.array(path)


def reference_adam(p, grad, steps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                   amsgrad=False, decoupled=False):
    beta1, beta2 = betas
    m = v = v_max = np.zeros_like(p)
    path = []
    for t in range(1, steps + 1):
        g = grad(p)
        if decoupled:
            p = p * (1 - lr * weight_decay)
        else:
            g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        v_max = np.maximum(v_max, v)
        v_hat = v_max if amsgrad else v
        p = p - lr / (1 - beta1**t) * m / (np.sqrt(v_hat) / np.sqrt(1 - beta2**t) + eps)
        path.append(p)
    return np.array(path)


def reference_adamw(p, grad, steps, weight_decay=1e-2, **kw):
    return reference_adam(p, grad, steps, weight_decay=weight_decay, decoupled=True, **kw)


def reference_rmsprop(p, grad, steps, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0,
                      momentum=0.0, centered=False):
    square_avg = grad_avg = buf = np.zeros_like(p)
    path = []
    for _ in range(steps):
        g = grad(p) + weight_decay * p
        square_avg = alpha * square_avg + (1 - alpha) * g * g
        if centered:
            grad_avg = alpha * grad_avg + (1 - alpha) * g
            avg = np.sqrt(square_avg - grad_avg**2) + eps
        else:
            avg = np.sqrt(square_avg) + eps
        if momentum > 0:
            buf = momentum * buf + g / avg
            p = p - lr * buf
        else:
            p = p - lr * g / avg
        path.append(p)
    return np.array(path)


def reference_adagrad(p, grad, steps, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                      initial_accumulator_value=0.0, eps=1e-10):
    state_sum = np.full_like(p, initial_accumulator_value)
    path = []
    for t in range(1, steps + 1):
        g = grad(p) + weight_decay * p
        clr = lr / (1 + (t - 1) * lr_decay)
        state_sum = state_sum + g * g
        p = p - clr * g / (np.sqrt(state_sum) + eps)
        path.append(p)
    return np.array(path)


REFERENCES = {"SGD": reference_sgd, "Adam": reference_adam, "AdamW": reference_adamw,
              "RMSprop": reference_rmsprop, "Adagrad": reference_adagrad}

# Every optimizer and every option, each with a learning rate that keeps
# Rosenbrock's curved valley stable.
CONFIGS = {
    "sgd": ("SGD", dict(lr=1e-3)),
    "sgd-momentum": ("SGD", dict(lr=1e-3, momentum=0.9)),
    "sgd-dampening-weight_decay": ("SGD", dict(lr=1e-3, momentum=0.8, dampening=0.3,
                                               weight_decay=0.1)),
    "sgd-nesterov": ("SGD", dict(lr=1e-3, momentum=0.9, nesterov=True)),
    "sgd-nesterov-weight_decay": ("SGD", dict(lr=1e-3, momentum=0.9, nesterov=True,
                                              weight_decay=0.1)),
    "adam": ("Adam", dict(lr=1e-2)),
    "adam-betas-eps": ("Adam", dict(lr=2e-2, betas=(0.8, 0.99), eps=1e-3)),
    "adam-weight_decay": ("Adam", dict(lr=1e-2, weight_decay=0.1)),
    "adam-amsgrad": ("Adam", dict(lr=1e-2, amsgrad=True)),
    "adamw": ("AdamW", dict(lr=1e-2)),
    "adamw-amsgrad-strong_decay": ("AdamW", dict(lr=1e-2, weight_decay=0.5, amsgrad=True)),
    "rmsprop": ("RMSprop", dict(lr=1e-3)),
    "rmsprop-centered": ("RMSprop", dict(lr=1e-3, centered=True)),
    "rmsprop-momentum": ("RMSprop", dict(lr=1e-3, momentum=0.5)),
    "rmsprop-centered-momentum-weight_decay": ("RMSprop", dict(lr=1e-3, centered=True,
                                                               momentum=0.5, weight_decay=0.1)),
    "rmsprop-weight_decay": ("RMSprop", dict(lr=1e-3, alpha=0.9, weight_decay=0.1)),
    "adagrad": ("Adagrad", dict(lr=0.1)),
    "adagrad-lr_decay-initial_accumulator": ("Adagrad", dict(lr=0.1, lr_decay=0.01,
                                                             initial_accumulator_value=0.5)),
    "adagrad-weight_decay": ("Adagrad", dict(lr=0.1, weight_decay=0.1, eps=1e-6)),
}

STEPS = 300


def run(opt, grad, p0, steps=STEPS):
    p, state = p0, opt.init(p0)
    path = []
    for _ in range(steps):
        p, state = opt.step(p, grad(p), state)
        path.append(p)
    return np.array(path)


def assert_same_path(ours, theirs, rtol=1e-12):
    # Relative to the size of the parameters, so that a coordinate passing
    # through zero does not turn rounding into a large relative error.
    scale = np.maximum(np.abs(theirs), 1.0)
    worst = np.max(np.abs(ours - theirs) / scale)
    assert worst <= rtol, f"trajectories differ by {worst:.3g} (relative)"


# -- update rules ----------------------------------------------------------------------


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("config", CONFIGS)
def test_trajectory_matches_the_published_update_equations(config, problem):
    name, kw = CONFIGS[config]
    grad, p0 = PROBLEMS[problem]
    ours = run(getattr(optim, name)(**kw), grad, p0)
    reference = REFERENCES[name](p0, grad, STEPS, **kw)
    assert_same_path(ours, reference)


MINIMA = {"quartic_bowl": CENTER, "rosenbrock": np.ones(2)}


@pytest.mark.parametrize("problem", PROBLEMS)
def test_trajectories_travel_towards_the_minimum(problem):
    # Guards the trajectory tests against comparing two paths that barely move.
    grad, p0 = PROBLEMS[problem]
    for config, (name, kw) in CONFIGS.items():
        end = run(getattr(optim, name)(**kw), grad, p0)[-1]
        assert np.linalg.norm(end - p0) > 0.15, config
        assert np.linalg.norm(end - MINIMA[problem]) < np.linalg.norm(p0 - MINIMA[problem]), config


def test_sgd_momentum_buffer_is_the_first_gradient_after_one_step():
    opt = optim.SGD(lr=0.1, momentum=0.9, dampening=0.5)
    p = np.array([1.0, 2.0])
    state = opt.init(p)
    _, state = opt.step(p, np.array([0.3, -0.4]), state)
    np.testing.assert_array_equal(state.momentum_buffer, [0.3, -0.4])


def test_sgd_without_momentum_keeps_no_buffer():
    assert optim.SGD(lr=0.1).init(np.zeros(2)).momentum_buffer is None


def test_momentum_is_sgd_with_momentum_0_9_by_default():
    opt = optim.Momentum(lr=0.1)
    assert (opt.momentum, opt.nesterov, opt.dampening) == (0.9, False, 0.0)


def test_nesterov_without_momentum_is_refused():
    with pytest.raises(ValueError, match="Nesterov"):
        optim.SGD(lr=0.1, nesterov=True)


def test_adam_first_step_moves_each_coordinate_by_lr():
    # Bias correction makes the first step lr * g / (|g| + eps).
    p = np.array([1.0, -3.0])
    opt = optim.Adam(lr=0.1)
    new, _ = opt.step(p, np.array([2.0, -0.5]), opt.init(p))
    np.testing.assert_allclose(new, [0.9, -2.9], rtol=1e-9)


def test_adam_amsgrad_keeps_the_running_maximum_of_the_second_moment():
    opt = optim.Adam(lr=0.1, betas=(0.9, 0.5), amsgrad=True)
    p = np.array([1.0])
    state = opt.init(p)
    p, state = opt.step(p, np.array([2.0]), state)   # v = 0.5 * 4 = 2
    p, state = opt.step(p, np.array([0.0]), state)   # v = 1, max stays 2
    assert state.exp_avg_sq[0] == 1.0
    assert state.max_exp_avg_sq[0] == 2.0


def test_adamw_decay_is_decoupled_from_the_moments():
    # With a zero gradient the moments stay zero and only the decay moves p.
    opt = optim.AdamW(lr=0.1, weight_decay=0.5)
    p = np.array([2.0])
    new, state = opt.step(p, np.array([0.0]), opt.init(p))
    assert new[0] == 2.0 * (1 - 0.1 * 0.5)
    assert state.exp_avg[0] == 0.0 and state.exp_avg_sq[0] == 0.0


def test_adam_weight_decay_enters_the_moments():
    opt = optim.Adam(lr=0.1, weight_decay=0.5)
    p = np.array([2.0])
    _, state = opt.step(p, np.array([0.0]), opt.init(p))
    assert state.exp_avg[0] == pytest.approx(0.1 * 0.5 * 2.0)


def test_adagrad_accumulator_starts_at_initial_accumulator_value():
    state = optim.Adagrad(initial_accumulator_value=0.25).init({"a": np.zeros(3)})
    np.testing.assert_array_equal(state.sum["a"], [0.25, 0.25, 0.25])


def test_adagrad_lr_decay_divides_the_lr_by_one_plus_decay_times_updates_done():
    opt = optim.Adagrad(lr=1.0, lr_decay=0.5, eps=0.0)
    p = np.array([0.0])
    state = opt.init(p)
    p, state = opt.step(p, np.array([1.0]), state)   # clr = 1, step = 1 / sqrt(1)
    p, state = opt.step(p, np.array([1.0]), state)   # clr = 1 / 1.5, step = 1 / sqrt(2)
    assert p[0] == pytest.approx(-1.0 - 1 / 1.5 / np.sqrt(2))


def test_rmsprop_centered_divides_by_the_centered_second_moment():
    opt = optim.RMSprop(lr=1.0, alpha=0.5, eps=0.0, centered=True)
    p = np.array([0.0])
    new, state = opt.step(p, np.array([2.0]), opt.init(p))
    # square_avg = 2, grad_avg = 1, avg = sqrt(2 - 1) = 1
    assert new[0] == -2.0


def test_invalid_hyperparameters_are_refused_in_the_constructor():
    for make in (lambda: optim.Adam(lr=-1.0), lambda: optim.Adam(betas=(1.0, 0.999)),
                 lambda: optim.SGD(lr=0.1, momentum=-0.5), lambda: optim.RMSprop(eps=-1.0),
                 lambda: optim.Adagrad(lr_decay=-0.1), lambda: optim.Adam(clip_norm=0.0)):
        with pytest.raises(ValueError):
            make()


# -- purity ------------------------------------------------------------------------

# Every buffer switched on.
FULL_OPTIONS = [
    optim.SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1, clip_norm=1.0),
    optim.Adam(lr=0.1, amsgrad=True, weight_decay=0.1, clip_norm=1.0),
    optim.AdamW(lr=0.1, amsgrad=True, clip_norm=1.0),
    optim.RMSprop(lr=0.1, momentum=0.5, centered=True, weight_decay=0.1, clip_norm=1.0),
    optim.Adagrad(lr=0.1, lr_decay=0.1, weight_decay=0.1, clip_norm=1.0),
]
IDS = [type(o).__name__ for o in FULL_OPTIONS]


def _params():
    return {"w": np.array([[1.0, -2.0], [0.5, 3.0]]), "b": [np.array([0.1, 0.2, 0.3]), 0.7]}


def _grads():
    return {"w": np.array([[0.5, 1.0], [-2.0, 0.25]]), "b": [np.array([1.0, -1.0, 2.0]), -0.3]}


def _two_steps_in(opt):
    """A state with non-trivial buffers."""
    params, state = _params(), opt.init(_params())
    for _ in range(2):
        params, state = opt.step(params, _grads(), state)
    return params, state


def _assert_trees_equal(a, b):
    leaves_a, struct_a = flatten(a)
    leaves_b, struct_b = flatten(b)
    assert struct_a == struct_b
    for x, y in zip(leaves_a, leaves_b):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("opt", FULL_OPTIONS, ids=IDS)
def test_step_does_not_modify_params_grads_or_state(opt):
    params, state = _two_steps_in(opt)
    grads = _grads()
    saved = copy.deepcopy((params, grads, state))
    opt.step(params, grads, state)
    _assert_trees_equal((params, grads, state), saved)


@pytest.mark.parametrize("opt", FULL_OPTIONS, ids=IDS)
def test_step_returns_arrays_that_share_no_memory_with_its_inputs(opt):
    params, state = _two_steps_in(opt)
    grads = _grads()
    new_params, new_state = opt.step(params, grads, state)
    olds = flatten((params, grads, state))[0]
    for new in flatten((new_params, new_state))[0]:
        if isinstance(new, np.ndarray):
            assert not any(np.shares_memory(new, old) for old in olds
                           if isinstance(old, np.ndarray))


@pytest.mark.parametrize("opt", FULL_OPTIONS, ids=IDS)
def test_replaying_a_kept_state_gives_identical_results(opt):
    params, state = _two_steps_in(opt)
    first = opt.step(params, _grads(), state)
    opt.step(first[0], _grads(), first[1])  # going on from `first` must not disturb `state`
    again = opt.step(params, _grads(), state)
    _assert_trees_equal(first, again)


@pytest.mark.parametrize("opt", FULL_OPTIONS, ids=IDS)
def test_init_is_zero_steps_and_buffers_shaped_like_params(opt):
    state = opt.init(_params())
    assert state.step == 0
    for name in state._fields[1:]:
        buf = getattr(state, name)
        if buf is not None:
            assert np.shape(buf["w"]) == (2, 2) and np.shape(buf["b"][0]) == (3,)


# -- pytrees and arrays -----------------------------------------------------------------


def test_pytree_update_equals_the_update_of_the_concatenated_vector():
    opt = optim.Adam(lr=0.1, amsgrad=True)
    params, grads = _params(), _grads()
    new, _ = opt.step(params, grads, opt.init(params))
    flat = np.concatenate([np.ravel(x) for x in flatten(params)[0]])
    flat_g = np.concatenate([np.ravel(x) for x in flatten(grads)[0]])
    flat_new, _ = opt.step(flat, flat_g, opt.init(flat))
    got = np.concatenate([np.ravel(x) for x in flatten(new)[0]])
    np.testing.assert_array_equal(got, flat_new)


def test_step_keeps_the_params_structure_and_shapes():
    opt = optim.SGD(lr=0.1)
    new, _ = opt.step(_params(), _grads(), opt.init(_params()))
    assert set(new) == {"w", "b"} and isinstance(new["b"], list)
    assert new["w"].shape == (2, 2) and np.shape(new["b"][1]) == ()


def test_float32_params_stay_float32():
    opt = optim.Adam(lr=0.1)
    p = np.ones(4, dtype=np.float32)
    new, state = opt.step(p, np.ones(4), opt.init(p))
    assert new.dtype == np.float32 and state.exp_avg.dtype == np.float32


def test_integer_params_are_promoted_to_float64():
    opt = optim.SGD(lr=0.5)
    new, _ = opt.step(np.array([1, 2]), np.array([1, 1]), opt.init(np.array([1, 2])))
    assert new.dtype == np.float64
    np.testing.assert_array_equal(new, [0.5, 1.5])


def test_grads_with_another_structure_are_refused():
    opt = optim.SGD(lr=0.1)
    with pytest.raises(ValueError, match="structure"):
        opt.step({"a": 1.0}, {"b": 1.0}, opt.init({"a": 1.0}))


def test_grads_with_another_shape_are_refused():
    opt = optim.SGD(lr=0.1)
    with pytest.raises(ValueError, match="shape"):
        opt.step(np.zeros(3), np.zeros((3, 1)), opt.init(np.zeros(3)))


def test_a_state_from_another_optimizer_is_refused():
    with pytest.raises(TypeError, match="AdamState"):
        optim.Adam().step(np.zeros(2), np.zeros(2), optim.SGD(lr=0.1).init(np.zeros(2)))


@pytest.mark.parametrize("opt", FULL_OPTIONS, ids=IDS)
def test_large_arrays_split_across_threads_and_blocks_give_the_same_bits(opt, monkeypatch):
    rng = np.random.default_rng(0)
    n = 3 * _threads.MIN_PARALLEL_SIZE + 17
    p, g = rng.standard_normal(n), rng.standard_normal(n)
    monkeypatch.setattr(_threads, "num_threads", lambda: 3)
    split = opt.step(p, g, opt.init(p))
    monkeypatch.setattr(_threads, "num_threads", lambda: 1)
    monkeypatch.setattr(_threads, "BLOCK", n)
    whole = opt.step(p, g, opt.init(p))
    _assert_trees_equal(split, whole)


def _big(seed=0):
    """A parameter vector large enough to be updated in threaded blocks."""
    n = 1 << 18
    return np.random.default_rng(seed).standard_normal(n)


def test_large_outputs_still_held_stay_as_they_were():
    opt = optim.Adam(lr=0.1)
    p, g = _big(0), _big(1)
    kept_p, kept_state = opt.step(p, g, opt.init(p))
    saved = copy.deepcopy((kept_p, kept_state))
    q, state = kept_p, kept_state
    for _ in range(4):
        q, state = opt.step(q, g, state)
    _assert_trees_equal((kept_p, kept_state), saved)


def test_a_view_of_an_output_stays_as_it_was():
    opt = optim.SGD(lr=0.1, momentum=0.9)
    p, g = _big(0), _big(1)
    new, state = opt.step(p, g, opt.init(p))
    head = new[:5]
    expected = head.copy()
    del new
    for _ in range(4):
        p, state = opt.step(p, g, state)
    np.testing.assert_array_equal(head, expected)


# -- learning rate schedules -------------------------------------------------------------


def test_schedule_is_called_with_the_number_of_updates_already_applied():
    seen = []
    opt = optim.SGD(lr=lambda count: seen.append(count) or 0.1)
    p, state = np.zeros(1), opt.init(np.zeros(1))
    for _ in range(3):
        p, state = opt.step(p, np.ones(1), state)
    assert seen == [0, 1, 2]


def test_sgd_with_a_schedule_takes_steps_of_the_scheduled_size():
    opt = optim.SGD(lr=schedules.step(1.0, step_size=2, gamma=0.5))
    p, state = np.zeros(1), opt.init(np.zeros(1))
    path = []
    for _ in range(5):
        p, state = opt.step(p, np.ones(1), state)
        path.append(p[0])
    np.testing.assert_array_equal(path, [-1.0, -2.0, -2.5, -3.0, -3.25])


# -- clipping -------------------------------------------------------------------------------


def test_global_norm_covers_every_leaf():
    assert optim.global_norm({"a": np.array([1.0, 2.0]), "b": [np.array([[2.0]]), 4.0]}) == 5.0


def test_clip_by_global_norm_scales_as_torch_does():
    clipped, norm = optim.clip_by_global_norm({"a": np.array([3.0]), "b": 4.0}, 1.0)
    assert norm == 5.0
    assert clipped["a"][0] == 3.0 / (5.0 + 1e-6) and clipped["b"] == 4.0 / (5.0 + 1e-6)


def test_clip_by_global_norm_leaves_small_gradients_alone():
    clipped, _ = optim.clip_by_global_norm([np.array([0.3, 0.4])], 1.0)
    np.testing.assert_array_equal(clipped[0], [0.3, 0.4])


def test_clip_norm_option_clips_before_the_update():
    g = np.array([30.0, 40.0])
    clipped, _ = optim.clip_by_global_norm(g, 2.0)
    p = np.array([1.0, 1.0])
    with_option, _ = optim.SGD(lr=0.1, clip_norm=2.0).step(p, g, optim.SGD(lr=0.1).init(p))
    np.testing.assert_array_equal(with_option, p - 0.1 * clipped)


def test_clip_norm_does_not_touch_the_callers_gradients():
    g = np.array([30.0, 40.0])
    opt = optim.Adam(clip_norm=1.0)
    opt.step(np.zeros(2), g, opt.init(np.zeros(2)))
    np.testing.assert_array_equal(g, [30.0, 40.0])


# -- look-up by name ----------------------------------------------------------------------


@pytest.mark.parametrize("name, cls", [("sgd", optim.SGD), ("momentum", optim.Momentum),
                                       ("nesterov", optim.Momentum), ("adam", optim.Adam),
                                       ("adamw", optim.AdamW), ("rmsprop", optim.RMSprop),
                                       ("adagrad", optim.Adagrad)])
def test_get_makes_the_named_optimizer(name, cls):
    assert type(optim.get(name, lr=0.1)) is cls


def test_get_nesterov_turns_nesterov_on():
    assert optim.get("nesterov", lr=0.1).nesterov is True


def test_get_ignores_case_and_passes_hyperparameters():
    opt = optim.get("Adam", lr=0.5, betas=(0.8, 0.9))
    assert (opt.lr, opt.betas) == (0.5, (0.8, 0.9))


def test_get_unknown_name_lists_the_valid_names():
    with pytest.raises(ValueError, match="sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad"):
        optim.get("adamax")


def test_repr_shows_the_hyperparameters():
    assert repr(optim.Adam(lr=0.5)) == ("Adam(lr=0.5, betas=(0.9, 0.999), eps=1e-08, "
                                        "weight_decay=0.0, amsgrad=False, clip_norm=None)")


def test_docstring_examples_run():
    import wengert.optim.adam
    import wengert.optim.base
    import wengert.optim.sgd
    for module in (optim, wengert.optim.adam, wengert.optim.base, wengert.optim.sgd):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


# -- agreement with torch.optim (only when torch is installed) -------------------------------

TORCH_STEPS = 500


def _torch_path(torch, name, kw, grad, p0, steps, clip_norm=None, scheduler=None):
    p = torch.tensor(p0, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, name)([p], **kw)
    sched = scheduler(opt) if scheduler else None
    path = []
    for _ in range(steps):
        p.grad = torch.tensor(grad(p.detach().numpy()))
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_([p], clip_norm)
        opt.step()
        if sched is not None:
            sched.step()
        path.append(p.detach().numpy().copy())
    return np.array(path)


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("config", CONFIGS)
def test_trajectory_matches_torch_optim(config, problem):
    torch = pytest.importorskip("torch")
    name, kw = CONFIGS[config]
    grad, p0 = PROBLEMS[problem]
    ours = run(getattr(optim, name)(**kw), grad, p0, TORCH_STEPS)
    assert_same_path(ours, _torch_path(torch, name, kw, grad, p0, TORCH_STEPS))


@pytest.mark.parametrize("config", ["sgd-nesterov", "adam-amsgrad", "rmsprop-centered-momentum"
                                    "-weight_decay", "adagrad-lr_decay-initial_accumulator"])
def test_clipped_trajectory_matches_torch_clip_grad_norm(config):
    torch = pytest.importorskip("torch")
    name, kw = CONFIGS[config]
    grad, p0 = PROBLEMS["rosenbrock"]
    ours = run(getattr(optim, name)(**kw, clip_norm=5.0), grad, p0, TORCH_STEPS)
    theirs = _torch_path(torch, name, kw, grad, p0, TORCH_STEPS, clip_norm=5.0)
    assert_same_path(ours, theirs)


def test_scheduled_adam_matches_torch_with_warmup_then_cosine():
    torch = pytest.importorskip("torch")
    grad, p0 = PROBLEMS["quartic_bowl"]
    lr = schedules.warmup_cosine(0.05, warmup_steps=50, total_steps=TORCH_STEPS,
                                 start_factor=0.1)

    def scheduler(opt):
        warmup = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=50)
        decay = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=TORCH_STEPS - 50)
        return torch.optim.lr_scheduler.SequentialLR(opt, [warmup, decay], milestones=[50])

    ours = run(optim.Adam(lr=lr), grad, p0, TORCH_STEPS)
    theirs = _torch_path(torch, "Adam", dict(lr=0.05), grad, p0, TORCH_STEPS,
                         scheduler=scheduler)
    assert_same_path(ours, theirs)
