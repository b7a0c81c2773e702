"""The official SciFact metrics, restated in a few lines of plain Python.

This is a second, independent statement of the definitions in the SciFact evaluator
(allenai/scifact, Wadden et al. 2020), written for this package so that its TypeScript
scorer can be checked against it. It follows the evaluator's own way of counting, sentence
by sentence, rather than the TypeScript's shortcut, so the two are not one idea written
twice. It needs nothing beyond the standard library.

    python3 official_metrics.py --gold claims_dev.jsonl PRED.jsonl [PRED.jsonl ...]

prints {"<file name>": {"<metric>": {precision, recall, f1, correct, retrieved, relevant}}}.

Semantics, as the evaluator has them:
- Every gold claim counts; a claim with no prediction line predicts nothing.
- An abstract labelled NOT_ENOUGH_INFO is no prediction and is skipped.
- Abstract level: retrieved is every predicted abstract; an abstract is correct for
  label-only when it is a gold evidence abstract with the gold label, and rationalized when
  also some gold rationale set lies inside the set of its first 3 listed sentences.
- Sentence level: retrieved is every listed sentence (repeats included); a distinct listed
  sentence is correct when it belongs to a gold set of that abstract whose every sentence
  was listed; selection+label also needs the abstract's label to be the gold one.
"""

import argparse
import json
import os

MAX_ABSTRACT_SENTS = 3
EVIDENCE_LABELS = ("SUPPORT", "CONTRADICT")
NEI = "NOT_ENOUGH_INFO"
METRICS = (
    ("abstract_label_only", "abstract", "label_only"),
    ("abstract_rationalized", "abstract", "rationalized"),
    ("sentence_selection", "sentence", "selection"),
    ("sentence_label", "sentence", "label"),
)


def read_jsonl(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def safe_ratio(numerator, denominator):
    return 0.0 if denominator == 0 else numerator / denominator


def compute_score(correct, retrieved, relevant):
    precision = safe_ratio(correct, retrieved)
    recall = safe_ratio(correct, relevant)
    f1 = safe_ratio(2 * precision * recall, precision + recall)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "correct": correct,
        "retrieved": retrieved,
        "relevant": relevant,
    }


def unify_gold(claim):
    """Doc key to (label, list of rationale sets), one label per abstract."""
    unified = {}
    for doc_key, rationales in claim["evidence"].items():
        labels = {rationale["label"] for rationale in rationales}
        assert len(labels) == 1, f"claim {claim['id']}: mixed labels"
        sets = [set(rationale["sentences"]) for rationale in rationales]
        unified[doc_key] = (labels.pop(), sets)
    return unified


def count_credited(gold_sets, listed):
    credited = 0
    for sentence in listed:
        owners = [rationale for rationale in gold_sets if sentence in rationale]
        assert len(owners) < 2, "a sentence in two gold sets"
        if owners and owners[0].issubset(listed):
            credited += 1
    return credited


def count_abstract(gold, doc_key, predicted, counts):
    counts["abstract_retrieved"] += 1
    counts["sentence_retrieved"] += len(predicted["sentences"])
    if doc_key not in gold:
        return

    gold_label, gold_sets = gold[doc_key]
    label_right = predicted["label"] == gold_label
    if label_right:
        counts["abstract_label_only"] += 1
        first = set(predicted["sentences"][:MAX_ABSTRACT_SENTS])
        if any(rationale.issubset(first) for rationale in gold_sets):
            counts["abstract_rationalized"] += 1

    credited = count_credited(gold_sets, set(predicted["sentences"]))
    counts["sentence_selection"] += credited
    if label_right:
        counts["sentence_label"] += credited


def score_predictions(gold_claims, predictions):
    by_id = {prediction["id"]: prediction for prediction in predictions}
    assert len(by_id) == len(predictions), "a claim predicted twice"
    counts = {
        key: 0
        for key in (
            "abstract_relevant",
            "abstract_retrieved",
            "abstract_label_only",
            "abstract_rationalized",
            "sentence_relevant",
            "sentence_retrieved",
            "sentence_selection",
            "sentence_label",
        )
    }

    for claim in gold_claims:
        gold = unify_gold(claim)
        counts["abstract_relevant"] += len(gold)
        for rationales in claim["evidence"].values():
            counts["sentence_relevant"] += sum(len(r["sentences"]) for r in rationales)

        evidence = by_id.get(claim["id"], {"evidence": {}})["evidence"]
        for doc_key, predicted in evidence.items():
            if predicted["label"] == NEI:
                continue
            assert predicted["label"] in EVIDENCE_LABELS, predicted["label"]
            count_abstract(gold, doc_key, predicted, counts)

    return {
        name: compute_score(
            counts[f"{level}_{kind}"],
            counts[f"{level}_retrieved"],
            counts[f"{level}_relevant"],
        )
        for name, level, kind in METRICS
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", required=True, help="gold claims (JSONL)")
    parser.add_argument("predictions", nargs="+", help="prediction files (JSONL)")
    args = parser.parse_args()

    gold_claims = read_jsonl(args.gold)
    results = {
        os.path.basename(path): score_predictions(gold_claims, read_jsonl(path))
        for path in args.predictions
    }
    print(json.dumps(results, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
