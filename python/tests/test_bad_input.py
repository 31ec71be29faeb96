"""Bad and absurd input: every function raises ValueError naming the argument (its Python
spelling) instead of aborting the interpreter, hanging, running out of memory or
returning NaN; the published sizes are not refused."""

import numpy as np
import pytest

import oblique

# The end of a refusal by the resource check (oblique_validate::budget), in Python spelling.
MEMORY = r"needs about .* of memory, but this machine has .* in total; lower "
WORK = r"needs about .* floating-point operations .*, more than the limit .*; lower "


def refused(call, pattern):
    with pytest.raises(ValueError, match=pattern) as e:
        call()
    assert "--" not in str(e.value), str(e.value)
    return str(e.value)


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"n": 10**9}, r"^simulating N = 1\.0000e9 neurons x 256 trials x 500 steps " + MEMORY
         + r"n, batch or t_max \(or raise dt\)$"),
        ({"n": 10**18}, MEMORY + r"n, batch or t_max"),
        ({"batch": 10**9}, MEMORY + r"n, batch or t_max"),
        ({"t_max": 1e300}, MEMORY + r"n, batch or t_max"),
        ({"t_max": 1e7}, MEMORY + r"n, batch or t_max"),
        ({"dt": 1e-9}, MEMORY + r"n, batch or t_max \(or raise dt\)$"),
        ({"g": 0.5, "n": 10**6}, MEMORY + r"n \(or g 0: the low-rank path needs no N x N matrix\)$"),
        ({"n": 10**6, "batch": 2, "t_max": 2e7}, WORK + r"t_max, batch or n \(or raise dt\)$"),
    ],
)
def test_simulate_refuses_runs_beyond_the_machine(kwargs, pattern):
    refused(lambda: oblique.simulate(2.0, **kwargs), pattern)


