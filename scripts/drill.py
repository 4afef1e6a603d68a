#!/usr/bin/env python3
"""Reliability drill for the salience program (issue 17): kill -9 and resume, two writers,
a damaged database, a full disk and Ctrl-C, each checked against an uninterrupted reference.

usage: scripts/drill.py SALIENCE_BINARY [--trials 200] [--kills 5] [--seed 17]

Trains a small KimCNN on the first rows of Data/rotten-tomatoes.csv (with the bundled MiniLM
word-piece embeddings), computes Integrated Gradients maps once without interruption (the
reference), then:
  kill -9   attribute killed at random moments, then run to the end: maps identical to the reference;
  writers   two attribute processes at once on one workspace: both exit 0, maps identical, integrity ok;
  ctrl-c    SIGINT during attribute: exit 130 with the resume line, the next run resumes to identical maps;
  damaged   TRIALS copies with random bytes overwritten (or cut short), each given one random command:
            every exit is 0 or 1 (a sentence), never a signal or an internal error (exit 2);
  full disk the workspace on a small tmpfs filled to the last byte: reads work (exit 0), a write says
            to free space (exit 1) and leaves the database unchanged (needs root for mount; skipped otherwise).
Prints one line per part and exits 1 when any part fails. Only the standard library is used.
"""
import argparse, hashlib, os, random, shutil, signal, sqlite3, subprocess, sys, tempfile, time

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--rows", type=int, default=900)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="salience-drill-")
    failures = []

    def run(arguments, workspace, timeout=600):
        return subprocess.run([binary, *arguments, "--workspace", workspace], capture_output=True, text=True, timeout=timeout, cwd=work)

    def maps_digest(workspace):
        connection = sqlite3.connect(f"file:{workspace}/salience.sqlite?mode=ro", uri=True)
        digest = hashlib.sha256()
        count = 0
        for row in connection.execute("""SELECT r.recipeKey, m.position, m.tokenIDs, m.scores, m.target, m.targetLogit, m.prediction,
                                         m.probability, m.baselineLogit, m.delta FROM salienceMap m JOIN salienceRun r ON r.id = m.runID
                                         ORDER BY r.recipeKey, m.position"""):
            digest.update(repr(row).encode())
            count += 1
        connection.close()
        return digest.hexdigest()[:16], count

    def integrity(workspace):
        connection = sqlite3.connect(f"file:{workspace}/salience.sqlite?mode=ro", uri=True)
        result = connection.execute("PRAGMA integrity_check").fetchall()
        connection.close()
        return result == [("ok",)]

    def report(name, ok, text):
        print(f"{name:<10} {'ok  ' if ok else 'FAIL'} {text}", flush=True)
        if not ok:
            failures.append(name)

    # The trained workspace and the reference maps.
    rows = open(os.path.join(root, "Data/rotten-tomatoes.csv"), encoding="utf-8").read().splitlines()
    data = os.path.join(work, "reviews.csv")
    open(data, "w", encoding="utf-8").write("\n".join(rows[:args.rows + 1]) + "\n")
    trained = os.path.join(work, "trained")
    started = time.time()
    result = run(["train", "--data", data, "--model", "cnn", "--epochs", "2", "--seed", "1",
                 "--checkpoint", os.path.join(root, "Data/models/all-MiniLM-L6-v2")], trained)
    if result.returncode != 0:
        print("drill: training failed: " + result.stderr.strip())
        sys.exit(1)
    attribute = ["attribute", "--method", "ig", "--steps", "24"]
    reference = os.path.join(work, "reference")
    shutil.copytree(trained, reference)
    began = time.time()
    result = run(attribute, reference)
    attribute_seconds = time.time() - began
    reference_digest = maps_digest(reference)
    print(f"reference  ok   {reference_digest[1]} maps, digest {reference_digest[0]}, attribute {attribute_seconds:.1f} s"
          f" (set up in {time.time() - started:.1f} s)", flush=True)

    # kill -9 at random moments, then resume.
    killed = os.path.join(work, "killed")
    shutil.copytree(trained, killed)
    kills = 0
    for _ in range(args.kills):
        process = subprocess.Popen([binary, *attribute, "--workspace", killed], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work)
        time.sleep(rng.uniform(0.1, max(0.2, attribute_seconds * 0.9)))
        if process.poll() is None:
            process.kill()
            kills += 1
        process.wait()
    result = run(attribute, killed)
    digest = maps_digest(killed)
    report("kill -9", result.returncode == 0 and digest == reference_digest and integrity(killed),
           f"{kills} kills at random moments, resumed: {digest[1]} maps, digest {digest[0]} {'=' if digest == reference_digest else '≠'} reference")

    # Two writers at once.
    shared = os.path.join(work, "writers")
    shutil.copytree(trained, shared)
    processes = [subprocess.Popen([binary, *attribute, "--workspace", shared], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=work)
                 for _ in range(2)]
    statuses = [process.wait() for process in processes]
    digest = maps_digest(shared)
    report("writers", statuses == [0, 0] and digest == reference_digest and integrity(shared),
           f"two attribute processes exit {statuses}, digest {digest[0]} {'=' if digest == reference_digest else '≠'} reference, integrity ok")

    # Ctrl-C, then resume.
    interrupted = os.path.join(work, "interrupted")
    shutil.copytree(trained, interrupted)
    codes, lines = [], 0
    for _ in range(3):
        process = subprocess.Popen([binary, *attribute, "--workspace", interrupted], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=work)
        time.sleep(rng.uniform(0.2, max(0.3, attribute_seconds * 0.6)))
        process.send_signal(signal.SIGINT)
        _, error = process.communicate()
        codes.append(process.returncode)
        lines += "interrupted:" in error and "again" in error
    result = run(attribute, interrupted)
    digest = maps_digest(interrupted)
    interrupts = sum(code == 130 for code in codes)
    report("ctrl-c", all(code in (0, 130) for code in codes) and lines == interrupts and result.returncode == 0 and digest == reference_digest,
           f"3 SIGINTs: exits {codes} ({interrupts} interrupted with the resume line), resumed digest {digest[0]}"
           f" {'=' if digest == reference_digest else '≠'} reference")

    # A damaged database: random bytes overwritten or the file cut short, then one command.
    commands = [["show", "rt-00003"], ["cluster", "--k", "3"], ["evaluate"], ["neighbors", "rt-00003"],
                ["attribute"], ["check"], ["export", "--representation", "vocab", "--out", "export.npz"], ["compare", "--k", "3"]]
    database = os.path.join(reference, "salience.sqlite")
    size = os.path.getsize(database)
    outcomes = {0: 0, 1: 0}
    crashes, internal = [], []
    damaged = os.path.join(work, "damaged")
    began = time.time()
    for trial in range(args.trials):
        shutil.rmtree(damaged, ignore_errors=True)
        shutil.copytree(reference, damaged)
        path = os.path.join(damaged, "salience.sqlite")
        with open(path, "r+b") as file:
            if rng.random() < 0.1:
                file.truncate(rng.randrange(0, size))
            else:
                for _ in range(rng.randint(1, 8)):
                    file.seek(rng.randrange(0, size))
                    file.write(bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))))
        command = rng.choice(commands)
        result = run(command, damaged, timeout=300)
        code = result.returncode
        if code in (0, 1):
            outcomes[code] += 1
        elif code < 0:
            crashes.append((trial, command[0], -code, result.stderr.strip()[-200:]))
        else:
            internal.append((trial, command[0], code, result.stderr.strip()[-200:]))
    report("damaged", not crashes and not internal,
           f"{args.trials} trials in {time.time() - began:.0f} s: {outcomes[0]} exit 0, {outcomes[1]} exit 1 (a sentence),"
           f" {len(internal)} internal errors, {len(crashes)} crashes")
    for item in (crashes + internal)[:5]:
        print(f"           trial {item[0]} {item[1]}: status {item[2]}: {item[3]}")

    # A full disk: a small tmpfs filled to the last byte.
    mount = os.path.join(work, "tmpfs")
    os.makedirs(mount)
    megabytes = int(sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(reference) for f in fs) / 2**20) + 16
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", mount], capture_output=True).returncode == 0
    if not mounted:
        print("full disk  skip cannot mount a tmpfs (needs root); the full-disk part did not run", flush=True)
    else:
        try:
            full = os.path.join(mount, "workspace")
            shutil.copytree(reference, full)
            subprocess.run(["dd", "if=/dev/zero", f"of={mount}/filler", "bs=64k"], capture_output=True)
            before = hashlib.sha256(open(os.path.join(full, "salience.sqlite"), "rb").read()).hexdigest()
            connection = sqlite3.connect(f"file:{full}/salience.sqlite?mode=ro", uri=True)
            mapped = connection.execute("SELECT e.exampleID FROM salienceMap m JOIN example e ON e.position = m.position LIMIT 1").fetchone()[0]
            connection.close()
            reads = [run(command, full) for command in (["cluster", "--k", "3", "--method", "ig", "--steps", "24"], ["evaluate"],
                                                        ["show", mapped, "--method", "ig", "--steps", "24"])]
            write = run(["attribute", "--method", "grad-input"], full)
            after = hashlib.sha256(open(os.path.join(full, "salience.sqlite"), "rb").read()).hexdigest()
            sentence = write.stderr.strip().splitlines()[-1] if write.stderr.strip() else ""
            ok = all(r.returncode == 0 for r in reads) and write.returncode == 1 and "free space" in sentence.lower() \
                and "delete" not in sentence.lower() and before == after
            report("full disk", ok, f"{megabytes} MiB tmpfs filled: 3 reads exit {[r.returncode for r in reads]}, a write exits"
                   f" {write.returncode} ({sentence[:150]}), database {'unchanged' if before == after else 'CHANGED'}")
        finally:
            subprocess.run(["umount", mount], capture_output=True)

    shutil.rmtree(work, ignore_errors=True)
    print(f"drill: {'all parts passed' if not failures else 'FAILED: ' + ', '.join(failures)}")
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
