// The Lang layer: see docs/architecture.md. Its code lands with the issue that builds it.
enum LangLayer {}
