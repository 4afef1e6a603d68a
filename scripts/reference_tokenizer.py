#!/usr/bin/env python3
"""Reference BERT WordPiece tokenization with the Hugging Face `tokenizers` package.

Produces the golden files that the Swift `WordPieceTokenizer` is checked against.
The pipeline is `tokenizers.BertWordPieceTokenizer(vocab, lowercase=True)` (BertNormalizer
with clean_text, handle_chinese_chars, strip_accents following lowercase; BertPreTokenizer;
WordPiece with `##` and max_input_chars_per_word 100; [CLS] ... [SEP]) -- the same settings
as the all-MiniLM-L6-v2 `tokenizer.json` -- plus the extra whole-word tokens given with
`--added`, registered as `AddedToken(t, single_word=True, normalized=False)` so they match
case-sensitively on the raw text and only where they are not glued to a word character.

Input: a CSV/TSV file (the column `--text-column`, default `text`) or a plain text file with
one text per line (`--escapes` decodes \\t \\n \\r \\\\ \\uXXXX \\UXXXXXXXX in those lines).
Output: JSON Lines, one `{"tokens": [...], "ids": [...]}` per text, in input order; with
`--with-text` each line also carries `"text"` (the exact string that was tokenized).

Extra mode: `--codepoint-sweep FILE` writes a plain text file (escaped) with three texts for
every Unicode scalar value c: "a<c>b", "<c>" and "<c>COMMON", for an exhaustive check of the
character classes (clean-up, accents, punctuation, whitespace, whole-word added tokens);
tokenize that file with `--escapes --with-text` and give the result to the Swift golden test
through SALIENCE_TOKENIZER_GOLDEN.

Example (the full Rotten Tomatoes check):
    python scripts/reference_tokenizer.py --vocab Data/models/all-MiniLM-L6-v2/vocab.txt \\
        --added COMMON,CLASS_0,CLASS_1 --input Data/rotten-tomatoes.csv --with-text --output rt.jsonl
    SALIENCE_TOKENIZER_GOLDEN=rt.jsonl swift test --filter WordPieceTokenizerGoldenTests

Relied on: Python 3.11, tokenizers 0.23.3.
"""

import argparse
import csv
import json
import sys

from tokenizers import AddedToken, BertWordPieceTokenizer


def decode_escapes(line: str) -> str:
    """Decodes the backslash escapes of the plain-text fixture format."""
    output = []
    index = 0
    while index < len(line):
        character = line[index]
        if character != "\\" or index + 1 >= len(line):
            output.append(character)
            index += 1
            continue
        marker = line[index + 1]
        if marker in "tnr\\":
            output.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[marker])
            index += 2
        elif marker == "u":
            output.append(chr(int(line[index + 2:index + 6], 16)))
            index += 6
        elif marker == "U":
            output.append(chr(int(line[index + 2:index + 10], 16)))
            index += 10
        else:
            raise ValueError(f"unknown escape \\{marker} in line {line!r}")
    return "".join(output)


def escape_text(text: str) -> str:
    """Inverse of decode_escapes for writing sweep files (every non-printable-ASCII scalar escaped)."""
    parts = []
    for character in text:
        code = ord(character)
        if character == "\\":
            parts.append("\\\\")
        elif 0x20 <= code < 0x7F:
            parts.append(character)
        elif code <= 0xFFFF:
            parts.append(f"\\u{code:04X}")
        else:
            parts.append(f"\\U{code:08X}")
    return "".join(parts)


def read_texts(path: str, text_column: str, escapes: bool) -> list:
    """Reads the texts to tokenize from a CSV/TSV file or a plain text file."""
    lowered = path.lower()
    if lowered.endswith(".csv") or lowered.endswith(".tsv"):
        delimiter = "\t" if lowered.endswith(".tsv") else ","
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            if text_column not in (reader.fieldnames or []):
                sys.exit(f"{path}: no column {text_column!r}; columns are {reader.fieldnames}")
            return [row[text_column] for row in reader]
    with open(path, encoding="utf-8", newline="") as handle:
        lines = handle.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return [decode_escapes(line) for line in lines] if escapes else lines


def write_sweep(path: str) -> None:
    """Writes three escaped lines per Unicode scalar value c: "a<c>b", "<c>" and "<c>COMMON"."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for code in range(0x110000):
            if 0xD800 <= code <= 0xDFFF:
                continue
            character = chr(code)
            handle.write(escape_text("a" + character + "b") + "\n")
            handle.write(escape_text(character) + "\n")
            handle.write(escape_text(character + "COMMON") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vocab", help="vocab.txt of an uncased BERT model")
    parser.add_argument("--added", default="", help="comma-separated whole-word tokens, e.g. COMMON,CLASS_0,CLASS_1")
    parser.add_argument("--input", help="CSV/TSV with a text column, or a plain text file, one text per line")
    parser.add_argument("--output", help="JSON Lines output path")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--escapes", action="store_true", help="decode backslash escapes in plain text input")
    parser.add_argument("--with-text", action="store_true", help="also write the input text in each line")
    parser.add_argument("--codepoint-sweep", metavar="FILE", help="write the all-scalars sweep input and exit")
    arguments = parser.parse_args()

    if arguments.codepoint_sweep:
        write_sweep(arguments.codepoint_sweep)
        return
    if not (arguments.vocab and arguments.input and arguments.output):
        parser.error("--vocab, --input and --output are required")

    tokenizer = BertWordPieceTokenizer(arguments.vocab, lowercase=True)
    added = [token for token in arguments.added.split(",") if token]
    if added:
        tokenizer.add_tokens([AddedToken(token, single_word=True, normalized=False) for token in added])

    texts = read_texts(arguments.input, arguments.text_column, arguments.escapes)
    encodings = tokenizer.encode_batch(texts)
    with open(arguments.output, "w", encoding="utf-8", newline="\n") as handle:
        for text, encoding in zip(texts, encodings):
            record = {"tokens": encoding.tokens, "ids": encoding.ids}
            if arguments.with_text:
                record = {"text": text, **record}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
