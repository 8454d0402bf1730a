// Generated from stdlib/*.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    /// Every stdlib module: its import name and its source.
    static let modules: [(String, String)] = [
        ("_typing", _typingSource),
        ("abc", abcSource),
        ("argparse", argparseSource),
        ("bisect", bisectSource),
        ("chat", chatSource),
        ("collections", collectionsSource),
        ("contextlib", contextlibSource),
        ("dataclasses", dataclassesSource),
        ("enum", enumSource),
        ("functools", functoolsSource),
        ("heapq", heapqSource),
        ("io", ioSource),
        ("itertools", itertoolsSource),
        ("lists", listsSource),
        ("logging", loggingSource),
        ("operator", operatorSource),
        ("pprint", pprintSource),
        ("splits", splitsSource),
        ("statistics", statisticsSource),
        ("string", stringSource),
        ("strings", stringsSource),
        ("tempfile", tempfileSource),
        ("textwrap", textwrapSource),
        ("tqdm", tqdmSource),
    ]
}
