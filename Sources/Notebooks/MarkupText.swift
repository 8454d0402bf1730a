/// Text escaped for HTML (the notebook export, plots) and XML (JUnit reports): one entity table.
enum HTMLText {
    private static let entities: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"]

    /// HTML text or attribute: `& < > "` as entities.
    static func escape(_ text: String) -> String { escape(text, xml: false) }

    /// XML 1.0 text or attribute: also `'` as `&apos;`, and the control characters XML forbids (all below
    /// U+0020 but tab, newline and carriage return) as `?`.
    static func escapeXML(_ text: String) -> String { escape(text, xml: true) }

    private static func escape(_ text: String, xml: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if let entity = entities[scalar] {
                out += entity
            } else if xml && scalar == "'" {
                out += "&apos;"
            } else if xml && scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" {
                out += "?"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
