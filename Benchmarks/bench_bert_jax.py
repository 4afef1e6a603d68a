#!/usr/bin/env python3
"""JAX CPU reference timing of a BERT sequence classifier, for the BERT part of `make bench`.

Loads a Hugging Face BERT checkpoint directory (config.json + model.safetensors, read by hand
with numpy), adds a classification head and times, under jax.jit on the CPU, one forward pass
(logits) and one forward+backward pass (jax.value_and_grad of the mean cross-entropy with
respect to every parameter) on a seeded random batch. The median of --repetitions timed calls
after two warm-up calls is reported.

Model (the semantics of Hugging Face BertForSequenceClassification, written in plain jax.numpy):
  word + position + token-type-0 embeddings, LayerNorm (eps from config.json); per layer:
  query/key/value projections, scaled dot-product attention per head with an additive
  large negative on padded keys, output projection + residual + LayerNorm, FFN with exact
  (erf) GELU, residual + LayerNorm; pooler (dense + tanh on [CLS]) and classifier [labels, H];
  mean softmax cross-entropy. Dropout is off (inference-style forward in both passes), so the
  Swift side must be timed with dropout off too. The pooler comes from the checkpoint when it
  has one; the classifier (and a missing pooler) is drawn from N(0, 0.02²) with --seed.

Threads: JAX/XLA on the CPU has no working "number of threads" flag (XLA rejects
--intra_op_parallelism_threads; the bare `intra_op_parallelism_threads=N` often quoted is
ignored). The PJRT CPU client sizes its thread pool from the NPROC environment variable when
set, otherwise from the CPUs the process may run on (sched_getaffinity). This script therefore,
before importing jax, sets NPROC=N, pins the process to N CPUs with os.sched_setaffinity and
sets OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS = N and
XLA_FLAGS=--xla_cpu_multi_thread_eigen=(N > 1). The process CPU time / wall time ratio over the
timed calls is printed as a check.

Output: one JSON line on stdout; human-readable lines on stderr.
  --sgemm-peak adds a NumPy (OpenBLAS) float32 matmul timing of 1024² and 2048² squares on the
  same threads, for "GEMM efficiency as a share of OpenBLAS sgemm peak".
Tested with jax 0.10.2, jaxlib 0.10.2, numpy 2.4.6 (scripts/requirements-jax.txt), Python 3.11.
"""
import argparse
import json
import os
import pathlib
import statistics
import struct
import sys
import time


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="Data/models/all-MiniLM-L6-v2",
                        help="Hugging Face checkpoint directory with config.json and model.safetensors")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--length", type=int, default=64, help="sequence length including [CLS] and [SEP]")
    parser.add_argument("--repetitions", type=int, default=10, help="timed calls per measurement (median reported)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--labels", type=int, default=2, help="classifier outputs")
    parser.add_argument("--half-padded", action="store_true",
                        help="every second sequence keeps only its first half; the rest is padding")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sgemm-peak", action="store_true",
                        help="also time NumPy float32 matmul of 1024 and 2048 squares (OpenBLAS sgemm)")
    return parser.parse_args()


def restrict_threads(count):
    """Limit JAX (XLA CPU), OpenMP and OpenBLAS to `count` threads; must run before importing jax or numpy."""
    os.environ["NPROC"] = str(count)  # read by XLA's PJRT CPU client (xla/pjrt/utils.cc, DefaultThreadPoolSize)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(count)
    flags = os.environ.get("XLA_FLAGS", "")
    flags += f" --xla_cpu_multi_thread_eigen={'true' if count > 1 else 'false'}"
    os.environ["XLA_FLAGS"] = flags.strip()
    pinned = None
    if hasattr(os, "sched_setaffinity"):
        allowed = sorted(os.sched_getaffinity(0))
        if count <= len(allowed):
            pinned = allowed[:count]
            os.sched_setaffinity(0, pinned)
    return pinned


