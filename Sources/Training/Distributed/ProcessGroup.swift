import CMPI
import Foundation

/// The ranks of a data-parallel job and the one collective the Trainer needs: every rank hands in a
/// block of bytes and receives every rank's block, in rank order. Reductions are done by the caller
/// on the gathered blocks in a fixed order, so every rank computes bit-identical sums (see
/// docs/distributed.md, "The identity rule").
public protocol ProcessGroup: AnyObject {
    /// This process's rank (0-based; rank 0 logs, saves and decides).
    var rank: Int { get }
    /// The number of ranks.
    var size: Int { get }
    /// Every rank's block, in rank order (blocks may differ in length). `what` names the exchange in
    /// the message a time-out prints.
    func allGather(_ block: [UInt8], what: String) throws -> [[UInt8]]
}

extension ProcessGroup {
    /// Rank 0's block, as every rank sees it (a broadcast built on the all-gather).
    func broadcastFromZero(_ block: [UInt8], what: String) throws -> [UInt8] {
        try allGather(rank == 0 ? block : [], what: what)[0]
    }
}

/// What the launcher (`mpirun`) put in the environment: the world size and this process's rank,
/// read from Open MPI's `OMPI_COMM_WORLD_*` or the PMI/PMIx variables other launchers set. Read
/// without loading MPI, so a script can ask `TrainingArguments().world_size` anywhere.
public struct LaunchEnvironment: Equatable {
    public var worldSize: Int
    public var rank: Int
    public var localRank: Int

    /// The launch seen in `environment` (the process's by default); nil outside a launcher.
    public static func detect(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> LaunchEnvironment? {
        func number(_ names: [String]) -> Int? {
            for name in names { if let text = environment[name], let value = Double(text).flatMap({ Int(exactly: $0) }) { return value } }
            return nil
        }
        guard let size = number(["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"]), size >= 1 else { return nil }
        let rank = number(["OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"]) ?? 0
        let local = number(["OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "PMI_LOCAL_RANK"]) ?? rank
        return LaunchEnvironment(worldSize: size, rank: rank, localRank: local)
    }

    /// HF's `world_size` / `process_index` / `local_process_index` for this process (1 / 0 / 0 alone).
    public static var current: LaunchEnvironment { detect() ?? LaunchEnvironment(worldSize: 1, rank: 0, localRank: 0) }
}

/// MPI_COMM_WORLD through Open MPI loaded with dlopen (`Sources/CMPI`). There is one per process:
/// `MPIProcessGroup.world()` starts MPI the first time it is asked under a launcher with more than
/// one rank; `finish()` ends it (the CLI calls it before exiting).
public final class MPIProcessGroup: ProcessGroup {
    public let rank: Int
    public let size: Int
    /// How long a collective may wait for the other ranks before the job is ended (a dead or stuck
    /// rank). `LORAREPL_MPI_TIMEOUT` (seconds) overrides the default of 300.
    public let timeout: Double

    private init(rank: Int, size: Int, timeout: Double) {
        (self.rank, self.size, self.timeout) = (rank, size, timeout)
    }

    private static let started: Result<MPIProcessGroup?, TrainingError> = {
        guard let launch = LaunchEnvironment.detect(), launch.worldSize > 1 else { return .success(nil) }
        var error = [CChar](repeating: 0, count: 600)
        guard lr_mpi_start(&error, Int32(clamping: error.count)) == 0 else {
            return .failure(TrainingError(.runtimeError, "this process was started by mpirun with \(launch.worldSize) ranks, but MPI could not start: \(String(cString: error))",
                                          help: "install Open MPI (apt-get install -y openmpi-bin libopenmpi-dev), or run without mpirun"))
        }
        let seconds = ProcessInfo.processInfo.environment["LORAREPL_MPI_TIMEOUT"].flatMap(Double.init) ?? 300
        return .success(MPIProcessGroup(rank: Int(truncatingIfNeeded: lr_mpi_rank()), size: Int(truncatingIfNeeded: lr_mpi_size()), timeout: max(1, seconds)))
    }()

    /// The job's world when this process runs under `mpirun` with more than one rank (MPI is started
    /// on first use), nil otherwise. Throws when MPI is needed but cannot be loaded.
    public static func world() throws -> MPIProcessGroup? { try started.get() }

    /// MPI_Finalize, once, if MPI was started (Open MPI reports a rank that exits without it as failed).
    public static func finish() {
        if lr_mpi_running() != 0 { _ = lr_mpi_finish() }
    }

    /// Ends every rank of the job after printing `message` on standard error (used when the job
    /// cannot continue consistently: a time-out, a broken exchange).
    public func abortJob(_ message: String) -> Never {
        FileHandle.standardError.write(Data("lorarepl rank \(rank): \(message)\n".utf8))
        lr_mpi_abort(1)
        exit(1)
    }

    public func allGather(_ block: [UInt8], what: String) throws -> [[UInt8]] {
        // Two rounds: the lengths (with the exchange's name, so ranks that reached different exchanges —
        // one rank failed outside a step — are caught instead of mixing their data), then every block
        // padded to the longest.
        var header = ByteWriter()
        header.int(block.count)
        header.string(String(what.prefix(40)).padding(toLength: 40, withPad: " ", startingAt: 0))
        var lengths: [UInt64] = []
        var names: [String] = []
        for bytes in try gather(header.bytes, what: what) {
            var reader = ByteReader(bytes)
            lengths.append(UInt64(truncatingIfNeeded: try reader.int()))
            names.append(try reader.string().trimmingCharacters(in: .whitespaces))
        }
        if let other = names.firstIndex(where: { $0 != names[rank] }) {
            abortJob("the ranks are out of step: this rank is in the \(names[rank]) exchange but rank \(other) is in the "
                     + "\(names[other]) exchange (a rank failed or took another path; see its message above). Ending the job.")
        }
        let longest = Int(clamping: lengths.max() ?? 0)
        var padded = block
        padded.append(contentsOf: [UInt8](repeating: 0, count: longest - block.count))
        let blocks = try gather(padded, what: what)
        return zip(blocks, lengths).map { Array($0.0.prefix(Int(clamping: $0.1))) }
    }

    /// One equal-sized all-gather, ending the job on a time-out.
    private func gather(_ block: [UInt8], what: String) throws -> [[UInt8]] {
        let width = block.count
        guard width <= Int(truncatingIfNeeded: Int32.max) / max(1, size) else {
            throw TrainingError(.runtimeError, "the \(what) exchange needs \(width) bytes per rank, more than one MPI message can carry",
                                help: "train fewer parameters per step (LoRA) or use fewer ranks")
        }
        var received = [UInt8](repeating: 0, count: width * size)
        var error = [CChar](repeating: 0, count: 300)
        let code = block.withUnsafeBytes { send in
            received.withUnsafeMutableBytes { out in
                lr_mpi_allgather(send.baseAddress, width, out.baseAddress, timeout, &error, Int32(clamping: error.count))
            }
        }
        if code == 1 {
            abortJob("no answer from the other ranks within \(String(format: "%.0f", timeout)) s during the \(what) exchange: a rank died or is stuck; "
                     + "ending the job (set LORAREPL_MPI_TIMEOUT to wait longer)")
        }
        guard code == 0 else {
            abortJob("the \(what) exchange failed (\(String(cString: error))); a rank probably died. Ending the job.")
        }
        return (0..<size).map { Array(received[($0 * width)..<(($0 + 1) * width)]) }
    }
}