def test_threads_beyond_the_machine_are_refused_everywhere():
    pattern = r"^threads: 1000000 is out of range: it must be between 1 and \d+ \(4 x the \d+ available cores\)$"
    refused(lambda: oblique.simulate(2.0, n=32, batch=8, threads=10**6), pattern)
    refused(lambda: oblique.train_rank2(n=16, steps=1, threads=10**6), pattern)
    refused(lambda: oblique.train_linear(n=16, steps=1, threads=10**6), pattern)
    refused(lambda: oblique.train_task("cycling", "small", n=16, steps=1, threads=10**6), pattern)
    refused(lambda: oblique.simulate(2.0, threads=0), r"^threads: 0 is out of range")


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"n": 10**9, "steps": 1}, MEMORY + r"eval_batch or n$"),
        ({"n": 10**18, "steps": 1}, MEMORY + r"eval_batch or n"),
        ({"batch": 10**9, "steps": 1}, MEMORY + r"batch or n"),
        ({"eval_batch": 10**9, "steps": 1}, MEMORY + r"eval_batch or n"),
        ({"steps": 10**15}, MEMORY + r"steps$"),
        ({"steps": 10**9, "n": 16, "batch": 2, "eval_batch": 2}, MEMORY + r"steps"),
        ({"n": 16, "steps": 5, "dt": 1e-6}, r"^training M with N = 16, batch 32, evaluation batch 512, 5 steps "
         + MEMORY + r"eval_batch or n \(or raise dt\)$"),
        ({"n": 16, "steps": 5, "dt": 1e-300}, MEMORY + r".*\(or raise dt\)$"),
    ],
)
def test_train_rank2_refuses_runs_beyond_the_machine(kwargs, pattern):
    refused(lambda: oblique.train_rank2(**kwargs), pattern)


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"n": 10**9, "steps": 1}, MEMORY + r"n or batch$"),
        ({"n": 100000, "steps": 1}, MEMORY + r"n or batch"),
        ({"batch": 10**9, "steps": 1}, MEMORY + r"n or batch"),
        ({"steps": 10**15}, MEMORY + r"steps \(or fast_steps/slow_steps\)$"),
        ({"steps": 10**6, "n": 4096}, WORK + r"steps \(or fast_steps/slow_steps\), batch or n$"),
        ({"steps": 10**9, "n": 4, "batch": 1}, MEMORY + r"steps \(or fast_steps/slow_steps\)"),
        ({"fast_steps": 2**63, "slow_steps": 2**63}, r"^fast_steps, slow_steps: 9223372036854775808 \+ "
         r"9223372036854775808 training steps is out of range: lower fast_steps or slow_steps$"),
        ({"fast_steps": 2**64 - 1, "slow_steps": 1}, r"^fast_steps, slow_steps: .* is out of range"),
        ({"n": 16, "steps": 5, "dt": 1e-300}, MEMORY + r".*\(or raise dt\)$"),
    ],
)
def test_train_linear_refuses_runs_beyond_the_machine(kwargs, pattern):
    refused(lambda: oblique.train_linear(**kwargs), pattern)


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"samples": 10**9}, r"^the learning curves of N = 256 neurons \(rank-two space\) at 1\.0000e9 samples per phase "
         + MEMORY + r"samples$"),
        ({"samples": 10**15}, MEMORY + r"samples$"),
        ({"dt": 0.2, "batch": 10**9, "samples": 11}, MEMORY + r"batch$"),
        ({"dt": 0.2, "batch": 4, "t_max": 1e4, "samples": 11}, r"^the SGD moment theory with 50000 time points "
         r"per trial, batch 4, over 6000 steps " + MEMORY + r"t_max \(or raise dt\)$"),
        ({"dt": 0.2, "batch": 4, "t_max": 1e300, "samples": 11}, MEMORY + r"t_max \(or raise dt\)$"),
        ({"dt": 1e-9, "batch": 4, "samples": 11}, MEMORY + r"t_max \(or raise dt\)$"),
        ({"space": "full", "n": 10**9, "samples": 11}, MEMORY + r"n \(or space='rank-two'\)$"),
        ({"space": "full", "n": 5000}, WORK + r"n or samples \(or space='rank-two'\)$"),
    ],
)
def test_linear_refuses_runs_beyond_the_machine(kwargs, pattern):
    refused(lambda: oblique.linear(**kwargs), pattern)


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"n": 10**9}, r"^the fluctuation-learning prediction with N = 1\.0000e9, 5 memories, 1 pairs " + MEMORY + "n$"),
        ({"n": 10**18}, MEMORY + "n$"),
        ({"n": 100000}, MEMORY + "n$"),
        ({"n": 20, "memories": 10**9}, MEMORY + "memories or pairs$"),
        ({"n": 20, "pairs": 10**9}, MEMORY + "(memories or pairs|pairs)$"),
        ({"n": 20, "pairs": 10**7}, MEMORY + "pairs$"),
        ({"j": np.zeros((2, 2)), "pairs": 10**9}, MEMORY + "(memories or pairs|pairs)$"),
    ],
)
def test_flr_refuses_runs_beyond_the_machine(kwargs, pattern):
    refused(lambda: oblique.flr(**kwargs), pattern)


def test_sweep_refuses_grids_beyond_the_machine():
    big = np.linspace(1.6, 3, 10**5)
    refused(lambda: oblique.sweep(big, np.linspace(-5, -1, 10**5), 256),
            r"^a sweep over 1\.0000e10 grid points " + MEMORY + r"the counts of lambda_plus, lambda_minus or n$")
    refused(lambda: oblique.sweep(big, np.linspace(-5, -1, 10**4), 256, as_frame=True),
            MEMORY + "the counts of lambda_plus")
    refused(lambda: oblique.sweep([2.0], [-5.0], 1e300),
            r"^n: 1e\+300 is out of range: it must be a whole number between 2 and 9223372036854775807$")


def test_train_task_names_python_arguments():
    with pytest.raises(ValueError) as e:
        oblique.train_task("cycling", "small", n=16, steps=2, g=1e300)
    assert str(e.value).endswith("lower g or noise); the run stopped after 0 steps"), str(e.value)
    refused(lambda: oblique.train_task("cycling", "small", n=16, steps=2, lr0=1e300), r"try a smaller lr0\)")
    # the curves (6 numbers per step) on their way to numpy
    refused(lambda: oblique.train_task("sine", "small", n=2, batch=1, steps=3 * 10**7), MEMORY + "steps$")


