// The Sensitivity module; see docs/ARCHITECTURE.md.
