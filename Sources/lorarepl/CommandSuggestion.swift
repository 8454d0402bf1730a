/// `lorarepl tset` → "unknown command 'tset' (did you mean 'test'?)": the commands and the nearest one.
enum CommandSuggestion {
    static let commands = ["run", "test", "check", "export"]

    /// The message for a first argument that is neither a command, a file nor an option, or nil when
    /// the argument looks like a file or an option (the usage text is enough then).
    static func message(for argument: String) -> String? {
        guard !argument.hasPrefix("-"), !argument.contains("/"), !argument.contains(".") else { return nil }
        let nearest = commands.map { ($0, distance(argument.lowercased(), $0)) }.min { $0.1 < $1.1 }
        if let (name, d) = nearest, d <= 2 {
            return "error: unknown command '\(argument)' (did you mean '\(name)'?)\nhelp: lorarepl \(name) NB.lnb…; lorarepl --help lists the commands"
        }
        return "error: unknown command '\(argument)'\nhelp: the commands are \(commands.joined(separator: ", ")); a script is FILE.lora or -c CODE"
    }

    /// Edit distance with adjacent swaps counted as one edit (`tset` → `test` is 1).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { table[i][0] = i }
        for j in 0...y.count { table[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { best = min(best, table[i - 2][j - 2] + 1) }
                table[i][j] = best
            }
        }
        return table[x.count][y.count]
    }
}
