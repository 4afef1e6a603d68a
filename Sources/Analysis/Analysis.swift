// The Analysis module; see docs/ARCHITECTURE.md.
