#!/usr/bin/env python3
"""Golden last-layer hidden states of a BERT encoder, computed with NumPy in float64.

Reads a Hugging Face BERT checkpoint (config.json + model.safetensors, the safetensors file
parsed here with NumPy, no torch) and its tokenizer.json (the `tokenizers` package), tokenizes
the fixed SENTENCES below (at most MAX_LENGTH tokens, [CLS] … [SEP]) and runs the encoder:

    h0 = LayerNorm(word[ids] + position[0..L) + token_type[0])
    per layer: a = LayerNorm(h + Dense(MultiHeadAttention(h, mask)))
               h = LayerNorm(a + Dense(GELU(Dense(a))))          GELU(x) = x/2 (1 + erf(x/√2))

The batch is padded and the attention masked (a large negative score on padded keys) as
`transformers.BertModel` does. The same states are computed a second way (one unpadded sentence
at a time, one head at a time, math.erf, softmax via log-sum-exp) and the two must agree to
1e-9. Checks on the sentence embeddings follow (mean pooling + L2 normalisation, as
sentence-transformers runs all-MiniLM-L6-v2): a paraphrase scores above an unrelated pair, and
for all-MiniLM-L6-v2 the three cosines of sentence-transformers' quickstart are reproduced to 1e-4.

Writes a JSON file {"model", "max_length", "sentences", "token_ids", "shape",
"hidden_states"}: `hidden_states` is the base64 of float32 little-endian values, shape
[sum of sequence lengths, H], the valid rows of each sentence in order (no padding rows).

Usage (from the repository root, with numpy, scipy and tokenizers):

    python3 scripts/bert_reference.py --checkpoint Data/models/all-MiniLM-L6-v2 \
        --out Tests/ModelsTests/Fixtures/bert-minilm-golden.json
"""

import argparse
import base64
import json
import math
import os
import struct
import sys

import numpy as np
from scipy.special import erf
from tokenizers import Tokenizer

MAX_LENGTH = 32

# Twenty fixed sentences: short and long (the longest are truncated to MAX_LENGTH tokens),
# punctuation, numbers, accents, a made-up word, an emoji the vocabulary lacks ([UNK]).
SENTENCES = [
    "Great.",
    "The movie was wonderful and I loved every minute of it.",
    "I really enjoyed this film; it was great from start to finish.",
    "The stock market fell sharply on Tuesday after the quarterly report.",
    "A dull, plodding mess -- 3/10, would not watch again!",
    "Amélie's café scenes feel naïve, yet oddly charming.",
    "The plot is a flibbertigibbetous contraption of twists. 🙂",
    "Why?",
    "It's not bad... but it's not good either.",
    "Runtime: 2h 15m; budget: $40,000,000 (estimated).",
    "Directed by Jean-Pierre Jeunet in 2001, the film follows a shy waitress in Montmartre who decides to change the lives "
    "of those around her while quietly struggling with her own isolation.",
    "\"Unwatchable,\" said one critic; \"a triumph,\" said another.",
    "The soundtrack, by contrast, is superb.",
    "No.",
    "Despite a strong cast, the script never finds its footing, and the final act drags on for what feels like an hour.",
    "Rated PG-13 for some violence & language.",
    "The cat sat on the mat.",
    "E.T. phone home!!!",
    "A film about grief, memory, and the strange comfort of routine; slow, but rewarding for patient viewers who stay "
    "until the end.",
    "Ça ne marche pas, señor.",
]

# Sentence index pairs for the embedding sanity check: (paraphrase pair, unrelated pair).
PARAPHRASE = (1, 2)
UNRELATED = (1, 3)

# The cosine similarities sentence-transformers documents for all-MiniLM-L6-v2 in its quickstart
# (sbert.net, "Quickstart": model.similarity of these three sentences, printed to 4 decimals).
DOCUMENTED_SENTENCES = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
DOCUMENTED_COSINES = {(0, 1): 0.6660, (0, 2): 0.1046, (1, 2): 0.1411}

DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1", "U8": "u1",
          "BOOL": "u1"}


def read_safetensors(path):
    """Every tensor of a safetensors file as a NumPy array (BF16 widened to float32)."""
    with open(path, "rb") as handle:
        data = handle.read()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_length])
    start = 8 + header_length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = data[start + begin:start + end]
        if entry["dtype"] == "BF16":
            values = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            values = np.frombuffer(raw, dtype=DTYPES[entry["dtype"]])
        tensors[name] = values.reshape(entry["shape"])
    return tensors


