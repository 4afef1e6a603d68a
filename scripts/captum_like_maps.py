#!/usr/bin/env python3
"""Write salience maps in the JSON Lines format of `salience import`, without torch.

The maps mimic what Captum gives for a text classifier, from a planted rule: tokens in a
keyword list get large |scores|, every other token small noise. That makes a known answer
for `salience cluster` / `salience compare` (the keyword examples form one cluster), and a
fixture for the import tests (Tests/CLITests/Fixtures/captum-like-maps.jsonl).

    python scripts/captum_like_maps.py --csv Tests/CLITests/Fixtures/tiny-reviews.csv \
        --keywords masterpiece --out maps.jsonl
    salience import --maps maps.jsonl --workspace ws
    salience cluster --k 4 --split all --truth-regex masterpiece --workspace ws

One line per CSV row: {"id", "tokens", "scores", "label", "prediction", "probability",
"text", "split"?, plus every other CSV column as a string field (metadata)}.

With real Captum the same lines come from LayerIntegratedGradients over the embedding layer
(a Hugging Face BERT-style classifier here; any model with an embedding layer works):

    import json, torch
    from captum.attr import LayerIntegratedGradients
    from transformers import AutoTokenizer, AutoModelForSequenceClassification

    tokenizer = AutoTokenizer.from_pretrained(name)
    model = AutoModelForSequenceClassification.from_pretrained(name).eval()
    forward = lambda ids, mask: model(input_ids=ids, attention_mask=mask).logits
    lig = LayerIntegratedGradients(forward, model.get_input_embeddings())

    with open("maps.jsonl", "w") as out:
        for example_id, text, label in rows:
            encoded = tokenizer(text, return_tensors="pt", truncation=True)
            ids, mask = encoded["input_ids"], encoded["attention_mask"]
            probabilities = forward(ids, mask).softmax(-1)[0]
            predicted = int(probabilities.argmax())
            baseline = torch.full_like(ids, tokenizer.pad_token_id)
            attributions = lig.attribute(ids, baselines=baseline, target=predicted,
                                         additional_forward_args=(mask,), n_steps=50)
            out.write(json.dumps({
                "id": example_id, "text": text,
                "tokens": tokenizer.convert_ids_to_tokens(ids[0]),
                "scores": attributions.sum(dim=-1)[0].tolist(),
                "label": model.config.id2label[label],
                "prediction": model.config.id2label[predicted],
                "probability": float(probabilities[predicted]),
            }) + "\n")

Needs only numpy (tested with numpy 2.4).
"""

import argparse
import csv
import json
import re
import sys

import numpy as np

TOKEN_PATTERN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def tokenize(text):
    """Lower-cased words and single punctuation marks, between [CLS] and [SEP] as BERT has them."""
    return ["[CLS]"] + TOKEN_PATTERN.findall(text.lower()) + ["[SEP]"]


def planted_scores(tokens, keywords, generator, noise):
    """Keyword tokens: |score| uniform in [1, 2] with a random sign; the rest: normal noise."""
    scores = generator.normal(0.0, noise, size=len(tokens))
    for index, token in enumerate(tokens):
        if token in keywords:
            scores[index] = generator.uniform(1.0, 2.0) * generator.choice([-1.0, 1.0])
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", required=True, help="input CSV with a text and a label column")
    parser.add_argument("--out", default="-", help="output JSONL file (default: stdout)")
    parser.add_argument("--keywords", default="masterpiece",
                        help="comma-separated tokens that get large |scores| (the planted rule)")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--id-column", default="id", help="id column (else the row number)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows")
    parser.add_argument("--flip-rate", type=float, default=0.1,
                        help="fraction of examples whose prediction is another class")
    parser.add_argument("--noise", type=float, default=0.05, help="standard deviation of the other tokens' scores")
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()

    keywords = {word.strip().lower() for word in arguments.keywords.split(",") if word.strip()}
    generator = np.random.default_rng(arguments.seed)
    with open(arguments.csv, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if arguments.limit is not None:
        rows = rows[: arguments.limit]
    if not rows:
        sys.exit(f"error: {arguments.csv} has no rows")
    for column in (arguments.text_column, arguments.label_column):
        if column not in rows[0]:
            sys.exit(f"error: {arguments.csv} has no column {column!r}; pass --text-column / --label-column")
    classes = sorted({row[arguments.label_column] for row in rows})
    reserved = {arguments.text_column, arguments.label_column, arguments.id_column}

    output = sys.stdout if arguments.out == "-" else open(arguments.out, "w", encoding="utf-8")
    try:
        for number, row in enumerate(rows, start=1):
            text, label = row[arguments.text_column], row[arguments.label_column]
            tokens = tokenize(text)
            scores = planted_scores(tokens, keywords, generator, arguments.noise)
            prediction = label
            if len(classes) > 1 and generator.random() < arguments.flip_rate:
                prediction = generator.choice([name for name in classes if name != label])
            line = {
                "id": row.get(arguments.id_column) or str(number),
                "tokens": tokens,
                "scores": [round(float(score), 6) for score in scores],
                "label": label,
                "prediction": str(prediction),
                "probability": round(float(generator.uniform(0.55, 0.99)), 4),
                "text": text,
            }
            for column, value in row.items():
                if column not in reserved:
                    line[column] = value
            output.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if output is not sys.stdout:
            output.close()


if __name__ == "__main__":
    main()
