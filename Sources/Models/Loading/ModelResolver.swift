import Foundation
import PythonBasics
import WeightIO

/// Where a model's files are, once a name or path is resolved.
public enum ModelSource: Equatable {
    /// A Hugging Face folder: `config.json` + `model.safetensors` or `pytorch_model.bin` (or shards) + tokenizer files.
    case huggingFaceFolder(URL)
    /// A GGUF file (weights, config and tokenizer in one).
    case gguf(URL)

    /// The folder holding the files (for a GGUF source, the file's folder).
    public var folder: URL {
        switch self {
        case .huggingFaceFolder(let url): return url
        case .gguf(let url): return url.deletingLastPathComponent()
        }
    }

    /// Same kind and same path (a trailing slash does not matter).
    public static func == (lhs: ModelSource, rhs: ModelSource) -> Bool {
        switch (lhs, rhs) {
        case (.huggingFaceFolder(let a), .huggingFaceFolder(let b)), (.gguf(let a), .gguf(let b)):
            return a.standardizedFileURL.path == b.standardizedFileURL.path
        default: return false
        }
    }
}

/// Turns what a user types (`"sentence-transformers/all-MiniLM-L6-v2"`, `"./my-model"`,
/// `"x.Q4_1.gguf"`) into files, in this order:
/// 1. an existing path (a model folder, a `.gguf` file, or a folder holding one `.gguf`);
/// 2. `$LORAREPL_HOME/models/<name>` (default `~/.cache/lorarepl`);
/// 3. the Hugging Face hub cache `$HF_HOME/hub/models--org--name/snapshots/<rev>/` (default
///    `~/.cache/huggingface`; `HF_HUB_CACHE` replaces `$HF_HOME/hub` when set), revision from
///    `refs/main`, else the newest snapshot.
/// Not found → one error listing every place looked at.
public struct ModelResolver {
    /// Environment variables consulted (`LORAREPL_HOME`, `HF_HOME`, `HF_HUB_CACHE`).
    public var environment: [String: String]
    /// The user's home folder (for the defaults).
    public var homeDirectory: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: URL = FileManager.default.homeDirectoryForCurrentUser) {
        self.environment = environment
        self.homeDirectory = homeDirectory
    }

    /// `$LORAREPL_HOME` or `~/.cache/lorarepl`.
    public var lorareplHome: URL {
        if let custom = environment["LORAREPL_HOME"], !custom.isEmpty { return URL(fileURLWithPath: custom) }
        return homeDirectory.appendingPathComponent(".cache/lorarepl")
    }

    /// `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
    public var huggingFaceHubCache: URL {
        if let custom = environment["HF_HUB_CACHE"], !custom.isEmpty { return URL(fileURLWithPath: custom) }
        if let custom = environment["HF_HOME"], !custom.isEmpty { return URL(fileURLWithPath: custom).appendingPathComponent("hub") }
        return homeDirectory.appendingPathComponent(".cache/huggingface/hub")
    }

    /// Resolves a name or path. `ggufFile` is transformers' `gguf_file=` argument: a file name inside
    /// the resolved folder.
    public func resolve(_ nameOrPath: String, ggufFile: String? = nil) throws -> ModelSource {
        let trimmed = nameOrPath.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw ModelError("the model name is empty", help: "pass a folder path or a name like \"sentence-transformers/all-MiniLM-L6-v2\"")
        }
        var looked: [String] = []
        for candidate in candidates(for: trimmed) {
            switch try inspect(candidate, ggufFile: ggufFile) {
            case .found(let source): return source
            case .absent: looked.append("\(candidate.path) (not found)")
            case .unusable(let why): looked.append("\(candidate.path) (\(why))")
            }
        }
        throw ModelError("cannot find the model \"\(trimmed)\"",
                         notes: ["looked in:"] + looked.map { "  " + $0 },
                         help: "pass the path of a folder holding config.json + model.safetensors (or a .gguf file), "
                             + "or put the model under \(lorareplHome.appendingPathComponent("models").path)/<name> "
                             + "(`make assets` installs the demo models there)",
                         type: .fileNotFoundError)
    }

    /// Every place `resolve` looks, in order.
    public func candidates(for name: String) -> [URL] {
        var result: [URL] = []
        let expanded = name.hasPrefix("~/") ? homeDirectory.appendingPathComponent(String(name.dropFirst(2))).path : name
        result.append(URL(fileURLWithPath: expanded))
        let isPlainName = !name.hasPrefix("/") && !name.hasPrefix(".") && !name.hasPrefix("~")
        guard isPlainName else { return result }
        result.append(lorareplHome.appendingPathComponent("models").appendingPathComponent(name))
        let repoFolder = huggingFaceHubCache.appendingPathComponent("models--" + name.replacingOccurrences(of: "/", with: "--"))
        result.append(snapshotFolder(in: repoFolder) ?? repoFolder.appendingPathComponent("snapshots"))
        return result
    }

    /// The snapshot named by `refs/main`, else the most recently modified one.
    func snapshotFolder(in repoFolder: URL) -> URL? {
        let manager = FileManager.default
        let snapshots = repoFolder.appendingPathComponent("snapshots")
        if let ref = manager.contents(atPath: repoFolder.appendingPathComponent("refs/main").path),
           let revision = String(data: ref, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !revision.isEmpty {
            let folder = snapshots.appendingPathComponent(revision)
            if manager.fileExists(atPath: folder.path) { return folder }
        }
        guard let names = try? manager.contentsOfDirectory(atPath: snapshots.path), !names.isEmpty else { return nil }
        let dated = names.map { name -> (URL, Date) in
            let url = snapshots.appendingPathComponent(name)
            let date = (try? manager.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
            return (url, date ?? .distantPast)
        }
        return dated.max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0.path < $1.0.path) }?.0
    }

    enum Inspection { case found(ModelSource), absent, unusable(String) }

    func inspect(_ url: URL, ggufFile: String?) throws -> Inspection {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return .absent }
        if !isDirectory.boolValue {
            if url.pathExtension.lowercased() == "gguf" { return .found(.gguf(url)) }
            // A weights file (pytorch_model.bin, model.safetensors) inside a model folder: that folder.
            let folder = url.deletingLastPathComponent()
            if ["bin", "safetensors"].contains(url.pathExtension.lowercased()), manager.fileExists(atPath: folder.appendingPathComponent("config.json").path) {
                return .found(.huggingFaceFolder(folder))
            }
            return .unusable("a file, but not a .gguf file or the weights file of a folder with config.json")
        }
        if let ggufFile {
            let file = url.appendingPathComponent(ggufFile)
            if manager.fileExists(atPath: file.path) { return .found(.gguf(file)) }
            return .unusable("no \(ggufFile) in this folder")
        }
        let names = (try? manager.contentsOfDirectory(atPath: url.path)) ?? []
        let hasWeights = names.contains { $0.hasSuffix(".safetensors") || $0 == "model.safetensors.index.json" || WeightCheckpoints.torchNames.contains($0) }
        if names.contains("config.json") && hasWeights { return .found(.huggingFaceFolder(url)) }
        let ggufs = names.filter { $0.lowercased().hasSuffix(".gguf") }.sorted()
        if ggufs.count == 1 { return .found(.gguf(url.appendingPathComponent(ggufs[0]))) }
        if ggufs.count > 1 {
            throw ModelError("\(url.path) holds \(ggufs.count) GGUF files, which one?",
                             notes: ggufs.map { "  " + $0 },
                             help: "pass the file itself, or gguf_file=\"\(ggufs[0])\"")
        }
        if names.contains("config.json") { return .found(.huggingFaceFolder(url)) }
        return .unusable("a folder, but without config.json or a .gguf file")
    }
}