ROWS = np.random.default_rng(0).standard_normal((20, 5))


@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda: oblique.regime.gen_corr(np.ones(5), np.full((10, 5), np.nan)),
         r"^states: entry 0 \(row-major\) is NaN; every entry must be a finite number$"),
        (lambda: oblique.regime.gen_corr(np.full(5, np.inf), ROWS), r"^w_out: entry 0 \(row-major\) is inf"),
        (lambda: oblique.regime.gen_corr(np.zeros((0, 0)), np.zeros((0, 0))),
         r"^w_out: the array is empty \(0 x 0\); it needs at least one row and one column$"),
        (lambda: oblique.regime.corr_data(np.zeros((0, 5)), np.ones(5)), r"^states: the array is empty"),
        (lambda: oblique.regime.corr_data(ROWS * 1e300, np.ones(5)),
         r"^states: entry 0 \(row-major\) is .*e\d+; for a 20 x 5 array every entry must be below \d\.\de\d+ in "
         r"magnitude \(sums of squares overflow float64\): rescale states$"),
        (lambda: oblique.regime.participation_ratio(np.zeros((5, 0))), r"^states: the array is empty \(5 x 0\)"),
        (lambda: oblique.regime.participation_ratio(np.full((10, 5), np.nan)), r"^states: entry 0 .* is NaN"),
        (lambda: oblique.regime.state_norm(np.full((10, 5), 1e300), centre=False), r"^states: entry 0 .* rescale states$"),
        (lambda: oblique.regime.weight_norm(np.full((2, 5), 1e300)), r"^w: entry 0 .* rescale w$"),
        (lambda: oblique.regime.weight_norm(np.full((2, 5), np.nan)), r"^w: entry 0 .* is NaN"),
        (lambda: oblique.regime.pca(np.zeros((5, 0))), r"^states: the array is empty"),
        (lambda: oblique.regime.pca(ROWS * 1e300), r"^states: entry 0 .* rescale states$"),
        (lambda: oblique.regime.participation_ratio(ROWS * 1e100), r"^states: entry 0 .* rescale states$"),
        (lambda: oblique.regime.pca(ROWS, threshold=2), r"^threshold: 2(\.0)? is out of range: it must be a number in \(0, 1\]$"),
        (lambda: oblique.regime.pca(ROWS, threshold=float("nan")), r"^threshold: NaN is out of range"),
        (lambda: oblique.regime.dfit(ROWS, ROWS[:, 0], fraction=-1), r"^fraction: -1(\.0)? is out of range: it must be a number in \(0, 1\]$"),
        (lambda: oblique.regime.procrustes(np.full((10, 5), np.nan), np.ones((10, 5))), r"^x: entry 0 .* is NaN"),
        (lambda: oblique.regime.procrustes(np.zeros((0, 5)), np.zeros((0, 5))), r"^x: the array is empty"),
        (lambda: oblique.regime.subsample(ROWS, ROWS[:, 0], repeats=10**15),
         r"^the subsampling analysis with 1\.0000e16 subsets of up to 5 neurons " + MEMORY + "repeats$"),
        (lambda: oblique.regime.measures(ROWS, ROWS[:, 0], subsample=10**15), MEMORY + "subsample$"),
        (lambda: oblique.regime.measures(np.broadcast_to(np.float32(0), (10**6, 10**6)), np.zeros(10**6)),
         r"^the measures of a 1\.0000e6 x 1\.0000e6 states array " + MEMORY + "the size of the array$"),
    ],
)
def test_regime_refuses_bad_arrays(call, pattern):
    refused(call, pattern)


