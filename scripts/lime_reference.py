"""LIME against the reference package: mean top-5 word overlap on test examples.

For each of the first N test examples of DATA (a CSV with id, text and split columns, the file
the workspace was trained on; default N = 50), the reference `lime.lime_text.LimeTextExplainer`
(kernel width 25, 5,000 samples, one feature per word position with removed words dropped:
bow=False, mask_string="") explains the predicted class, calling the model through
`salience predict --data -`; `salience show ID --method lime --samples 5000` gives this
package's LIME map, whose piece scores are summed back into words. Prints, as JSON, the mean
overlap of the two top-5 word sets (by weight, case-folded, punctuation left out).

Usage: python scripts/lime_reference.py BINARY WORKSPACE DATA [N]
"""
import csv
import json
import subprocess
import sys

import numpy as np
from lime.lime_text import LimeTextExplainer


def run(binary, workspace, arguments, stdin=None):
    result = subprocess.run([binary, *arguments, "--workspace", workspace], input=stdin, capture_output=True, text=True, check=True)
    return result.stdout


def top_words(pairs, k=5):
    """The k words of largest weight, case-folded, alphanumeric only."""
    words = [(word.lower(), weight) for word, weight in pairs if any(c.isalnum() for c in word)]
    words.sort(key=lambda pair: -pair[1])
    return {word for word, _ in words[:k]}


def main():
    binary, workspace, data = sys.argv[1], sys.argv[2], sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 50
    with open(data, newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("split") == "test"][:count]
    classes = None

    def probabilities(texts):
        nonlocal classes
        records = json.loads(run(binary, workspace, ["predict", "--data", "-"], stdin="\n".join(t.replace("\n", " ") for t in texts) + "\n"))
        if classes is None:
            classes = list(records[0]["probabilities"].keys())
        return np.array([[record["probabilities"][name] for name in classes] for record in records])

    explainer = LimeTextExplainer(kernel_width=25, bow=False, mask_string="", random_state=0)
    overlaps = []
    for row in rows:
        shown = json.loads(run(binary, workspace, ["show", row["id"], "--method", "lime", "--samples", "5000", "--format", "json"]))
        target = shown["target"]
        ours, current = [], None
        for token in shown["tokens"]:
            piece, score = token["token"], token["score"]
            if piece in ("[CLS]", "[SEP]", "[PAD]", "[MASK]"):
                continue
            if piece.startswith("##") and ours:
                ours[-1] = (ours[-1][0] + piece[2:], ours[-1][1] + score)
            else:
                ours.append((piece, score))
        probabilities([row["text"]])  # learns the class order
        label = classes.index(target)
        explanation = explainer.explain_instance(row["text"], probabilities, labels=(label,), num_features=1000, num_samples=5000)
        reference = top_words(explanation.as_list(label=label))
        mine = top_words(ours)
        overlaps.append(len(reference & mine) / max(1, min(5, len(reference), len(mine))))
        print(f"{row['id']}: overlap {overlaps[-1]:.2f}  reference {sorted(reference)}  ours {sorted(mine)}", file=sys.stderr)
    print(json.dumps({"examples": len(overlaps), "mean_top5_overlap": float(np.mean(overlaps)), "samples": 5000, "kernel_width": 25}))


if __name__ == "__main__":
    main()
