// Generated from stdlib/*.lora by StdlibTests (LORAREPL_REGENERATE=1). Do not edit by hand.
enum StdlibSources {
    static let modules: [(String, String)] = []
}
