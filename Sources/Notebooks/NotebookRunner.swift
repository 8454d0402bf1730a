// Runs a notebook's cells top to bottom in a fresh engine, with per-cell seeds and timeouts.
import Foundation

/// What happened to one cell in a run.
public enum CellExecution: Sendable {
    /// The cell ran (cleanly or with an error, see the outcome); `seconds` is its wall time.
    case ran(CellOutcome, seconds: Double)
    /// The cell has `skip`.
    case skipped
    /// The cell ran past its timeout and was interrupted; the notebook stopped there.
    case timedOut(CellOutcome?, limit: Double)
    /// An earlier cell stopped the notebook.
    case notRun
}

/// The result of running a notebook.
public struct NotebookRun: Sendable {
    /// One entry per code cell, in order.
    public var cells: [(cell: CodeCell, execution: CellExecution)]
    /// The id of the cell that stopped the run (unexpected error or timeout), if any.
    public var stoppedAt: String?

    /// Ids of the cells that were not run because the run stopped.
    public var notRun: [String] {
        cells.compactMap { if case .notRun = $0.execution { return $0.cell.id } else { return nil } }
    }
}

/// Runs notebooks. Each `run` uses a new engine from `makeEngine`.
public final class NotebookRunner {
    public let makeEngine: () -> CellEngine
    /// Timeout for cells without `timeout=` (nil: none).
    public var defaultTimeout: Double?
    /// How long to wait for an interrupted cell to stop before giving up on it.
    public var interruptGrace: Double = 10

    public init(defaultTimeout: Double? = nil, makeEngine: @escaping () -> CellEngine) {
        self.makeEngine = makeEngine
        self.defaultTimeout = defaultTimeout
    }

    /// Runs `notebook` (named `file` in diagnostics). `onCell` is called after each cell, for live output.
    public func run(_ notebook: Notebook, file: String, mode: EngineMode,
                    onCell: ((CodeCell, CellExecution) -> Void)? = nil) -> NotebookRun {
        let engine = makeEngine()
        engine.mode = mode
        if !notebook.header.params.isEmpty { engine.setParameters(notebook.header.params) }
        let seed = notebook.header.seed
        var results: [(cell: CodeCell, execution: CellExecution)] = []
        var stoppedAt: String? = nil
        for cell in notebook.cells {
            if stoppedAt != nil { results.append((cell, .notRun)); continue }
            if cell.skip {
                results.append((cell, .skipped))
                onCell?(cell, .skipped)
                continue
            }
            // The file name without folders, so recorded errors do not depend on where the notebook is run from.
            let origin = "\(URL(fileURLWithPath: file).lastPathComponent):cell \(cell.id)"
            let execution = Self.runCell(engine: engine, source: cell.source, origin: origin,
                                         seed: CellSeed.derive(notebookSeed: seed, cellID: cell.id),
                                         timeout: cell.timeout ?? defaultTimeout, grace: interruptGrace)
            results.append((cell, execution))
            onCell?(cell, execution)
            switch execution {
            case .timedOut: stoppedAt = cell.id
            case .ran(let outcome, _) where outcome.error != nil && !cell.expectError: stoppedAt = cell.id
            default: break
            }
        }
        return NotebookRun(cells: results, stoppedAt: stoppedAt)
    }

    /// Runs one cell on a worker thread (large stack), interrupting it after `timeout` seconds.
    public static func runCell(engine: CellEngine, source: String, origin: String, seed: UInt64,
                               timeout: Double?, grace: Double = 10) -> CellExecution {
        final class Box: @unchecked Sendable { var outcome: CellOutcome? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let start = Date()
        let worker = Thread {
            box.outcome = engine.run(source, origin: origin, seed: seed)
            done.signal()
        }
        worker.stackSize = 64 << 20
        worker.start()
        if let timeout {
            if done.wait(timeout: .now() + timeout) == .timedOut {
                engine.interrupt()
                _ = done.wait(timeout: .now() + grace)
                return .timedOut(box.outcome, limit: timeout)
            }
        } else {
            done.wait()
        }
        return .ran(box.outcome ?? CellOutcome(error: "error: the cell produced no result"),
                    seconds: Date().timeIntervalSince(start))
    }
}
