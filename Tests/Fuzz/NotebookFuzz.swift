// libFuzzer harness: the .lnb parser and printer (module Notebooks' file-format files, see
// scripts/fuzz.sh). Promise checked: any text parses or gives a NotebookError; what parses prints,
// and the printed text parses back and prints identically (round trip), never a trap.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func notebookFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let notebook = try? NotebookParser.parse(text, file: "fuzz.lnb") else { return 0 }
    let printed = NotebookPrinter.print(notebook)
    guard let again = try? NotebookParser.parse(printed, file: "fuzz.lnb") else {
        fatalError("printed notebook does not parse:\n\(printed)")
    }
    let reprinted = NotebookPrinter.print(again)
    if reprinted != printed { fatalError("print/parse round trip differs:\n\(printed)\n---\n\(reprinted)") }
    return 0
}
