// The Attribution module; see docs/ARCHITECTURE.md.
