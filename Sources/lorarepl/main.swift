import Foundation
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
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--version" || arguments.first == "-V" {
    printVersion()
    exit(0)
}
if let status = ScriptMode.runIfRequested(arguments) {
    exit(status)
}
FileHandle.standardError.write(Data("usage: lorarepl --version | -c CODE | FILE.lora\n".utf8))
exit(2)