def test_published_sizes_are_not_refused():
    # README and the quickstart notebook
    s = oblique.sweep(np.linspace(1.61, 3, 1000), [-5, -1], n=[64, 256])
    assert len(s["n"]) == 4000
    sim = oblique.simulate(2.0, -5.0, n=128, batch=64, t_max=60, t_stat=20)
    assert np.isfinite(sim["l_var"])
    # the defaults (Figs. 10, 12, 13; flr), their sizes with few steps where a run is long
    assert np.all(np.isfinite(oblique.linear(samples=21)["flow"]["l_var"]))
    assert np.all(np.isfinite(oblique.linear(samples=21, dt=0.2, batch=32)["sgd"]["l_var"]))
    assert np.all(np.isfinite(oblique.linear(n=32, samples=11, space="full")["flow"]["l_var"]))
    assert np.isfinite(oblique.flr()["predictions"]["exact"][0])
    assert np.isfinite(oblique.train_rank2(steps=2, threads=1)["loss"])
    assert np.isfinite(oblique.train_linear(steps=2, threads=1)["loss"])
    assert oblique.train_task("cycling", "small", steps=1)["steps_done"] == 1
    x = np.random.default_rng(1).standard_normal((500, 40))
    assert np.isfinite(oblique.regime.measures(x, x[:, :2] @ [[1.0], [0.5]], subsample=20)["corr"])


@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda: oblique.mft(1.9, -5, n=-5), r"^n: -5 is out of range: it must be a whole number >= 2$"),
        (lambda: oblique.simulate(2.0, n=-5), r"^n: -5 is out of range: it must be a whole number between 0 and 18446744073709551615$"),
        (lambda: oblique.simulate(2.0, seed=2**64), r"^seed: 18446744073709551616 is out of range"),
        (lambda: oblique.train_rank2(steps=-1), r"^steps: -1 is out of range"),
        (lambda: oblique.train_linear(fast_steps=-1), r"^fast_steps: -1 is out of range"),
        (lambda: oblique.train_task("cycling", "small", batch=-2), r"^batch: -2 is out of range"),
        (lambda: oblique.linear(samples=-3), r"^samples: -3 is out of range"),
        (lambda: oblique.flr(pairs=-1), r"^pairs: -1 is out of range"),
        (lambda: oblique.regime.measures(ROWS, ROWS[:, 0], delay=-1), r"^delay: -1 is out of range"),
        (lambda: oblique.regime.subsample(ROWS, ROWS[:, 0], repeats=-1), r"^repeats: -1 is out of range"),
    ],
)
def test_negative_whole_numbers_name_their_argument(call, pattern):
    refused(call, pattern)


def test_overflowing_couplings_and_flr_amplitudes_name_their_argument():
    refused(lambda: oblique.sweep([2.0, 1e300], [-5.0], 256),
            r"^lambda_plus, lambda_minus: the point lambda\+ = 1\.0000e300, lambda- = -5 overflows float64 "
            r"\(kappa_norm = inf, .*\); lower \|lambda_plus\| or \|lambda_minus\|$")
    refused(lambda: oblique.flr(n=20, input_amplitude=1e300), r"^input_amplitude: u = 1\.0000e300 is out of range")
    refused(lambda: oblique.flr(j=np.zeros((0, 0))), r"^j: J is empty")


def test_out_of_range_reals_name_their_argument():
    refused(lambda: oblique.train_linear(n=16, steps=1, rho_sqrt_n=1e300),
            r"^rho_sqrt_n: 1\.0000e300 is out of range: it must be a number between -4 and 4 \(sqrt\(n\)\)$")
    refused(lambda: oblique.linear(dt=0.2, batch=4, t_max=float("nan"), samples=11),
            r"^t_max/t_loss_min: t_max = NaN is not finite")


def test_subsampling_options_name_their_argument():
    y = ROWS[:, 0]
    refused(lambda: oblique.regime.subsample(ROWS, y, repeats=0),
            r"^repeats: 0 is out of range: it must be at least 1 \(subsets per neuron fraction\)$")
    refused(lambda: oblique.regime.measures(ROWS, y, subsample=0), r"^subsample: 0 is out of range")
    refused(lambda: oblique.regime.subsample(ROWS, y, fractions=[]),
            r"^fractions: give at least one neuron fraction in \(0, 1\]$")
    refused(lambda: oblique.regime.subsample(ROWS, y, fractions=[0.5, 2.0]),
            r"^fractions: 2(\.0)? is out of range: it must be a number in \(0, 1\]$")
