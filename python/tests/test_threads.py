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
    """With the GIL held, the main thread could not count while the worker trains."""
    done = threading.Event()
    t = threading.Thread(target=lambda: (oblique.train_rank2(**TRAIN), done.set()))
    t.start()
    count = 0
    while not done.is_set():
        count += 1
        time.sleep(0.001)
    t.join()
    assert count > 20, f"the main thread ran only {count} times during the training"


def test_two_threads_take_about_the_time_of_one():
    """On >= 2 cores, two single-threaded trainings in two Python threads overlap: the pair
    takes well under twice one (with the GIL held it would take twice). Loose bound: the
    machine may be shared."""
    oblique.train_rank2(**TRAIN)  # warm up
    t0 = time.perf_counter()
    oblique.train_rank2(**TRAIN)
    one = time.perf_counter() - t0
    threads = [threading.Thread(target=oblique.train_rank2, kwargs=TRAIN) for _ in range(2)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    two = time.perf_counter() - t0
    assert two < 1.6 * one, f"two threads took {two:.2f} s, one {one:.2f} s"


def test_ctrl_c_interrupts_a_training():
    script = textwrap.dedent(
        """
        import sys, time, oblique
        print("start", flush=True)
        t0 = time.perf_counter()
        try:
            oblique.train_rank2(n=256, steps=100000, threads=1)
        except KeyboardInterrupt:
            print(f"interrupted {time.perf_counter() - t0:.2f}", flush=True)
        """
    )
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "start"
    time.sleep(1.0)
    sent = time.perf_counter()
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=30)
    assert out.startswith("interrupted"), out
    assert time.perf_counter() - sent < 5.0
