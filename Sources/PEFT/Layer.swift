// The PEFT layer: see docs/architecture.md. Its code lands with the issue that builds it.
enum PEFTLayer {}
