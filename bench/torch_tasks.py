"""The published task networks written again in PyTorch, from paper-methods only (sections
1.1-1.5 and 2.1-2.5), for `noise_ratio_vs_torch.py` and `dissimilarity_vs_torch.py`: the task
generators of cycling, flip-flop, Mante, Romo and complex sine, and the published training
recipe.

The recipe: N = 512, W ~ N(0, g^2/N), W_in ~ N(0, 1) (N x d_in), W_out ~ N(0, 1/N^2)
(d_out x N; small output) or N(0, 1/N) (large), no biases; Euler dt = 0.2 with the state recorded
before the update, z = W_out x; x_0 ~ N(0, 1) fresh per trial; hidden noise sqrt(dt) sigma
per step (sigma 0.2, Mante 0.05); a fresh batch of 32 trials every step; the masked MSE
(the mean over masked entries); Adam with torch's defaults at lr = lr0 / N with the
published lr0 per (output scale, g); float32; all three weights trained.

    >>> u, y, mask = TASKS["romo"].batch(None, np.random.default_rng(0), 4)
    >>> u.shape, y.shape, int(mask.sum())
    ((4, 145, 1), (4, 145, 1), 32)
"""

import math
import time
from dataclasses import dataclass
from typing import Callable, Dict, Tuple

import numpy as np
import torch

from task_rnn import DT


def subsampled(mask, every):
    """The task mask (numpy, trials or 1 x T x d_out) kept only at steps k = 0 (mod
    `every`) (paper-methods 2, mask_step_dt)."""
    keep = np.zeros((1, mask.shape[1], 1))
    keep[:, ::every] = 1.0
    return mask * keep


def cycling(gen, rng, batch, t=360, f=0.1):
    """Paper-methods 2.1 (numpy; deterministic): a unit pulse on input channel b mod 2 for
    steps 0-4; from step 5 on (s = t - 1) the target (sin(+-2 pi f s), cos(2 pi f s)), + for
    even trials; the response masked every 5th step (t = 1, ..., 71)."""
    u, y = np.zeros((batch, t, 2)), np.zeros((batch, t, 2))
    u[np.arange(batch), :5, np.arange(batch) % 2] = 1.0
    s = DT * np.arange(5, t) - 1.0
    sign = np.where(np.arange(batch) % 2 == 0, 1.0, -1.0)[:, None]
    y[:, 5:, 0] = np.sin(sign * 2 * math.pi * f * s)
    y[:, 5:, 1] = np.cos(2 * math.pi * f * s)
    mask = np.zeros((1, t, 2))
    mask[0, 5:] = 1.0
    return u, y, subsampled(mask, 5)


def flipflop(gen, rng, batch, t=125, bits=3, hold=10):
    """Paper-methods 2.2 (numpy; drawn from `rng`): pulses of +-1 for 5 steps from
    int(t_fix / dt) (t_fix ~ U(0, 1)); the first three hit the channels once each in random
    order, 11 steps apart; then gaps int((U(3, 10) + 2) / dt) with a random channel; every
    sign random. The pulsed channel's target is the sign from onset + 10 steps to the next
    onset (masked there, unmasked in the grace steps); the other channels keep the target and
    mask of the step before the onset; masked every 5th step."""
    u, y, mask = np.zeros((batch, t, bits)), np.zeros((batch, t, bits)), np.zeros((batch, t, bits))
    for b in range(batch):
        onsets, k = [], int(rng.uniform(0, 1) / DT)
        for i in range(bits):
            onsets.append(k)
            k += 11
        while onsets[-1] < t:
            onsets.append(onsets[-1] + int((rng.uniform(3, 10) + 2) / DT))
        onsets = [o for o in onsets if o < t]
        channels = list(rng.permutation(bits)) + list(rng.integers(0, bits, len(onsets) - bits))
        for i, (o, c) in enumerate(zip(onsets, channels)):
            sign = rng.choice([-1.0, 1.0])
            end = onsets[i + 1] if i + 1 < len(onsets) else t
            u[b, o:o + 5, c] = sign
            for other in range(bits):
                if other != c and o > 0:
                    y[b, o:end, other] = y[b, o - 1, other]
                    mask[b, o:end, other] = mask[b, o - 1, other]
            y[b, o + hold:end, c] = sign
            mask[b, o + hold:end, c] = 1.0
    return u, y, subsampled(mask, 5)


