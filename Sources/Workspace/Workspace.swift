// The Workspace module; see docs/ARCHITECTURE.md.
