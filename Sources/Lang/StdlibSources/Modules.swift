// Generated from stdlib/*.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    /// Every stdlib module: its import name and its source.
    static let modules: [(String, String)] = [
        ("abc", abcSource),
        ("argparse", argparseSource),
        ("chat", chatSource),
        ("collections", collectionsSource),
        ("contextlib", contextlibSource),
        ("dataclasses", dataclassesSource),
        ("functools", functoolsSource),
        ("itertools", itertoolsSource),
        ("lists", listsSource),
        ("logging", loggingSource),
        ("operator", operatorSource),
        ("pprint", pprintSource),
        ("splits", splitsSource),
        ("statistics", statisticsSource),
        ("string", stringSource),
        ("strings", stringsSource),
        ("textwrap", textwrapSource),
        ("tqdm", tqdmSource),
    ]
}
