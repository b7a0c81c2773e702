"""Writes prediction files of several shapes for the dev claims, deterministically.

    python3 make_predictions.py --gold claims_dev.jsonl --corpus corpus.jsonl --out DIR

Each shape stresses one rule of the official metrics: claims with no prediction, empty
rationales, more than 3 sentences, wrong labels, abstracts without evidence, repeated
sentence indices, NOT_ENOUGH_INFO labels, and random mixtures of all of them. Every file is
a valid prediction file for the dev split (known claims and abstracts, indices inside their
abstracts), so a scorer must take each one without error.
"""

import argparse
import json
import os
import random

LABELS = ("SUPPORT", "CONTRADICT")
NEI = "NOT_ENOUGH_INFO"
MIX_SEEDS = (1, 2, 3)


def read_jsonl(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def flip(label):
    return "CONTRADICT" if label == "SUPPORT" else "SUPPORT"


def gold_label(claim, doc_key):
    return claim["evidence"][doc_key][0]["label"]


def gold_sentences(claim, doc_key):
    """Every rationale sentence of one abstract, set after set, in the release's order."""
    return [s for rationale in claim["evidence"][doc_key] for s in rationale["sentences"]]


def random_sentences(rng, size, count):
    return rng.sample(range(size), min(count, size))


def shape_empty(claims, sizes, rng):
    return [{"id": claim["id"], "evidence": {}} for claim in claims]


def shape_oracle_gold(claims, sizes, rng):
    return [
        {
            "id": claim["id"],
            "evidence": {
                doc: {"sentences": gold_sentences(claim, doc), "label": gold_label(claim, doc)}
                for doc in claim["evidence"]
            },
        }
        for claim in claims
    ]


def shape_empty_rationales(claims, sizes, rng):
    records = []
    for claim in claims:
        evidence = {}
        for doc_id in claim["cited_doc_ids"]:
            doc = str(doc_id)
            label = gold_label(claim, doc) if doc in claim["evidence"] else "SUPPORT"
            evidence[doc] = {"sentences": [], "label": label}
        records.append({"id": claim["id"], "evidence": evidence})
    return records


def shape_over_three(claims, sizes, rng):
    records = []
    for claim in claims:
        evidence = {}
        for doc in claim["evidence"]:
            listed = gold_sentences(claim, doc)
            extra = [s for s in random_sentences(rng, sizes[doc], 6) if s not in listed]
            listed = listed + extra[: rng.randint(2, 5)]
            rng.shuffle(listed)
            evidence[doc] = {"sentences": listed, "label": gold_label(claim, doc)}
        records.append({"id": claim["id"], "evidence": evidence})
    return records


def shape_wrong_labels(claims, sizes, rng):
    records = []
    for claim in claims:
        evidence = {}
        for doc in claim["evidence"]:
            listed = gold_sentences(claim, doc)
            if len(listed) > 1 and rng.random() < 0.3:
                listed = listed[:-1]
            label = gold_label(claim, doc)
            label = flip(label) if rng.random() < 0.5 else label
            evidence[doc] = {"sentences": listed, "label": label}
        records.append({"id": claim["id"], "evidence": evidence})
    return records


def shape_non_evidence(claims, sizes, rng):
    doc_keys = sorted(sizes, key=int)
    records = []
    for claim in claims:
        evidence = {}
        wanted = [str(d) for d in claim["cited_doc_ids"] if str(d) not in claim["evidence"]]
        wanted += rng.sample(doc_keys, rng.randint(1, 2))
        for doc in wanted:
            listed = random_sentences(rng, sizes[doc], rng.randint(0, 4))
            evidence[doc] = {"sentences": listed, "label": rng.choice(LABELS)}
        for doc in claim["evidence"]:
            listed = gold_sentences(claim, doc)[: rng.randint(1, 3)]
            evidence[doc] = {"sentences": listed, "label": gold_label(claim, doc)}
        records.append({"id": claim["id"], "evidence": evidence})
    return records


def shape_missing_claims(claims, sizes, rng):
    kept = [claim for claim in claims if rng.random() < 0.67]
    return shape_over_three(kept, sizes, rng)


def shape_repeats_and_nei(claims, sizes, rng):
    records = []
    for claim in claims:
        evidence = {}
        for doc_id in claim["cited_doc_ids"]:
            doc = str(doc_id)
            listed = gold_sentences(claim, doc) if doc in claim["evidence"] else []
            listed = listed + random_sentences(rng, sizes[doc], 2)
            listed = [listed[0]] + listed if listed and rng.random() < 0.6 else listed
            label = gold_label(claim, doc) if doc in claim["evidence"] else "SUPPORT"
            evidence[doc] = {"sentences": listed, "label": NEI if rng.random() < 0.3 else label}
        records.append({"id": claim["id"], "evidence": evidence})
    return records


def predict_abstract_at_random(rng, claim, doc, size):
    behaviour = rng.randrange(6)
    gold = gold_sentences(claim, doc) if doc in claim["evidence"] else []
    label = gold_label(claim, doc) if doc in claim["evidence"] else rng.choice(LABELS)
    if behaviour == 0:
        return {"sentences": [], "label": label}
    if behaviour == 1:
        return {"sentences": gold, "label": flip(label)}
    if behaviour == 2:
        return {"sentences": gold + random_sentences(rng, size, 4), "label": label}
    if behaviour == 3:
        listed = random_sentences(rng, size, rng.randint(1, 6))
        return {"sentences": listed + listed[:1], "label": label}
    if behaviour == 4:
        return {"sentences": random_sentences(rng, size, 2), "label": NEI}
    return {"sentences": list(reversed(gold)), "label": label}


def shape_random_mix(claims, sizes, rng):
    doc_keys = sorted(sizes, key=int)
    records = []
    for claim in claims:
        if rng.random() < 0.15:
            continue
        docs = [str(d) for d in claim["cited_doc_ids"]] + list(claim["evidence"])
        docs += rng.sample(doc_keys, rng.randint(0, 2))
        evidence = {
            doc: predict_abstract_at_random(rng, claim, doc, sizes[doc])
            for doc in dict.fromkeys(docs)
            if rng.random() < 0.85
        }
        records.append({"id": claim["id"], "evidence": evidence})
    rng.shuffle(records)
    return records


SHAPES = {
    "empty": shape_empty,
    "oracle_gold": shape_oracle_gold,
    "empty_rationales": shape_empty_rationales,
    "over_three": shape_over_three,
    "wrong_labels": shape_wrong_labels,
    "non_evidence": shape_non_evidence,
    "missing_claims": shape_missing_claims,
    "repeats_and_nei": shape_repeats_and_nei,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    claims = read_jsonl(args.gold)
    sizes = {str(doc["doc_id"]): len(doc["abstract"]) for doc in read_jsonl(args.corpus)}
    shapes = dict(SHAPES)
    for seed in MIX_SEEDS:
        shapes[f"random_mix_{seed}"] = shape_random_mix

    os.makedirs(args.out, exist_ok=True)
    for name, make in shapes.items():
        rng = random.Random(f"scifact-score-{name}")
        with open(os.path.join(args.out, f"{name}.jsonl"), "w", encoding="utf-8") as out:
            for record in make(claims, sizes, rng):
                out.write(json.dumps(record) + "\n")
    print(json.dumps(sorted(f"{name}.jsonl" for name in shapes)))


if __name__ == "__main__":
    main()