class Weights:
    """The encoder's tensors in float64 by name without the `bert.` prefix."""

    def __init__(self, tensors):
        self.tensors = {}
        for name, value in tensors.items():
            short = name[len("bert."):] if name.startswith("bert.") else name
            short = short.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias")
            self.tensors[short] = np.asarray(value, dtype=np.float64)

    def __getitem__(self, name):
        return self.tensors[name]


def layer_norm(x, weight, bias, epsilon):
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + epsilon) * weight + bias


def dense(x, weights, name):
    """x · Wᵀ + b for the PyTorch Linear `name` (weight [out, in])."""
    return x @ weights[name + ".weight"].T + weights[name + ".bias"]


def encoder_batched(weights, config, ids, mask):
    """Last-layer states [B, L, H] of a padded batch, attention masked on padded keys."""
    batch, length = ids.shape
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    head_size = hidden // heads
    epsilon = config.get("layer_norm_eps", 1e-12)
    x = (weights["embeddings.word_embeddings.weight"][ids] + weights["embeddings.position_embeddings.weight"][:length][None]
         + weights["embeddings.token_type_embeddings.weight"][0][None, None])
    x = layer_norm(x, weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"], epsilon)
    additive = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float64).min)
    for index in range(config["num_hidden_layers"]):
        prefix = f"encoder.layer.{index}."

        def split(y):
            return y.reshape(batch, length, heads, head_size).transpose(0, 2, 1, 3)

        query = split(dense(x, weights, prefix + "attention.self.query"))
        key = split(dense(x, weights, prefix + "attention.self.key"))
        value = split(dense(x, weights, prefix + "attention.self.value"))
        scores = query @ key.transpose(0, 1, 3, 2) / math.sqrt(head_size) + additive
        scores -= scores.max(axis=-1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=-1, keepdims=True)
        context = (probabilities @ value).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        attended = layer_norm(x + dense(context, weights, prefix + "attention.output.dense"),
                              weights[prefix + "attention.output.LayerNorm.weight"],
                              weights[prefix + "attention.output.LayerNorm.bias"], epsilon)
        inner = dense(attended, weights, prefix + "intermediate.dense")
        inner = 0.5 * inner * (1.0 + erf(inner / math.sqrt(2.0)))
        x = layer_norm(attended + dense(inner, weights, prefix + "output.dense"),
                       weights[prefix + "output.LayerNorm.weight"], weights[prefix + "output.LayerNorm.bias"], epsilon)
    return x


def encoder_single(weights, config, ids):
    """Last-layer states [L, H] of one unpadded sequence: a second, loop-per-head formulation."""
    length = len(ids)
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    head_size = hidden // heads
    epsilon = config.get("layer_norm_eps", 1e-12)
    math_erf = np.vectorize(math.erf)

    def norm(y, name):
        centred = y - y.sum(axis=1, keepdims=True) / hidden
        deviation = np.sqrt((centred * centred).sum(axis=1, keepdims=True) / hidden + epsilon)
        return weights[name + ".weight"] * (centred / deviation) + weights[name + ".bias"]

    def linear(y, name):
        return np.einsum("ti,oi->to", y, weights[name + ".weight"]) + weights[name + ".bias"]

    x = np.stack([weights["embeddings.word_embeddings.weight"][token] + weights["embeddings.position_embeddings.weight"][position]
                  + weights["embeddings.token_type_embeddings.weight"][0] for position, token in enumerate(ids)])
    x = norm(x, "embeddings.LayerNorm")
    for index in range(config["num_hidden_layers"]):
        prefix = f"encoder.layer.{index}."
        query = linear(x, prefix + "attention.self.query")
        key = linear(x, prefix + "attention.self.key")
        value = linear(x, prefix + "attention.self.value")
        context = np.zeros((length, hidden))
        for head in range(heads):
            columns = slice(head * head_size, (head + 1) * head_size)
            scores = np.einsum("qd,kd->qk", query[:, columns], key[:, columns]) / math.sqrt(head_size)
            log_normaliser = np.log(np.exp(scores - scores.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))
            log_normaliser += scores.max(axis=1, keepdims=True)
            context[:, columns] = np.exp(scores - log_normaliser) @ value[:, columns]
        attended = norm(x + linear(context, prefix + "attention.output.dense"), prefix + "attention.output.LayerNorm")
        inner = linear(attended, prefix + "intermediate.dense")
        inner = inner * 0.5 * (1.0 + math_erf(inner / math.sqrt(2.0)))
        x = norm(attended + linear(inner, prefix + "output.dense"), prefix + "output.LayerNorm")
    return x


