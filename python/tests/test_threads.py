"""The GIL is released during long computations, and Ctrl-C interrupts them."""

import signal
import subprocess
import sys
import textwrap
import threading
import time

import oblique

TRAIN = dict(n=96, steps=60, batch=16, eval_batch=16, threads=1)


def test_python_runs_while_rust_computes():
    """With the GIL held through the call, the main thread could not run while the worker
    trains: its longest pause would be the whole training. The training is made long
    enough (at least 0.15 s) that a pause of a scheduler tick cannot be mistaken for it."""
    span = {}

    def work():
        span["start"] = time.perf_counter()
        oblique.train_rank2(**dict(TRAIN, steps=900))
        span["end"] = time.perf_counter()

    t = threading.Thread(target=work)
    t.start()
    ticks = []
    while t.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    inside = [x for x in ticks if span["start"] <= x <= span["end"]]
    took = span["end"] - span["start"]
    assert took > 0.15, f"the training took {took:.3f} s: too short to tell"
    gaps = [b - a for a, b in zip([span["start"]] + inside, inside + [span["end"]])]
    assert max(gaps) < 0.5 * took, (
        f"the main thread paused {max(gaps):.3f} s of the {took:.3f} s training "
        f"({len(inside)} ticks)"
    )


def test_two_trainings_run_at_the_same_time():
    """Two trainings in two Python threads are inside Rust at the same time: each thread
    notes when its call starts and ends; with the GIL held through a call, the second call
    could not start before the first ended. (Whether the overlap also halves the wall time
    depends on free cores: that is measured by bench/python_overhead.py, not tested.)"""
    spans = [None, None]

    def work(i):
        t0 = time.perf_counter()
        oblique.train_rank2(**TRAIN)
        spans[i] = (t0, time.perf_counter())

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (a0, a1), (b0, b1) = spans
    assert max(a0, b0) < min(a1, b1), f"the calls did not overlap: {spans}"


def test_ctrl_c_interrupts_a_training():
    """SIGINT stops a long training within 5 s. The child installs Python's own SIGINT
    handler: a process started in the background by a non-interactive shell inherits SIGINT
    ignored, Python then leaves it ignored, and no Ctrl-C could reach the call."""
    script = textwrap.dedent(
        """
        import signal, sys, time, oblique
        signal.signal(signal.SIGINT, signal.default_int_handler)
        print("start", flush=True)
        t0 = time.perf_counter()
        try:
            oblique.train_rank2(n=256, steps=100000, threads=1)
        except KeyboardInterrupt:
            print(f"interrupted {time.perf_counter() - t0:.2f}", flush=True)
        """
    )
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "start"
        time.sleep(1.0)
        sent = time.perf_counter()
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert out.startswith("interrupted"), out
    assert time.perf_counter() - sent < 5.0
