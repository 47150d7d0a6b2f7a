"""How far words alone can go on a labelled set: a supervised upper reference for theme quality.

Trains linear classifiers on the human labels (TF-IDF of words, word pairs or character n-grams;
linear SVM and logistic regression) and scores them by 10-fold cross-validation: every text is
predicted by a model that saw the labels of the other 90%. The NMI of those predictions is what a
method with the same features reaches *with* the answers; an unsupervised clustering told the
number of themes cannot be expected to beat it by much. Used for docs/quality.md (issue 3).

Usage: /usr/bin/python3 scripts/supervised-ceiling.py FILE.csv [FILE.csv ...]
Reads `text,label[,group]` columns (as `npm run eval -- --set`); with a group column each group is
cross-validated on its own and the figures are weighted by group size. Needs Debian's python3-sklearn
(`apt-get install python3-sklearn`, as `npm run bench` installs it).
"""
import csv
import sys
from collections import OrderedDict

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, normalized_mutual_info_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

FEATURES = [
    ('words', lambda: TfidfVectorizer(sublinear_tf=True)),
    ('words+pairs', lambda: TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))),
    ('char 2-5', lambda: TfidfVectorizer(sublinear_tf=True, analyzer='char_wb', ngram_range=(2, 5))),
]
CLASSIFIERS = [
    ('linear SVM', lambda: LinearSVC(C=1.0)),
    ('logistic', lambda: LogisticRegression(C=10.0, max_iter=2000)),
]


def read_groups(path):
    groups = OrderedDict()
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            text, label = (row.get('text') or '').strip(), (row.get('label') or '').strip()
            if not text or not label:
                continue
            groups.setdefault(row.get('group') or '', []).append((text, label))
    return groups


def score(groups, make_vectoriser, make_classifier):
    total = acc = nmi = 0.0
    for items in groups.values():
        texts = [t for t, _ in items]
        labels = [l for _, l in items]
        counts = {}
        for l in labels:
            counts[l] = counts.get(l, 0) + 1
        folds = min(10, min(counts.values()))
        if len(counts) < 2 or folds < 2:
            continue  # a group with one label, or labels too small to split, says nothing
        matrix = make_vectoriser().fit_transform(texts)
        predicted = cross_val_predict(make_classifier(), matrix, labels, cv=StratifiedKFold(folds, shuffle=True, random_state=0))
        n = len(items)
        total += n
        acc += n * accuracy_score(labels, predicted)
        nmi += n * normalized_mutual_info_score(labels, predicted)
    return (acc / total, nmi / total) if total else (float('nan'), float('nan'))


def main(paths):
    if not paths:
        sys.exit(__doc__)
    for path in paths:
        groups = read_groups(path)
        print(f'{path}: {sum(len(g) for g in groups.values())} texts, {len(groups)} group(s)')
        print('| features | classifier | accuracy | NMI |')
        print('|---|---|---|---|')
        for fname, make_vectoriser in FEATURES:
            for cname, make_classifier in CLASSIFIERS:
                accuracy, nmi = score(groups, make_vectoriser, make_classifier)
                print(f'| {fname} | {cname} | {accuracy:.3f} | {nmi:.3f} |')


if __name__ == '__main__':
    main(sys.argv[1:])
