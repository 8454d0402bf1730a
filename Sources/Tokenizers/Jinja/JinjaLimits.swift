import Foundation

/// Bounds on one rendering of a chat template. Templates come from downloaded `tokenizer_config.json` files
/// and from scripts (`tokenizer.chat_template = ...`); a loop over a million items inside another, or a string
/// doubled in a loop, must end with a `TemplateError` instead of hanging the REPL or exhausting its memory.
/// Real chat templates stay far below these (a few thousand units of work, a few KiB of text).
public struct JinjaLimits: Equatable, Sendable {
    /// Units of work for one rendering: one per statement, loop iteration and evaluated operator, filter or
    /// call, plus one per `bytesPerUnit` of the size (see `maxValueSize`) of every value those produce.
    public var work: Int
    /// The largest value a template may build (a string's UTF-8 bytes; a list or dict counts its items and,
    /// through nested lists, their sizes) and the largest rendered text.
    public var maxValueSize: Int

    public init(work: Int, maxValueSize: Int) {
        self.work = work
        self.maxValueSize = maxValueSize
    }

    /// What `apply_chat_template` uses: a million units of work (about a second: a loop step costs about a
    /// microsecond), values and output up to 16 MiB. A chat template over a long conversation with tools spends
    /// some thousands.
    public static let standard = JinjaLimits(work: 1_000_000, maxValueSize: hardValueSize)

    /// Copying this many bytes (or list items) costs about as much as one step.
    static let bytesPerUnit = 64

    /// The bound the operators and filters check before they allocate (`'ab' * n`, `replace`, `join`,
    /// `tojson(indent=…)`), whatever the rendering's own limits.
    static let hardValueSize = 1 << 24
    /// Lists and dicts nested deeper than this are refused (printing them would recurse that deep).
    static let maxNesting = 200
    /// Statement blocks (`if`, `for`, `macro`, …) nested deeper than this are a syntax error.
    static let maxBlockNesting = 100
}

extension JinjaValue {
    /// The value's size as `JinjaLimits` counts it (UTF-8 bytes of strings, 8 per number, 2 per item of a list
    /// or dict or namespace plus the items' sizes), counted only up to `cap` so the count costs at most `cap` steps; and
    /// the nesting depth of lists and dicts, up to `JinjaLimits.maxNesting + 1`.
    func size(upTo cap: Int, depth: Int = 0) -> (size: Int, depth: Int) {
        switch self {
        case .undefined, .none, .bool, .function: return (1, depth)
        case let .namespace(n): return Self.containerSize(n.object.entries.lazy.map { .array([.string($0.0), $0.1]) }, cap: cap, depth: depth)
        case .int, .double: return (8, depth)
        case let .string(s): return (s.utf8.count, depth)
        case let .array(items): return Self.containerSize(items.lazy.map { $0 }, cap: cap, depth: depth)
        case let .object(o): return Self.containerSize(o.entries.lazy.map { .array([.string($0.0), $0.1]) }, cap: cap, depth: depth)
        }
    }

    private static func containerSize<S: Sequence>(_ items: S, cap: Int, depth: Int) -> (size: Int, depth: Int) where S.Element == JinjaValue {
        guard depth < JinjaLimits.maxNesting else { return (2, depth + 1) }
        var total = 2, deepest = depth + 1
        for item in items {
            let (size, itemDepth) = item.size(upTo: cap - total, depth: depth + 1)
            total += size + 2
            deepest = max(deepest, itemDepth)
            if total > cap || deepest > JinjaLimits.maxNesting { break }
        }
        return (total, deepest)
    }
}

extension JinjaBuiltins {
    /// Refuses an operation whose result would have `size` units (checked before allocating it).
    static func checkSize(_ size: Int, _ what: @autoclosure () -> String, _ position: SourcePosition) throws {
        guard size <= JinjaLimits.hardValueSize else {
            throw position.error("\(what()) would make a value of \(size) bytes or items, more than the chat-template limit of "
                                 + "\(JinjaLimits.hardValueSize) (a template builds text, not data: check the loop or the repeat count)")
        }
    }
}