def complex_sine(gen, rng, batch, t=250):
    """Paper-methods 2.5 (torch float32; drawn from `gen`): input a + 0.25 (a ~ U(0, 1)),
    target sin(2 pi (0.04 + 0.16 a) t) over the whole trial, masked every 2nd step."""
    a = torch.rand(batch, 1, generator=gen)
    time_ = DT * torch.arange(t)
    u = (a + 0.25).unsqueeze(1).expand(batch, t, 1)
    y = torch.sin(2 * math.pi * (0.04 + 0.16 * a) * time_).unsqueeze(2)
    return u.contiguous(), y, subsampled(np.ones((1, t, 1)), 2)


MANTE_COHERENCES = np.array([-8, -4, -2, -1, 1, 2, 4, 8]) / 8


def mante(gen, rng, batch, t=240, stim=(15, 115), response=(140, 240)):
    """Paper-methods 2.3 (numpy, float64; drawn from `rng`): inputs [ctx_0, ctx_1, sens_0,
    sens_1]; sensory noise N(0, 1) 0.05 / sqrt(dt) at every step; during the stimulus
    (t in [3, 23)) each sensory channel adds a coherence from {+-1, +-2, +-4, +-8} / 8 and
    the channel of a uniform context is 1; target sign(coherence of the context) in the
    response window (t in [28, 48)), 0 before the stimulus ends; the delay unmasked; masked
    every 5th step."""
    u = 0.05 / math.sqrt(DT) * rng.standard_normal((batch, t, 4))
    u[:, :, :2] = 0.0
    coh = MANTE_COHERENCES[rng.integers(0, len(MANTE_COHERENCES), (batch, 2))]
    ctx = rng.integers(0, 2, batch)
    u[:, stim[0]:stim[1], 2:] += coh[:, None, :]
    u[np.arange(batch)[:, None], np.arange(*stim)[None, :], ctx[:, None]] = 1.0
    y = np.zeros((batch, t, 1))
    y[:, response[0]:response[1], 0] = np.sign(coh[np.arange(batch), ctx])[:, None]
    mask = np.zeros((1, t, 1))
    mask[0, :stim[1], 0] = 1.0
    mask[0, response[0]:response[1], 0] = 1.0
    return u, y, subsampled(mask, 5)


def romo(gen, rng, batch, t=145):
    """Paper-methods 2.4 (numpy, float64; drawn from `rng`): f1, f2 ~ U(0.5, 1.5) redrawn
    until |f1 - f2| >= 0.2; f1 for 5 steps from int(t_fix / dt) (t_fix ~ U(1, 3)), a gap of
    int(delay / dt) steps (delay ~ U(2, 12)), f2 for 5 steps; the response 20 steps after
    f2 ends, for 40 steps, with target +1 if f1 > f2 and -1 otherwise; only the response
    masked, every 5th step."""
    u, y, mask = np.zeros((batch, t, 1)), np.zeros((batch, t, 1)), np.zeros((batch, t, 1))
    for b in range(batch):
        f1, f2 = rng.uniform(0.5, 1.5, 2)
        while abs(f1 - f2) < 0.2:
            f1, f2 = rng.uniform(0.5, 1.5, 2)
        s1 = int(rng.uniform(1, 3) / DT)
        s2 = s1 + 5 + int(rng.uniform(2, 12) / DT)
        r = s2 + 5 + 20
        u[b, s1:s1 + 5, 0] = f1
        u[b, s2:s2 + 5, 0] = f2
        y[b, r:r + 40, 0] = 1.0 if f1 > f2 else -1.0
        mask[b, r:r + 40, 0] = 1.0
    return u, y, subsampled(mask, 5)


@dataclass(frozen=True)
class Task:
    """One task of the published grid: its generator, input size, hidden noise, steps and
    lr0 per (output scale, g) (paper-methods 1.5)."""

    batch: Callable[[torch.Generator, np.random.Generator, int], tuple]
    d_in: int
    sigma_hid: float
    steps: int
    lr0: Dict[Tuple[str, float], float]
    d_out: int = 1


