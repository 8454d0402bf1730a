import Foundation

/// The interpreter against CPython on loop-heavy scripts (`Tests/LangTests/PythonScripts/bench/*.py`):
/// each script runs through the `lorarepl` binary built next to this one and through `python3` (when it
/// is on PATH), alternately, in the same invocation. The figure is user + system CPU seconds of the child
/// process (from `getrusage(RUSAGE_CHILDREN)`), median of the iterations; CPU time is far less sensitive
/// than wall time to other processes on a shared machine. Both outputs are checked against the recorded
/// CPython output first, so a faster wrong answer never counts. Docs: docs/performance-language.md.
enum LangBenchmark {
    static let scriptFolder = "Tests/LangTests/PythonScripts/bench"

    static func run(_ options: BenchmarkOptions) throws {
        let environment = ProcessInfo.processInfo.environment
        let folder = URL(fileURLWithPath: environment["LORAREPL_BENCH_SCRIPTS"] ?? scriptFolder)
        let scripts = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".py") }.sorted()
        guard !scripts.isEmpty else {
            print("lang: no scripts in \(folder.path) (run from the repository root, or set LORAREPL_BENCH_SCRIPTS)")
            return
        }
        let lorarepl = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("lorarepl")
        guard FileManager.default.isExecutableFile(atPath: lorarepl.path) else {
            print("lang: no lorarepl binary at \(lorarepl.path) (swift build -c release --product lorarepl)")
            return
        }
        let python = findOnPath("python3")
        if python == nil { print("lang: python3 is not on PATH: lorarepl times only") }
        print("lang: CPU seconds (user+sys) of each script, median of \(options.iterations) runs, lorarepl and python3 alternating; "
              + "ratio = python3 / lorarepl (≥ 1: lorarepl is at least as fast)")
        print("script".padding(toLength: 22, withPad: " ", startingAt: 0) + "  lorarepl   python3    ratio")
        var ratios: [Double] = []
        for script in scripts {
            let path = folder.appendingPathComponent(script)
            let expected = try? String(contentsOf: folder.appendingPathComponent(script.replacingOccurrences(of: ".py", with: ".stdout")), encoding: .utf8)
            var mine: [Double] = [], theirs: [Double] = []
            var problem: String?
            for _ in 0..<options.iterations {
                let (output, seconds) = try timeChild(lorarepl, [path.path], in: folder)
                if let expected, output != expected { problem = "lorarepl's output differs from the recorded CPython output" }
                mine.append(seconds)
                if let python {
                    let (pythonOutput, pythonSeconds) = try timeChild(python, [path.path], in: folder)
                    if let expected, pythonOutput != expected { problem = "python3's output differs from the recorded output" }
                    theirs.append(pythonSeconds)
                }
            }
            let name = script.padding(toLength: 22, withPad: " ", startingAt: 0)
            let myMedian = median(mine)
            if theirs.isEmpty {
                print(name + String(format: "  %7.3f         -        -", myMedian))
            } else {
                let ratio = median(theirs) / myMedian
                ratios.append(ratio)
                print(name + String(format: "  %7.3f   %7.3f   %5.2f×", myMedian, median(theirs), ratio))
            }
            if let problem { print("  warning: \(script): \(problem)") }
        }
        if !ratios.isEmpty {
            let geometricMean = exp(ratios.map { log($0) }.reduce(0, +) / Double(ratios.count))
            print(String(format: "geometric mean ratio: %.2f× (%d of %d scripts at least as fast as python3); load average %@",
                         geometricMean, ratios.filter { $0 >= 1 }.count, ratios.count, loadAverage()))
        }
    }

    /// Runs `executable arguments` to completion; its standard output and its CPU seconds (user + system).
    static func timeChild(_ executable: URL, _ arguments: [String], in folder: URL) throws -> (String, Double) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let before = childrenCPUSeconds()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), childrenCPUSeconds() - before)
    }

    /// CPU seconds of every waited-for child so far.
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func findOnPath(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
