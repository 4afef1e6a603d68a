// The Representation module; see docs/ARCHITECTURE.md.
