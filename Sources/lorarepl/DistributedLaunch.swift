import Foundation
import Training

/// `mpirun -np N lorarepl …`: what changes when this process is one rank of a data-parallel job
/// (docs/distributed.md). Outside a launcher, or with one rank, nothing does and MPI is never loaded.
enum DistributedLaunch {
    /// The launch, when this process is one of several ranks.
    static let launch: LaunchEnvironment? = LaunchEnvironment.detect().flatMap { $0.worldSize > 1 ? $0 : nil }

    /// Checks the command, starts MPI (so a missing library is reported before anything runs) and
    /// returns the arguments this rank runs, or an exit status with the message already printed.
    enum Prepared {
        case run([String])
        case exit(Int32)
    }

    static func prepare(_ arguments: [String], interactive: Bool) -> Prepared {
        guard let launch else { return .run(arguments) }
        let walkthrough = arguments.count == 1 && arguments[0].hasSuffix(".lnb") && interactive
        if arguments.isEmpty || walkthrough || arguments == ["-"] {
            let error = "lorarepl: the interactive REPL (or a script on standard input) cannot run under mpirun: every one of the "
                + "\(launch.worldSize) ranks needs the whole program, and only rank 0 has a terminal.\n"
                + "help: run a script or a notebook on every rank: mpirun -np \(launch.worldSize) lorarepl train.lora, "
                + "or mpirun -np \(launch.worldSize) lorarepl run notebook.lnb\n"
            if launch.rank == 0 { FileHandle.standardError.write(Data(error.utf8)) }
            return .exit(2)
        }
        do {
            _ = try MPIProcessGroup.world()
        } catch let error as TrainingError {
            FileHandle.standardError.write(Data("lorarepl rank \(launch.rank): \(error.message)\nhelp: \(error.help ?? "")\n".utf8))
            return .exit(1)
        } catch {
            FileHandle.standardError.write(Data("lorarepl rank \(launch.rank): \(error)\n".utf8))
            return .exit(1)
        }
        guard launch.rank != 0, let command = arguments.first, command == "run" || command == "test" else { return .run(arguments) }
        // Notebooks: every rank runs the cells (the Trainer needs them all), rank 0 alone prints,
        // compares and records; the others run quietly and never write the notebook.
        if let quiet = fopen("/dev/null", "w") { dup2(fileno(quiet), STDOUT_FILENO) }
        var kept = ["run"]
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--junit" { index += 2; continue }
            if argument == "--update" || argument == "-v" { index += 1; continue }
            kept.append(argument)
            index += 1
        }
        return .run(kept)
    }

    /// Ends MPI (when it was started) and the process.
    static func exit(_ status: Int32) -> Never {
        MPIProcessGroup.finish()
        Foundation.exit(status)
    }
}
