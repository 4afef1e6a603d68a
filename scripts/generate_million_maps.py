#!/usr/bin/env python3
"""Writes N synthetic salience maps as JSON Lines for `salience import` (issue 18: the aggregate
stage at a million rows), with a planted shortcut whose recall the clustering must show.

Every example has 8–24 tokens drawn from a Zipf-like vocabulary of `--vocabulary` words and one
of 9 topics (each topic's 40 words carry most of the salience of its examples, so k-means has
structure to find). A fraction `--shortcut-fraction` of the examples also carries the token
`zq_shortcut` with the largest score of the map, predicted class 1 whatever the label, and the
metadata `shortcut=planted` (the others `shortcut=none`): `cluster --truth-where shortcut=planted`
measures its recall. Seeded (numpy PCG64): the same arguments write the same bytes.

    python scripts/generate_million_maps.py --count 1000000 --out million.jsonl
"""
import argparse
import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--vocabulary", type=int, default=30_000)
    parser.add_argument("--shortcut-fraction", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    generator = np.random.default_rng(args.seed)
    words = np.array([f"w{index}" for index in range(args.vocabulary)])
    # Zipf-like background word frequencies.
    frequencies = 1.0 / np.arange(1, args.vocabulary + 1) ** 1.05
    frequencies /= frequencies.sum()
    topic_count, topic_size = 9, 40
    topic_words = generator.choice(np.arange(1000, args.vocabulary), size=(topic_count, topic_size), replace=False)
    block = 10_000
    with open(args.out, "w") as handle:
        for start in range(0, args.count, block):
            size = min(block, args.count - start)
            lengths = generator.integers(8, 25, size=size)
            topics = generator.integers(0, topic_count, size=size)
            planted = generator.random(size) < args.shortcut_fraction
            labels = generator.integers(0, 2, size=size)
            splits = generator.choice(np.array(["train", "dev", "test"]), p=[0.8, 0.1, 0.1], size=size)
            background = generator.choice(args.vocabulary, size=int(lengths.sum()), p=frequencies)
            topical = generator.integers(0, topic_size, size=(size, 3))
            magnitudes = np.abs(generator.normal(0, 0.05, size=int(lengths.sum()))).astype(np.float32)
            offset = 0
            lines = []
            for row in range(size):
                length = int(lengths[row])
                tokens = list(words[background[offset:offset + length]])
                scores = magnitudes[offset:offset + length].tolist()
                offset += length
                # Three topic words with high salience at fixed slots.
                for slot, word in enumerate(topic_words[topics[row], topical[row]]):
                    tokens[slot * 2] = words[word]
                    scores[slot * 2] = 0.5 + 0.1 * slot
                prediction = int(labels[row])
                shortcut = "none"
                if planted[row]:
                    tokens[length // 2] = "zq_shortcut"
                    scores[length // 2] = 2.0
                    prediction, shortcut = 1, "planted"
                token_text = ",".join(f'"{token}"' for token in tokens)
                score_text = ",".join(f"{score:.4g}" for score in scores)
                lines.append(f'{{"id":"m{start + row}","tokens":[{token_text}],"scores":[{score_text}],'
                             f'"label":{int(labels[row])},"prediction":{prediction},"split":"{splits[row]}","shortcut":"{shortcut}"}}\n')
            handle.write("".join(lines))


if __name__ == "__main__":
    main()
