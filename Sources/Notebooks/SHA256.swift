import PythonBasics

// SHA-256 for the notebook hash chain: the one implementation in PythonBasics (`Digest`, which `hashlib` uses too).

/// SHA-256 of text, as lowercase hex.
enum SHA256 {
    static func hex(_ text: String) -> String { Digest.hex(.sha256, Array(text.utf8)) }
}
