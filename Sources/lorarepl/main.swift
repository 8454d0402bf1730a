import Foundation
import Models
import PythonBasics
import TensorCore

/// lorarepl's version, printed by `lorarepl --version`.
let lorareplVersion = "0.1.0"

func printVersion() {
    let blasLine: String
    if let problem = BLAS.load() {
        blasLine = "BLAS: unavailable (\(problem))"
    } else {
        blasLine = "BLAS: OpenBLAS, kernel \(BLAS.kernel) (\(BLAS.kernelSource)), \(BLAS.threads) threads"
    }
    print("lorarepl \(lorareplVersion)")
    print(blasLine)
    if let warning = BLAS.slowKernelWarning { print("warning: " + warning) }
    print("Quantized decoding: integer kernels \(QuantizedKernelInfo.level) (best for this CPU: \(QuantizedKernelInfo.bestLevel)), \(QuantizedKernelInfo.threads) threads, "
          + (GenerationOptions.integerKernelsByDefault ? "used by default for weights kept quantized (LORAREPL_INTEGER_KERNELS=0 turns them off)"
                                                       : "off (LORAREPL_INTEGER_KERNELS=0 is set)"))
}

let usage = """
usage: lorarepl                          interactive REPL (on a terminal)
       lorarepl NB.lnb                   step through a notebook in the REPL
       lorarepl run NB.lnb…              run notebooks and print their outputs
       lorarepl test NB.lnb… [--update] [--junit FILE]
       lorarepl check NB.lnb…            find stale outputs without running
       lorarepl export NB.lnb --to md|html [-o OUT]
       lorarepl convert MODEL OUT.gguf [--quantization f16|q8_0|q4_1|f32]
       lorarepl [--sandbox DIR] -c CODE | FILE.lora | < script
       lorarepl --version
Any command takes --max-memory SIZE (e.g. 8G): the most one allocation may take (default: 3/4 of memory).

"""

var arguments = Array(CommandLine.arguments.dropFirst())
// Tests of atomic saves only (Tests/CLITests/SaveFaultTests.swift): die at the N-th save point.
if let point = ProcessInfo.processInfo.environment["LORAREPL_TEST_KILL_AT_SAVE_POINT"].flatMap({ Int($0) }) {
    FaultInjection.killAt = point
}
if let problem = LimitsReport.applyMaxMemory(&arguments) {
    FileHandle.standardError.write(Data((problem + "\n").utf8))
    exit(2)
}
let interactive = isatty(0) != 0
// Under `mpirun -np N` (N > 1): refuse the REPL, start MPI, quiet the notebook outputs of ranks other than 0.
switch DistributedLaunch.prepare(arguments, interactive: interactive) {
case .run(let rankArguments): arguments = rankArguments
case .exit(let status): DistributedLaunch.exit(status)
}
switch arguments.first {
case "--version", "-V":
    printVersion()
    DistributedLaunch.exit(0)
case "run", "test", "check", "export":
    DistributedLaunch.exit(NotebookCommands.main(arguments))
case "convert":
    DistributedLaunch.exit(ConvertCommand.main(arguments))
case nil where interactive:
    DistributedLaunch.exit(REPL.main(walkthrough: nil))
case let file? where arguments.count == 1 && file.hasSuffix(".lnb"):
    // On a terminal: step through it in the REPL; otherwise run it.
    DistributedLaunch.exit(interactive ? REPL.main(walkthrough: file) : NotebookCommands.main(["run", file]))
case "--help", "-h":
    print(usage, terminator: "")
    DistributedLaunch.exit(0)
default:
    // Script mode: -c CODE, FILE.lora, code on stdin (see ScriptMode.swift).
    if let status = ScriptMode.runIfRequested(arguments) { DistributedLaunch.exit(status) }
    if let first = arguments.first, let message = CommandSuggestion.message(for: first) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        DistributedLaunch.exit(2)
    }
    FileHandle.standardError.write(Data(usage.utf8))
    DistributedLaunch.exit(2)
}
