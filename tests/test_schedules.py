"""wengert.optim.schedules: learning rate as a function of the number of updates done."""

import math

import pytest

from wengert.optim import schedules


def values(schedule, counts):
    return [schedule(t) for t in counts]


def test_constant_is_the_same_at_every_count():
    assert values(schedules.constant(0.3), [0, 1, 1000]) == [0.3, 0.3, 0.3]


def test_step_multiplies_by_gamma_every_step_size_updates():
    s = schedules.step(1.0, step_size=3, gamma=0.5)
    assert values(s, [0, 2, 3, 5, 6, 9]) == [1.0, 1.0, 0.5, 0.5, 0.25, 0.125]


def test_exponential_multiplies_by_gamma_every_update():
    assert values(schedules.exponential(2.0, 0.5), [0, 1, 3]) == [2.0, 1.0, 0.25]


def test_cosine_goes_from_lr_to_eta_min_over_T_max_updates():
    s = schedules.cosine(1.0, T_max=10, eta_min=0.2)
    assert s(0) == 1.0
    assert s(5) == pytest.approx(0.6)
    assert s(10) == 0.2


def test_cosine_stays_at_eta_min_after_T_max():
    assert schedules.cosine(1.0, T_max=10, eta_min=0.2)(25) == 0.2


def test_linear_warmup_ramps_from_start_factor_then_holds():
    s = schedules.linear_warmup(1.0, warmup_steps=4, start_factor=0.2)
    assert values(s, [0, 2, 4, 100]) == pytest.approx([0.2, 0.6, 1.0, 1.0], rel=1e-15)


def test_join_switches_at_the_boundaries_and_restarts_the_count():
    s = schedules.join([schedules.constant(1.0), schedules.exponential(1.0, 0.5),
                        schedules.constant(0.01)], [2, 5])
    assert values(s, [0, 1, 2, 3, 4, 5, 6]) == [1.0, 1.0, 1.0, 0.5, 0.25, 0.01, 0.01]


def test_warmup_cosine_is_warmup_joined_with_cosine():
    s = schedules.warmup_cosine(1.0, warmup_steps=10, total_steps=30)
    assert s(5) == 0.5
    assert s(10) == 1.0
    assert s(20) == pytest.approx(0.5)
    assert s(30) == 0.0


def test_join_needs_one_boundary_fewer_than_schedules():
    with pytest.raises(ValueError, match="one boundary fewer"):
        schedules.join([schedules.constant(1.0)], [3])


def test_join_needs_increasing_boundaries():
    with pytest.raises(ValueError, match="increasing"):
        schedules.join([schedules.constant(1.0)] * 3, [5, 5])


@pytest.mark.parametrize("make", [lambda: schedules.step(1.0, step_size=0),
                                  lambda: schedules.cosine(1.0, T_max=0),
                                  lambda: schedules.linear_warmup(1.0, warmup_steps=-1),
                                  lambda: schedules.warmup_cosine(1.0, 10, 10)])
def test_non_positive_lengths_are_refused(make):
    with pytest.raises(ValueError):
        make()


# -- the same numbers as torch's schedulers (only when torch is installed) ----------------


def _torch_lrs(make_scheduler, lr, n):
    torch = pytest.importorskip("torch")
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    sched = make_scheduler(torch.optim.lr_scheduler, opt)
    lrs = []
    for _ in range(n):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return lrs


@pytest.mark.parametrize("ours, theirs", [
    (schedules.step(0.1, 7, 0.3), lambda S, o: S.StepLR(o, step_size=7, gamma=0.3)),
    (schedules.exponential(0.1, 0.97), lambda S, o: S.ExponentialLR(o, gamma=0.97)),
    (schedules.cosine(0.1, 40, 0.01), lambda S, o: S.CosineAnnealingLR(o, T_max=40,
                                                                       eta_min=0.01)),
    (schedules.linear_warmup(0.1, 10, 0.25), lambda S, o: S.LinearLR(o, start_factor=0.25,
                                                                     total_iters=10)),
], ids=["step", "exponential", "cosine", "linear_warmup"])
def test_schedule_matches_the_torch_scheduler(ours, theirs):
    n = 41  # up to and including the end of the cosine
    expected = _torch_lrs(theirs, 0.1, n)
    for t in range(n):
        assert math.isclose(ours(t), expected[t], rel_tol=1e-12, abs_tol=1e-15), t
