import Foundation

/// Where PEFT's warnings go (PEFT uses Python `warnings.warn`). The handler belongs to the calling
/// thread, not to the process: the bindings route a script's warnings to its session's standard error
/// for the length of one call (`withHandler`), so two sessions on two threads never see each other's
/// warnings; tests set it to capture them. Without a handler, warnings go to the process's stderr.
public enum PeftWarnings {
    private static let threadKey = "lorarepl.PeftWarnings.handler"

    /// Receives each warning message raised on the current thread.
    public static var handler: (String) -> Void {
        get { (Thread.current.threadDictionary[threadKey] as? HandlerBox)?.handler ?? standardError }
        set { Thread.current.threadDictionary[threadKey] = HandlerBox(newValue) }
    }

    /// Runs `body` with `handler` receiving the warnings it raises on this thread, then restores the previous one.
    public static func withHandler<Result>(_ handler: @escaping (String) -> Void, _ body: () throws -> Result) rethrows -> Result {
        let previous = Thread.current.threadDictionary[threadKey]
        Thread.current.threadDictionary[threadKey] = HandlerBox(handler)
        defer { Thread.current.threadDictionary[threadKey] = previous }
        return try body()
    }

    /// The default: one `warning: …` line on the process's stderr.
    public static let standardError: (String) -> Void = { message in
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }

    static func warn(_ message: String) { handler(message) }
}

/// A handler stored in a thread dictionary.
private final class HandlerBox {
    let handler: (String) -> Void
    init(_ handler: @escaping (String) -> Void) { self.handler = handler }
}
