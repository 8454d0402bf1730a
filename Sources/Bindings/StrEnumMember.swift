import Lang

/// A member of a string enum of the ML libraries (peft's `TaskType(str, enum.Enum)`): prints as
/// `TaskType.SEQ_CLS`, reprs as `<TaskType.SEQ_CLS: 'SEQ_CLS'>`, has `.name`/`.value`, compares equal to
/// its string, and goes wherever a `str` argument is expected (`LoraConfig(task_type=TaskType.SEQ_CLS)`).
final class StrEnumMember: HostBase {
    let enumName: String, name: String, value: String

    init(enumName: String, name: String, value: String) {
        (self.enumName, self.name, self.value) = (enumName, name, value)
    }

    override var typeName: String { enumName }
    override func repr() -> String { "<\(enumName).\(name): \(Value.str(value).repr)>" }
    override func str() -> String { "\(enumName).\(name)" }
    override var propertyNames: [String] { ["name", "value"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "name": return .str(self.name)
        case "value": return .str(value)
        default: return nil
        }
    }

    override func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        let otherText: String?
        switch other {
        case .str(let text): otherText = text
        case .host(let member as StrEnumMember): otherText = member.value
        default: otherText = nil
        }
        switch op {
        case "==": return .bool(otherText == value)
        case "!=": return .bool(otherText != value)
        case "+": return otherText.map { .str(reflected ? $0 + value : value + $0) }
        default: return nil
        }
    }

    /// The string, for arguments typed `str` and for `str.join`-style uses.
    override func scalarValue() -> Value? { .str(value) }
}
