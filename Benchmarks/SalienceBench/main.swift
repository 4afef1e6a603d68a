// The Swift side of `make bench`; see Benchmarks/README.md.
print("salience-bench: no benchmarks yet")
