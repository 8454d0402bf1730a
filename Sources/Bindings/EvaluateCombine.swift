import Foundation
import Lang
import Training

/// `evaluate.combine([...], force_prefix=False)`: several metrics computed together, merged into one dict as
/// the evaluate library's `CombinedEvaluations` does — each metric gets only `predictions` and `references`
/// (evaluate keeps the inputs named in a module's features, so options such as `average=` are dropped), and a
/// key two metrics share is prefixed with the metric's name (`f1_f1`), with a counter when a metric is listed
/// twice (`f1_0_f1`).
final class CombinedMetricsObject: HostBase {
    let modules: [(name: String, metric: MetricObject)]
    let forcePrefix: Bool

    init(modules: [(name: String, metric: MetricObject)], forcePrefix: Bool) {
        (self.modules, self.forcePrefix) = (modules, forcePrefix)
    }

    override var typeName: String { "CombinedEvaluations" }
    override func repr() -> String { "CombinedEvaluations(\(modules.map(\.name)))" }
    override var propertyNames: [String] { ["evaluation_module_names", "force_prefix"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "evaluation_module_names": return .list(modules.map { .str($0.name) })
        case "force_prefix": return .bool(forcePrefix)
        default: return nil
        }
    }

    /// `evaluate.combine(evaluations, force_prefix=False)`: names, loaded metrics, or a dict of them.
    static func make(_ value: Value, forcePrefix: Bool, context: CallContext) throws -> CombinedMetricsObject {
        var entries: [(String, Value)] = []
        if case .dict(let dict) = value {
            for (key, item) in dict.pairs { entries.append((key.stringValue ?? key.repr, item)) }
        } else {
            guard let items = value.sequenceItems else {
                throw ScriptError(.typeError, "evaluate.combine() takes a list of metric names or loaded metrics, not \(value.typeName)",
                                  help: "e.g. evaluate.combine(['accuracy', 'f1', 'precision', 'recall'])")
            }
            entries = items.map { item in
                if case .host(let object) = item, let metric = object as? MetricObject { return (metric.name, item) }
                return (item.stringValue ?? item.repr, item)
            }
        }
        guard !entries.isEmpty else { throw ScriptError(.valueError, "evaluate.combine() needs at least one metric") }
        let modules = try entries.map { name, item -> (name: String, metric: MetricObject) in
            if case .host(let object) = item, let metric = object as? MetricObject { return (name, metric) }
            guard case .str(let metricName) = item else {
                throw ScriptError(.typeError, "evaluate.combine() items must be metric names or evaluate.load(...) results, not \(item.typeName)")
            }
            return (name, try EvaluateBindings.load(metricName))
        }
        return CombinedMetricsObject(modules: modules, forcePrefix: forcePrefix)
    }

    override func methods() -> [Builtin] {
        [
            method("compute", [.keyword("predictions", default: Value.none), .keyword("references", default: Value.none), .keywords("kwargs")],
                   doc: "Every metric's compute(predictions=, references=), merged into one dict.",
                   example: "clf_metrics.compute(predictions=[0, 1, 0], references=[0, 1, 1])") { args in
                let results = try self.modules.map { module -> DictObject in
                    guard let compute = try module.metric.getAttribute("compute", context: args.context) else { return DictObject() }
                    let keywords: [(String, Value)] = args["predictions"].isNone && args["references"].isNone ? []
                        : [("predictions", args["predictions"]), ("references", args["references"])]
                    let result = try args.context.call(compute, [], keywords: keywords)
                    guard case .dict(let dict) = result else { return DictObject() }
                    return dict
                }
                return .dict(try self.merge(results))
            },
            method("add_batch", [.keyword("predictions", default: Value.none), .keyword("references", default: Value.none)],
                   doc: "Collect a batch for every metric.", example: "clf_metrics.add_batch(predictions=preds, references=labels)") { args in
                try self.callEach("add_batch", args, passing: ["predictions", "references"])
            },
            method("add", [.keyword("prediction", default: Value.none), .keyword("reference", default: Value.none)],
                   doc: "Collect one prediction and reference for every metric.", example: "clf_metrics.add(prediction=p, reference=r)") { args in
                try self.callEach("add", args, passing: ["prediction", "reference"])
            },
        ]
    }

    /// Calls `method` of every metric with the keyword arguments `passing` (metrics without it are skipped).
    private func callEach(_ method: String, _ args: Arguments, passing names: [String]) throws -> Value {
        for module in modules {
            guard let function = try module.metric.getAttribute(method, context: args.context) else { continue }
            _ = try args.context.call(function, [], keywords: names.map { ($0, args[$0]) })
        }
        return Value.none
    }

    /// evaluate's `_merge_results`.
    private func merge(_ results: [DictObject]) throws -> DictObject {
        var keyCounts: [String: Int] = [:]
        for result in results { for (key, _) in result.pairs { keyCounts[key.stringValue ?? key.repr, default: 0] += 1 } }
        var nameCounts: [String: Int] = [:]
        for module in modules { nameCounts[module.name, default: 0] += 1 }
        var counters: [String: Int] = [:]
        let merged = DictObject()
        for (module, result) in zip(modules, results) {
            let repeated = (nameCounts[module.name] ?? 0) > 1
            for (key, value) in result.pairs {
                let k = key.stringValue ?? key.repr
                if (keyCounts[k] ?? 0) <= 1 && !forcePrefix {
                    merged.set(k, value)
                } else if repeated {
                    merged.set("\(module.name)_\(counters[module.name, default: 0])_\(k)", value)
                } else {
                    merged.set("\(module.name)_\(k)", value)
                }
            }
            if repeated { counters[module.name, default: 0] += 1 }
        }
        return merged
    }
}
