/// PythonBasics: the Python-compatible basics every other target shares, with Foundation as its only
/// dependency. It sits below every other target (docs/architecture.md) and holds one copy of each thing
/// that must behave exactly as CPython does: JSON values (strict parser, `json.dumps`-exact writer),
/// the atomic file writer, `repr` of strings and floats, CPython's MT19937 `random`, the regular
/// expression engine (`re`, PEFT's `target_modules`), and the error protocol every layer's error
/// conforms to.
public enum PythonBasics {
    /// The module's name as scripts and diagnostics refer to it.
    public static let name = "PythonBasics"
}