def sentence_embedding(states):
    """Mean over tokens, then L2-normalised (sentence-transformers' pooling for all-MiniLM-L6-v2)."""
    mean = states.mean(axis=0)
    return mean / np.linalg.norm(mean)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", default="Data/models/all-MiniLM-L6-v2",
                        help="directory with config.json, model.safetensors and tokenizer.json")
    parser.add_argument("--tokenizer", help="tokenizer.json (default: the checkpoint's)")
    parser.add_argument("--out", default="Tests/ModelsTests/Fixtures/bert-minilm-golden.json")
    parser.add_argument("--model-name", default="all-MiniLM-L6-v2")
    arguments = parser.parse_args()

    with open(os.path.join(arguments.checkpoint, "config.json")) as handle:
        config = json.load(handle)
    assert config.get("hidden_act", "gelu") == "gelu", "only the exact (erf) GELU is implemented"
    assert config.get("position_embedding_type", "absolute") == "absolute", "only absolute positions are implemented"
    weights = Weights(read_safetensors(os.path.join(arguments.checkpoint, "model.safetensors")))

    tokenizer = Tokenizer.from_file(arguments.tokenizer or os.path.join(arguments.checkpoint, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_LENGTH)
    encodings = tokenizer.encode_batch(SENTENCES)
    token_ids = [list(encoding.ids) for encoding in encodings]
    lengths = [len(ids) for ids in token_ids]
    assert max(lengths) == MAX_LENGTH, "the long sentences should reach the length limit"
    assert any(100 in ids for ids in token_ids), "one sentence should hold an [UNK] (id 100)"

    padded = np.full((len(token_ids), max(lengths)), config.get("pad_token_id", 0), dtype=np.int64)
    mask = np.zeros_like(padded)
    for row, ids in enumerate(token_ids):
        padded[row, :len(ids)] = ids
        mask[row, :len(ids)] = 1
    batched = encoder_batched(weights, config, padded, mask)
    states = [batched[row, :length] for row, length in enumerate(lengths)]

    # Second formulation: unpadded, one head at a time, math.erf.
    difference = max(np.abs(encoder_single(weights, config, ids) - state).max() for ids, state in zip(token_ids, states))
    print(f"batched+masked vs one-at-a-time: max |difference| {difference:.3e}", file=sys.stderr)
    assert difference < 1e-9, difference

    # Sanity: [CLS] norms, and sentence embeddings that rank a paraphrase above an unrelated sentence.
    cls_norms = [float(np.linalg.norm(state[0])) for state in states]
    print(f"[CLS] norms: min {min(cls_norms):.3f}, max {max(cls_norms):.3f}", file=sys.stderr)
    embeddings = [sentence_embedding(state) for state in states]
    paraphrase = float(embeddings[PARAPHRASE[0]] @ embeddings[PARAPHRASE[1]])
    unrelated = float(embeddings[UNRELATED[0]] @ embeddings[UNRELATED[1]])
    print(f"cosine: paraphrase {paraphrase:.3f}, unrelated {unrelated:.3f}", file=sys.stderr)
    assert all(math.isfinite(norm) and 1 < norm < 100 for norm in cls_norms)
    assert paraphrase > 0.5 and unrelated < 0.3, (paraphrase, unrelated)
    if arguments.model_name == "all-MiniLM-L6-v2":
        documented = [sentence_embedding(encoder_single(weights, config, tokenizer.encode(text).ids))
                      for text in DOCUMENTED_SENTENCES]
        for (first, second), expected in DOCUMENTED_COSINES.items():
            cosine = float(documented[first] @ documented[second])
            print(f"documented cosine {first}-{second}: {cosine:.5f} (sentence-transformers: {expected:.4f})", file=sys.stderr)
            assert abs(cosine - expected) < 1e-4, (first, second, cosine, expected)

    rows = np.concatenate(states).astype("<f4")
    golden = {
        "model": arguments.model_name,
        "max_length": MAX_LENGTH,
        "sentences": SENTENCES,
        "token_ids": token_ids,
        "shape": list(rows.shape),
        "hidden_states": base64.b64encode(rows.tobytes()).decode("ascii"),
    }
    with open(arguments.out, "w") as handle:
        json.dump(golden, handle, ensure_ascii=False, separators=(",", ":"))
        handle.write("\n")
    print(f"wrote {arguments.out}: {rows.shape[0]} rows of {rows.shape[1]}, |h| max {np.abs(rows).max():.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
