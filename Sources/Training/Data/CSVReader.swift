/// An RFC 4180 CSV reader over UTF-8 bytes: quoted fields may hold the delimiter, `""` quotes and
/// line breaks; records end at LF, CRLF or CR; blank lines are skipped. Each record remembers
/// the physical line it starts on, for error messages.
struct CSVReader {
    struct Record { var fields: [String]; var line: Int }

    static func parse(_ array: [UInt8], delimiter: UInt8, fileName: String) throws -> [Record] {
        try array.withUnsafeBufferPointer { try parse(buffer: $0, delimiter: delimiter, fileName: fileName) }
    }

    private static func parse(buffer bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, fileName: String) throws -> [Record] {
        let quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1, quoteLine = 1
        var inQuotes = false, fieldStarted = false, wasQuoted = false
        var i = 0
        let n = bytes.count

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
            wasQuoted = false
        }
        func endRecord() {
            // A record that is one empty unquoted field is a blank line: skipped.
            if !(fields.count == 0 && field.isEmpty && !wasQuoted) {
                endField()
                records.append(Record(fields: fields, line: recordLine))
            }
            fields.removeAll(keepingCapacity: true)
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
            wasQuoted = false
        }

        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < n, bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                    inQuotes = false
                    i += 1
                    continue
                }
                if b == lf { line += 1 } else if b == cr {
                    line += 1
                    if i + 1 < n, bytes[i + 1] == lf { field.append(cr); i += 1; field.append(lf); i += 1; continue }
                }
                field.append(b)
                i += 1
                continue
            }
            if b == delimiter {
                if fields.isEmpty && !fieldStarted && field.isEmpty { recordLine = line }
                endField()
                fieldStarted = true
                i += 1
            } else if b == lf || b == cr {
                endRecord()
                if b == cr, i + 1 < n, bytes[i + 1] == lf { i += 1 }
                i += 1
                line += 1
                recordLine = line
            } else if b == quote && field.isEmpty && !wasQuoted {
                if fields.isEmpty && !fieldStarted { recordLine = line }
                inQuotes = true
                wasQuoted = true
                fieldStarted = true
                quoteLine = line
                i += 1
            } else {
                // A quote inside an unquoted field (or after a closing quote) is kept as text, like Python's csv.
                if fields.isEmpty && !fieldStarted && field.isEmpty { recordLine = line }
                field.append(b)
                fieldStarted = true
                i += 1
            }
        }
        if inQuotes {
            throw TrainingError(.valueError, "\(fileName), line \(quoteLine): a quoted field is never closed (the file ends inside quotes)",
                                help: "check for a stray \" in that line; a quote inside a quoted field is written as \"\"")
        }
        if fieldStarted || !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