def read_safetensors(path):
    """Name -> float32 numpy array of every F32 tensor of a .safetensors file (other dtypes skipped)."""
    import numpy as np
    data = pathlib.Path(path).read_bytes()
    (header_length,) = struct.unpack("<Q", data[:8])  # 8-byte little-endian header size
    header = json.loads(data[8:8 + header_length])
    base = 8 + header_length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":  # e.g. the I64 embeddings.position_ids buffer
            continue
        start, end = entry["data_offsets"]
        array = np.frombuffer(data, dtype="<f4", count=(end - start) // 4, offset=base + start)
        tensors[name.removeprefix("bert.")] = array.reshape(entry["shape"]).copy()
    return tensors


def load_parameters(directory, label_count, seed):
    """(config dict, parameter pytree of numpy arrays) with linear weights stored [in, out]."""
    import numpy as np
    directory = pathlib.Path(directory)
    config = json.loads((directory / "config.json").read_text())
    if config.get("hidden_act", "gelu") != "gelu":
        raise SystemExit(f"bench_bert_jax.py: {directory}/config.json has hidden_act "
                         f"{config['hidden_act']!r}; only exact 'gelu' is implemented.")
    tensors = read_safetensors(directory / "model.safetensors")
    hidden = config["hidden_size"]
    rng = np.random.default_rng(seed)

    def normal(shape):
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    def dense(prefix):
        # PyTorch Linear stores weight [out, in]; transpose once so the model computes x @ W.
        return {"weight": np.ascontiguousarray(tensors[prefix + ".weight"].T), "bias": tensors[prefix + ".bias"]}

    def norm(prefix):
        return {"scale": tensors[prefix + ".weight"], "bias": tensors[prefix + ".bias"]}

    parameters = {
        "embeddings": {
            "word": tensors["embeddings.word_embeddings.weight"],
            "position": tensors["embeddings.position_embeddings.weight"],
            "token_type": tensors["embeddings.token_type_embeddings.weight"],
            "norm": norm("embeddings.LayerNorm"),
        },
        "layers": [],
    }
    for index in range(config["num_hidden_layers"]):
        prefix = f"encoder.layer.{index}."
        parameters["layers"].append({
            "query": dense(prefix + "attention.self.query"),
            "key": dense(prefix + "attention.self.key"),
            "value": dense(prefix + "attention.self.value"),
            "attention_output": dense(prefix + "attention.output.dense"),
            "attention_norm": norm(prefix + "attention.output.LayerNorm"),
            "intermediate": dense(prefix + "intermediate.dense"),
            "output": dense(prefix + "output.dense"),
            "output_norm": norm(prefix + "output.LayerNorm"),
        })
    if "pooler.dense.weight" in tensors:
        parameters["pooler"] = dense("pooler.dense")
        pooler_source = "checkpoint"
    else:
        parameters["pooler"] = {"weight": normal((hidden, hidden)), "bias": np.zeros(hidden, np.float32)}
        pooler_source = "random"
    parameters["classifier"] = {"weight": normal((hidden, label_count)), "bias": np.zeros(label_count, np.float32)}
    return config, parameters, pooler_source


def build_functions(config):
    """(logits, loss) jax functions of (parameters, token_ids [B, L] int32, mask [B, L] float32, labels [B])."""
    import jax
    import jax.numpy as jnp
    epsilon = config["layer_norm_eps"]
    head_count = config["num_attention_heads"]

    def layer_norm(x, p):
        mean = jnp.mean(x, axis=-1, keepdims=True)
        variance = jnp.mean(jnp.square(x - mean), axis=-1, keepdims=True)
        return (x - mean) * jax.lax.rsqrt(variance + epsilon) * p["scale"] + p["bias"]

    def linear(x, p):
        return x @ p["weight"] + p["bias"]

    def encoder_layer(x, mask_bias, p):
        batch, length, hidden = x.shape
        head_size = hidden // head_count

        def heads(t):  # [B, L, H] -> [B, heads, L, head_size]
            return t.reshape(batch, length, head_count, head_size).transpose(0, 2, 1, 3)

        query, key, value = heads(linear(x, p["query"])), heads(linear(x, p["key"])), heads(linear(x, p["value"]))
        scores = jnp.einsum("bhqd,bhkd->bhqk", query, key) / jnp.sqrt(jnp.float32(head_size))
        probabilities = jax.nn.softmax(scores + mask_bias, axis=-1)
        context = jnp.einsum("bhqk,bhkd->bhqd", probabilities, value)
        context = context.transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        x = layer_norm(linear(context, p["attention_output"]) + x, p["attention_norm"])
        inner = jax.nn.gelu(linear(x, p["intermediate"]), approximate=False)  # exact erf GELU, as HF "gelu"
        return layer_norm(linear(inner, p["output"]) + x, p["output_norm"])

    def logits(parameters, token_ids, mask):
        embeddings = parameters["embeddings"]
        length = token_ids.shape[1]
        x = (embeddings["word"][token_ids] + embeddings["position"][:length][None, :, :]
             + embeddings["token_type"][0][None, None, :])
        x = layer_norm(x, embeddings["norm"])
        # Additive mask on padded keys, as Hugging Face: (1 - mask) * float32 minimum.
        mask_bias = ((1.0 - mask) * jnp.finfo(jnp.float32).min)[:, None, None, :]
        for layer in parameters["layers"]:
            x = encoder_layer(x, mask_bias, layer)
        pooled = jnp.tanh(linear(x[:, 0, :], parameters["pooler"]))
        return linear(pooled, parameters["classifier"])

    def loss(parameters, token_ids, mask, labels):
        log_probabilities = jax.nn.log_softmax(logits(parameters, token_ids, mask), axis=-1)
        return -jnp.mean(jnp.take_along_axis(log_probabilities, labels[:, None], axis=-1))

    return logits, loss


def forward_flops(config, batch, length, label_count):
    """Multiply-add FLOPs (2 per MAC) of the dense products of one forward pass; elementwise work excluded."""
    hidden, inner = config["hidden_size"], config["intermediate_size"]
    per_layer = 2 * batch * length * (4 * hidden * hidden + 2 * hidden * inner) + 4 * batch * length * length * hidden
    head = 2 * batch * hidden * hidden + 2 * batch * hidden * label_count
    return config["num_hidden_layers"] * per_layer + head


def timed_median(function, repetitions):
    """(median wall seconds, total process CPU seconds, total wall seconds) of `repetitions` calls."""
    import jax
    wall_times = []
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for _ in range(repetitions):
        start = time.perf_counter()
        jax.block_until_ready(function())
        wall_times.append(time.perf_counter() - start)
    return statistics.median(wall_times), time.process_time() - cpu_start, time.perf_counter() - wall_start


def sgemm_peak(threads):
    """[{size, seconds, gflops}] of NumPy float32 square matmul (best of 5 after warm-up)."""
    import numpy as np
    results = []
    rng = np.random.default_rng(1)
    for size in (1024, 2048):
        a = rng.standard_normal((size, size), dtype=np.float32)
        b = rng.standard_normal((size, size), dtype=np.float32)
        c = np.matmul(a, b)
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            np.matmul(a, b, out=c)
            best = min(best, time.perf_counter() - start)
        results.append({"size": size, "seconds": best, "gflops": 2 * size ** 3 / best / 1e9})
    return results


def main():
    arguments = parse_arguments()
    pinned = restrict_threads(arguments.threads)

    import numpy as np
    import jax
    import jax.numpy as jnp

    def log(message):
        print(message, file=sys.stderr, flush=True)

    model_directory = pathlib.Path(arguments.model)
    if not (model_directory / "model.safetensors").is_file():
        raise SystemExit(f"bench_bert_jax.py: {model_directory}/model.safetensors is missing; "
                         "run `make data` or pass --model DIR.")
    config, numpy_parameters, pooler_source = load_parameters(model_directory, arguments.labels, arguments.seed)
    if arguments.length > config["max_position_embeddings"]:
        raise SystemExit(f"bench_bert_jax.py: --length {arguments.length} exceeds max_position_embeddings "
                         f"{config['max_position_embeddings']} of {model_directory}/config.json.")
    parameters = jax.tree_util.tree_map(jnp.asarray, numpy_parameters)
    parameter_count = sum(int(np.prod(leaf.shape)) for leaf in jax.tree_util.tree_leaves(parameters))

    rng = np.random.default_rng(arguments.seed)
    batch, length = arguments.batch, arguments.length
    # Random ids from the vocabulary past the special tokens ([PAD]=0 ... in BERT uncased < 1000).
    token_ids = rng.integers(1000, config["vocab_size"], size=(batch, length)).astype(np.int32)
    token_ids[:, 0] = 101  # [CLS] in the BERT uncased vocabulary
    mask = np.ones((batch, length), np.float32)
    if arguments.half_padded:
        keep = max(2, length // 2)
        mask[1::2, keep:] = 0.0
        token_ids[1::2, keep:] = config.get("pad_token_id", 0)
    labels = rng.integers(arguments.labels, size=batch).astype(np.int32)
    token_ids, mask, labels = jnp.asarray(token_ids), jnp.asarray(mask), jnp.asarray(labels)

    logits_function, loss_function = build_functions(config)
    forward = jax.jit(logits_function)
    forward_backward = jax.jit(jax.value_and_grad(loss_function))

    for _ in range(2):  # compile + warm-up
        jax.block_until_ready(forward(parameters, token_ids, mask))
        jax.block_until_ready(forward_backward(parameters, token_ids, mask, labels))
    loss_value, _ = forward_backward(parameters, token_ids, mask, labels)

    forward_seconds, forward_cpu, forward_wall = timed_median(
        lambda: forward(parameters, token_ids, mask), arguments.repetitions)
    fb_seconds, fb_cpu, fb_wall = timed_median(
        lambda: forward_backward(parameters, token_ids, mask, labels), arguments.repetitions)
    thread_count = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None

    flops = forward_flops(config, batch, length, arguments.labels)
    result = {
        "tool": "jax",
        "version": jax.__version__,
        "jaxlib": jax.lib.__version__ if hasattr(jax.lib, "__version__") else None,
        "model": model_directory.name,
        "batch": batch,
        "length": length,
        "half_padded": arguments.half_padded,
        "threads": arguments.threads,
        "dropout": False,
        "forward_seconds": forward_seconds,
        "forward_backward_seconds": fb_seconds,
        "examples_per_second_train": batch / fb_seconds,
        "forward_flops": flops,
        "forward_backward_flops": 3 * flops,
        "forward_gflops_per_second": flops / forward_seconds / 1e9,
        "forward_backward_gflops_per_second": 3 * flops / fb_seconds / 1e9,
        "cpu_per_wall_forward": forward_cpu / forward_wall,
        "cpu_per_wall_forward_backward": fb_cpu / fb_wall,
        "loss": float(loss_value),
    }
    if arguments.sgemm_peak:
        result["numpy"] = np.__version__
        result["sgemm"] = sgemm_peak(arguments.threads)

    log(f"JAX {jax.__version__} on {jax.devices()[0].platform}; {model_directory.name}: "
        f"{config['num_hidden_layers']} layers, hidden {config['hidden_size']}, {config['num_attention_heads']} heads, "
        f"FFN {config['intermediate_size']}; {parameter_count:,} parameters (pooler from {pooler_source}, "
        f"classifier random N(0, 0.02²) seed {arguments.seed}); dropout off")
    log(f"batch {batch} x length {length}{' (every second sequence half padded)' if arguments.half_padded else ''}; "
        f"threads {arguments.threads} (NPROC, affinity {pinned}, XLA_FLAGS={os.environ['XLA_FLAGS']!r}); "
        f"median of {arguments.repetitions}; {thread_count} OS threads in the process")
    log(f"forward          {forward_seconds * 1e3:8.2f} ms  {result['forward_gflops_per_second']:6.1f} GFLOP/s "
        f"({flops / 1e9:.3f} GFLOP)  CPU/wall {result['cpu_per_wall_forward']:.2f}")
    log(f"forward+backward {fb_seconds * 1e3:8.2f} ms  {result['forward_backward_gflops_per_second']:6.1f} GFLOP/s "
        f"({3 * flops / 1e9:.3f} GFLOP, 3 x forward)  CPU/wall {result['cpu_per_wall_forward_backward']:.2f}  "
        f"{result['examples_per_second_train']:.0f} examples/s  loss {float(loss_value):.4f}")
    for entry in result.get("sgemm", []):
        log(f"NumPy {np.__version__} float32 matmul {entry['size']}²: {entry['seconds'] * 1e3:.2f} ms, "
            f"{entry['gflops']:.1f} GFLOP/s")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
