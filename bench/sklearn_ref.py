# Bench reference: scikit-learn TF-IDF + TruncatedSVD(100) + KMeans (Harvest's chosen k, n_init=1) per question, timed, with NMI against the true themes.
import json
import sys
import time

from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score
from sklearn.preprocessing import Normalizer


def main() -> None:
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    seed = int(spec.get("seed", 42))
    total = 0.0
    weighted_nmi = 0.0
    count = 0
    per_question = []
    for q in spec["questions"]:
        texts, truth, k = q["texts"], q["truth"], max(2, int(q["k"]))
        t0 = time.perf_counter()
        x = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5, stop_words="english", ngram_range=(1, 2)).fit_transform(texts)
        dims = min(100, x.shape[1] - 1, x.shape[0] - 1)
        z = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(x)
        z = Normalizer(copy=False).fit_transform(z)
        labels = KMeans(n_clusters=k, n_init=1, random_state=seed).fit_predict(z)
        seconds = time.perf_counter() - t0
        nmi = normalized_mutual_info_score(truth, labels)
        total += seconds
        weighted_nmi += nmi * len(texts)
        count += len(texts)
        per_question.append({"k": k, "answers": len(texts), "seconds": round(seconds, 3), "nmi": round(nmi, 4)})
    print(json.dumps({"sklearn_s": round(total, 3), "sklearn_nmi": round(weighted_nmi / max(1, count), 4), "questions": per_question}))


if __name__ == "__main__":
    main()
