"""Averages the fine-tuned weights of several runs of train.py (a uniform "model soup",
Wortsman et al. 2022: runs fine-tuned from the same pretrained weights, averaged weight by
weight, are usually more accurate and more robust to a change of domain than each run, at the
cost of one model when serving). Writes the averaged graph as ONNX (float32 and int8) and a
train-log.json listing the runs, into --out, as train.py would.

Run by scripts/train-encoder.ts with --seeds; not meant to be called by hand.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e5file  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", nargs="+", required=True, help="work folders of train.py, each with best.npz and train-log.json")
    ap.add_argument("--e5", required=True)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    import onnx

    import onnx_export

    weights = [dict(np.load(os.path.join(r, "best.npz"))) for r in a.runs]
    keys = sorted(weights[0])
    for r, w in zip(a.runs, weights):
        if sorted(w) != keys:
            sys.exit(f"{r}: its weights are not those of the first run (another --layers?)")
    soup = {k: np.mean([w[k] for w in weights], axis=0).astype(np.float32) for k in keys}
    cfg = e5file.load(a.e5, layers=a.layers, word=False)["config"]
    os.makedirs(a.out, exist_ok=True)
    onnx.save(onnx_export.build(soup, cfg, a.layers), os.path.join(a.out, "model-fp32.onnx"))
    onnx_export.quantize_int8(os.path.join(a.out, "model-fp32.onnx"), os.path.join(a.out, "model-int8.onnx"))
    logs = [json.load(open(os.path.join(r, "train-log.json"))) for r in a.runs]
    json.dump({"soup_of": logs}, open(os.path.join(a.out, "train-log.json"), "w"), indent=1)
    print("wrote", os.path.join(a.out, "model-int8.onnx"), "averaging", len(a.runs), "runs", flush=True)


if __name__ == "__main__":
    main()
