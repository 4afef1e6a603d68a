// The Rendering module; see docs/ARCHITECTURE.md.
