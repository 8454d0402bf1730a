import Foundation

/// `import unicodedata`: the parts text cleaning uses — `normalize` (NFC, NFD, NFKC, NFKD),
/// `is_normalized`, `category` (`'Lu'`, `'Po'`, `'Mn'`, …), `combining`, `name`, `decimal`, `digit`,
/// `numeric` and `unidata_version`. Answers come from Swift's Unicode tables, which can be
/// a Unicode version apart from CPython 3.11's (14.0) for characters added since.
enum UnicodedataModule {
    static let forms = ["NFC", "NFD", "NFKC", "NFKD"]

    static func normalized(_ text: String, form: String) throws -> String {
        switch form {
        case "NFC": return text.precomposedStringWithCanonicalMapping
        case "NFD": return text.decomposedStringWithCanonicalMapping
        case "NFKC": return text.precomposedStringWithCompatibilityMapping
        case "NFKD": return text.decomposedStringWithCompatibilityMapping
        default:
            throw ScriptError(.valueError, "invalid normalization form", help: "use one of \(forms.joined(separator: ", "))")
        }
    }

    /// The one character of `args[name]` (CPython's TypeError for longer strings).
    static func character(_ args: Arguments, function: String) throws -> Unicode.Scalar {
        let text = try args.string("chr")
        guard text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first else {
            throw ScriptError(.typeError, "\(function)() argument must be a unicode character, not str",
                              help: "pass one character, e.g. unicodedata.\(function)(text[0])")
        }
        return scalar
    }

    static func categoryCode(_ category: Unicode.GeneralCategory) -> String {
        switch category {
        case .uppercaseLetter: return "Lu"
        case .lowercaseLetter: return "Ll"
        case .titlecaseLetter: return "Lt"
        case .modifierLetter: return "Lm"
        case .otherLetter: return "Lo"
        case .nonspacingMark: return "Mn"
        case .spacingMark: return "Mc"
        case .enclosingMark: return "Me"
        case .decimalNumber: return "Nd"
        case .letterNumber: return "Nl"
        case .otherNumber: return "No"
        case .connectorPunctuation: return "Pc"
        case .dashPunctuation: return "Pd"
        case .openPunctuation: return "Ps"
        case .closePunctuation: return "Pe"
        case .initialPunctuation: return "Pi"
        case .finalPunctuation: return "Pf"
        case .otherPunctuation: return "Po"
        case .mathSymbol: return "Sm"
        case .currencySymbol: return "Sc"
        case .modifierSymbol: return "Sk"
        case .otherSymbol: return "So"
        case .spaceSeparator: return "Zs"
        case .lineSeparator: return "Zl"
        case .paragraphSeparator: return "Zp"
        case .control: return "Cc"
        case .format: return "Cf"
        case .surrogate: return "Cs"
        case .privateUse: return "Co"
        case .unassigned: return "Cn"
        @unknown default: return "Cn"
        }
    }

    /// A numeric property of a character, or `default`, or CPython's ValueError ("not a decimal").
    static func number(_ args: Arguments, function: String, _ value: (Unicode.Scalar) -> Value?) throws -> Value {
        if let result = value(try character(args, function: function)) { return result }
        if args.isPassed("default") { return args["default"] }
        throw ScriptError(.valueError, function == "numeric" ? "not a numeric character" : "not a \(function)")
    }

    static let charParameter = Parameter("chr", .str, kind: .positionalOnly)

    static let table = ModuleTable(name: "unicodedata", doc: "Unicode character properties and normalization.", builtins: [
        Builtin("normalize", owner: "unicodedata", [Parameter("form", .str, kind: .positionalOnly), Parameter("unistr", .str, kind: .positionalOnly)],
                doc: "The text in normal form NFC, NFD, NFKC or NFKD (NFKC folds full-width letters, ligatures, …).",
                example: "unicodedata.normalize('NFKC', 'Ｆｕｌｌ')  # 'Full'") { args in
            .str(try normalized(try args.string("unistr"), form: try args.string("form")))
        },
        Builtin("is_normalized", owner: "unicodedata", [Parameter("form", .str, kind: .positionalOnly), Parameter("unistr", .str, kind: .positionalOnly)],
                doc: "True when the text is already in the normal form.", example: "unicodedata.is_normalized('NFC', 'é')") { args in
            let text = try args.string("unistr")
            return .bool(try normalized(text, form: try args.string("form")).unicodeScalars.elementsEqual(text.unicodeScalars))
        },
        Builtin("category", owner: "unicodedata", [charParameter], doc: "The general category: 'Lu' upper-case letter, 'Po' punctuation, 'Mn' accent, …",
                example: "unicodedata.category('!')  # 'Po'") { args in
            .str(categoryCode(try character(args, function: "category").properties.generalCategory))
        },
        Builtin("combining", owner: "unicodedata", [charParameter], doc: "The canonical combining class (0 for base characters, >0 for accents).",
                example: "unicodedata.combining('\\u0301')  # 230") { args in
            .int(Int(try character(args, function: "combining").properties.canonicalCombiningClass.rawValue))
        },
        Builtin("name", owner: "unicodedata", [charParameter, .omittable("default", kind: .positionalOnly)],
                doc: "The character's Unicode name; ValueError (or default) when it has none.", example: "unicodedata.name('é')  # 'LATIN SMALL LETTER E WITH ACUTE'") { args in
            if let name = try character(args, function: "name").properties.name { return .str(name) }
            if args.isPassed("default") { return args["default"] }
            throw ScriptError(.valueError, "no such name")
        },
        Builtin("decimal", owner: "unicodedata", [charParameter, .omittable("default", kind: .positionalOnly)],
                doc: "The decimal digit value of a character ('٣' → 3).", example: "unicodedata.decimal('7')  # 7") { args in
            try number(args, function: "decimal") { scalar in
                scalar.properties.numericType == .decimal ? scalar.properties.numericValue.map { .int(Int($0)) } : nil
            }
        },
        Builtin("digit", owner: "unicodedata", [charParameter, .omittable("default", kind: .positionalOnly)],
                doc: "The digit value of a character ('²' → 2).", example: "unicodedata.digit('²')  # 2") { args in
            try number(args, function: "digit") { scalar in
                [.decimal, .digit].contains(scalar.properties.numericType) ? scalar.properties.numericValue.map { .int(Int($0)) } : nil
            }
        },
        Builtin("numeric", owner: "unicodedata", [charParameter, .omittable("default", kind: .positionalOnly)],
                doc: "The numeric value of a character as a float ('½' → 0.5).", example: "unicodedata.numeric('½')  # 0.5") { args in
            try number(args, function: "numeric") { scalar in scalar.properties.numericValue.map { .float($0) } }
        },
    ], constants: [("unidata_version", .str("14.0.0"))])
}