TASKS = {
    "cycling": Task(cycling, 2, 0.2, 1000, {("large", 0.7): 0.02, ("large", 1.5): 0.02,
                                           ("small", 0.7): 0.02, ("small", 1.5): 0.02}, d_out=2),
    "flipflop": Task(flipflop, 3, 0.2, 4000, {("large", 0.7): 0.01, ("large", 1.5): 0.01,
                                              ("small", 0.7): 0.005, ("small", 1.5): 0.005},
                     d_out=3),
    "complex-sine": Task(complex_sine, 1, 0.2, 6000, {("large", 0.7): 0.01, ("large", 1.5): 0.005,
                                                      ("small", 0.7): 0.005, ("small", 1.5): 0.005}),
    "mante": Task(mante, 4, 0.05, 4000, {("large", 0.7): 0.002, ("large", 1.5): 0.02,
                                         ("small", 0.7): 0.002, ("small", 1.5): 0.002}),
    "romo": Task(romo, 1, 0.2, 6000, {("large", 0.7): 0.01, ("large", 1.5): 0.01,
                                      ("small", 0.7): 0.01, ("small", 1.5): 0.005}),
}


def drawn_batch(task, seed, trials=32):
    """An evaluation batch of `task` drawn by its generator from `seed` (the torch generator and
    numpy's both seeded with it): (inputs, targets, masks), trials x T x d, float64."""
    gen, rng = torch.Generator().manual_seed(seed), np.random.default_rng(seed)
    u, y, mask = (np.asarray(a, dtype=np.float64) for a in TASKS[task].batch(gen, rng, trials))
    return u, y, np.broadcast_to(mask, y.shape).copy()


def train(task, seed, scale, g, steps, on_checkpoint, checkpoints, n=512, batch=32):
    """Trains one network of `task` by the published recipe; at each step in `checkpoints`
    calls `on_checkpoint(w, w_in, w_out, step)` (weights numpy float64) and returns its results, each with
    the step, the mean loss of the last tenth of the steps, |w_out| and the seconds so far."""
    spec = TASKS[task]
    gen, rng = torch.Generator().manual_seed(seed), np.random.default_rng(seed)
    w = (g / math.sqrt(n) * torch.randn(n, n, generator=gen)).requires_grad_()
    w_in = torch.randn(n, spec.d_in, generator=gen).requires_grad_()
    sigma_out = 1.0 if scale == "large" else 1 / math.sqrt(n)
    w_out = (sigma_out / math.sqrt(n) * torch.randn(spec.d_out, n, generator=gen)).requires_grad_()
    opt = torch.optim.Adam([w, w_in, w_out], lr=spec.lr0[(scale, g)] / n)
    out, losses, t0 = [], [], time.time()
    for step in range(1, steps + 1):
        u, y, mask = (torch.as_tensor(a, dtype=torch.float32) for a in spec.batch(gen, rng, batch))
        x = torch.randn(batch, n, generator=gen)
        noise = math.sqrt(DT) * spec.sigma_hid * torch.randn(u.shape[1], batch, n, generator=gen)
        zs = []
        for k in range(u.shape[1]):
            zs.append(x @ w_out.T)
            x = (1 - DT) * x + DT * (torch.tanh(x) @ w.T + u[:, k] @ w_in.T) + noise[k]
        z = torch.stack(zs, dim=1)
        loss = ((z - y) ** 2 * mask).sum() / (mask.expand_as(z).sum())
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if step % 500 == 0:
            print(f"torch {task} {scale} g {g} seed {seed}: step {step}/{steps}, "
                  f"loss {np.mean(losses[-500:]):.4f}, {time.time() - t0:.0f} s", flush=True)
        if step in checkpoints:
            as_np = lambda p: p.detach().double().numpy()
            row = dict(on_checkpoint(as_np(w), as_np(w_in), as_np(w_out), step))
            row.update(scale=scale, g=g, seed=seed, step=step,
                       loss_last_10pct=round(float(np.mean(losses[-steps // 10:])), 4),
                       w_out_norm=round(float(w_out.detach().norm()), 4),
                       seconds=round(time.time() - t0, 1))
            out.append(row)
            print(out[-1], flush=True)
    return out
