// JUnit XML for CI: one <testsuite> per notebook, one <testcase> per cell.
import Foundation

/// Writes test reports as JUnit XML.
public enum JUnitReport {
    public static func xml(_ reports: [NotebookReport]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let total = reports.reduce(0) { $0 + max(1, $1.cells.count) }
        let failures = reports.reduce(0) { $0 + $1.cells.filter { if case .failed = $0.verdict { return true }; return false }.count }
        let errors = reports.reduce(0) { n, r in
            n + (r.fileError != nil ? 1 : 0) + r.cells.filter { if case .errored = $0.verdict { return true }; return false }.count
        }
        out += "<testsuites name=\"lorarepl\" tests=\"\(total)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for report in reports {
            let suiteFailures = report.cells.filter { if case .failed = $0.verdict { return true }; return false }.count
            let suiteErrors = (report.fileError != nil ? 1 : 0) + report.cells.filter { if case .errored = $0.verdict { return true }; return false }.count
            let skipped = report.cells.filter { $0.verdict == .skipped || $0.verdict == .notRun }.count
            let time = report.cells.reduce(0) { $0 + $1.seconds }
            out += "  <testsuite name=\"\(escape(report.file))\" tests=\"\(max(1, report.cells.count))\" failures=\"\(suiteFailures)\" errors=\"\(suiteErrors)\" skipped=\"\(skipped)\" time=\"\(String(format: "%.3f", time))\">\n"
            if let fileError = report.fileError {
                out += "    <testcase classname=\"\(escape(report.file))\" name=\"(file)\" time=\"0\">\n"
                out += "      <error message=\"\(escape(firstLine(fileError)))\">\(escape(fileError))</error>\n    </testcase>\n"
            }
            for cell in report.cells {
                out += "    <testcase classname=\"\(escape(report.file))\" name=\"cell \(escape(cell.cellID)) (line \(cell.line))\" time=\"\(String(format: "%.3f", cell.seconds))\""
                switch cell.verdict {
                case .passed: out += "/>\n"
                case .skipped: out += ">\n      <skipped message=\"skip attribute\"/>\n    </testcase>\n"
                case .notRun: out += ">\n      <skipped message=\"not run: an earlier cell stopped the notebook\"/>\n    </testcase>\n"
                case .failed(let detail):
                    out += ">\n      <failure message=\"\(escape(firstLine(detail)))\">\(escape(detail))</failure>\n    </testcase>\n"
                case .errored(let detail):
                    out += ">\n      <error message=\"\(escape(firstLine(detail)))\">\(escape(detail))</error>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1).first ?? "")
    }

    static func escape(_ text: String) -> String { HTMLText.escapeXML(text) }
}
