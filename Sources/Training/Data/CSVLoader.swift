import PythonBasics
/// Turns CSV records into a typed `Dataset`: header row → column names, then per-column types like
/// pandas (all integers → int64, all numbers → float64, True/False → bool, else string; empty → None).
enum CSVLoader {
    static func load(_ bytes: [UInt8], delimiter: UInt8, fileName: String, onBadLines: BadLinePolicy,
                     notes: inout [String]) throws -> Dataset {
        let records = try CSVReader.parse(bytes, delimiter: delimiter, fileName: fileName)
        guard let header = records.first else {
            throw TrainingError.value("\(fileName) is empty: a CSV file needs a header row with the column names")
        }
        let names = uniqueNames(header.fields, notes: &notes, fileName: fileName)
        var cells = Array(repeating: [String?](), count: names.count)
        for c in cells.indices { cells[c].reserveCapacity(records.count - 1) }
        var skippedLines: [Int] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                if onBadLines == .skip { skippedLines.append(record.line); continue }
                throw TrainingError(
                    .valueError,
                    "\(fileName), line \(record.line): expected \(names.count) fields (\(names.joined(separator: ", "))) but found \(record.fields.count)",
                    notes: ["the row starts with: " + String(record.fields.joined(separator: String(UnicodeScalar(delimiter))).prefix(80))],
                    help: "quote fields that contain the delimiter (\"a, b\"), or pass on_bad_lines=\"skip\" to drop such rows")
            }
            for (c, text) in record.fields.enumerated() { cells[c].append(text.isEmpty ? nil : text) }
        }
        if !skippedLines.isEmpty {
            let shown = skippedLines.prefix(5).map(String.init).joined(separator: ", ")
            notes.append("\(fileName): skipped \(skippedLines.count) malformed row\(skippedLines.count == 1 ? "" : "s") "
                         + "(wrong number of fields) at line\(skippedLines.count == 1 ? "" : "s") \(shown)\(skippedLines.count > 5 ? ", …" : "")")
        }
        var columns: [(String, [DataValue])] = []
        for (c, name) in names.enumerated() { columns.append((name, typedColumn(cells[c]))) }
        var dataset = try Dataset.fromDict(columns)
        dataset.overrideCount(records.count - 1 - skippedLines.count)
        return dataset
    }

    /// pandas renames repeated header names `a`, `a.1`, `a.2`; an empty name becomes `Unnamed: i`.
    private static func uniqueNames(_ header: [String], notes: inout [String], fileName: String) -> [String] {
        var seen: [String: Int] = [:]
        var names: [String] = []
        for (i, raw) in header.enumerated() {
            var name = raw.isEmpty ? "Unnamed: \(i)" : raw
            if let k = seen[name] {
                seen[name] = k + 1
                let renamed = "\(name).\(k + 1)"
                notes.append("\(fileName): the header repeats the column '\(name)'; the copy is named '\(renamed)'")
                name = renamed
            } else { seen[name] = 0 }
            names.append(name)
        }
        return names
    }

    static func typedColumn(_ cells: [String?]) -> [DataValue] {
        let present = cells.compactMap { $0 }
        if !present.isEmpty && present.allSatisfy({ Int($0) != nil }) {
            return cells.map { $0.flatMap(Int.init).map(DataValue.int) ?? DataValue.none }
        }
        if !present.isEmpty && present.allSatisfy({ Int($0) != nil || Double($0) != nil }) {
            return cells.map { $0.flatMap(Double.init).map(DataValue.float) ?? DataValue.none }
        }
        let boolWords = ["True": true, "TRUE": true, "true": true, "False": false, "FALSE": false, "false": false]
        if !present.isEmpty && present.allSatisfy({ boolWords[$0] != nil }) {
            return cells.map { $0.flatMap { boolWords[$0] }.map(DataValue.bool) ?? DataValue.none }
        }
        return cells.map { $0.map(DataValue.string) ?? DataValue.none }
    }
}

/// JSON data files: one array of objects, or JSON Lines (one object per line).
enum JSONLoader {
    static func load(_ bytes: [UInt8], fileName: String) throws -> Dataset {
        let firstMeaningful = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        var rows: [Row] = []
        if firstMeaningful == UInt8(ascii: "[") {
            let document = try TrainingJSON.parse(bytes, source: fileName)
            guard case .array(let items) = document else { throw TrainingError.value("\(fileName): expected a JSON array of objects") }
            for (index, item) in items.enumerated() { rows.append(try row(item, where: "\(fileName), object #\(index)")) }
        } else {
            var lineNumber = 0
            var start = 0
            while start <= bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                lineNumber += 1
                let line = Array(bytes[start..<end])
                start = end + 1
                if line.allSatisfy({ [0x20, 0x09, 0x0D].contains($0) }) { continue }
                let value: JSONValue
                do { value = try JSONParser.parse(line) } catch let e as JSONDecodeError {
                    throw TrainingError.value("\(fileName), line \(lineNumber): \(e.plainReason) (column \(e.column))",
                                              help: "a .json data file is either one array [{…}, {…}] or one object per line (JSON Lines)")
                }
                rows.append(try row(value, where: "\(fileName), line \(lineNumber)"))
            }
        }
        return try Dataset.fromList(rows)
    }

    private static func row(_ value: JSONValue, where place: String) throws -> Row {
        guard case .object(let pairs) = value else {
            throw TrainingError.value("\(place): expected an object like {\"text\": …, \"label\": …}")
        }
        var row = Row()
        for (key, v) in pairs { row[key] = try dataValue(v, where: "\(place), key '\(key)'") }
        return row
    }

    static func dataValue(_ value: JSONValue, where place: String) throws -> DataValue {
        switch value {
        case .null: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .float(d)
        case .string(let s): return .string(s)
        case .array(let items): return DataValue.makeList(try items.map { try dataValue($0, where: place) })
        case .object:
            throw TrainingError.value("\(place): nested objects are not supported as dataset values",
                                      help: "flatten the object into separate keys")
        }
    }
}
