// The TextData module; see docs/ARCHITECTURE.md.
