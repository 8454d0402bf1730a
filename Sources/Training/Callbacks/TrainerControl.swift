/// The flags callbacks set to steer the loop (`transformers.TrainerControl`).
public struct TrainerControl: Equatable {
    public var shouldTrainingStop = false
    public var shouldEpochStop = false
    public var shouldSave = false
    public var shouldEvaluate = false
    public var shouldLog = false

    public init() {}

    /// Reset at the start of training.
    public mutating func newTraining() { shouldTrainingStop = false }
    /// Reset at the start of an epoch.
    public mutating func newEpoch() { shouldEpochStop = false }
    /// Reset at the start of a step.
    public mutating func newStep() { shouldSave = false; shouldEvaluate = false; shouldLog = false }

    /// `stateful_callbacks["TrainerControl"]` in trainer_state.json.
    public var savedState: JSONValue {
        .object([
            ("args", .object([
                ("should_epoch_stop", .bool(shouldEpochStop)), ("should_evaluate", .bool(shouldEvaluate)),
                ("should_log", .bool(shouldLog)), ("should_save", .bool(shouldSave)),
                ("should_training_stop", .bool(shouldTrainingStop)),
            ])),
            ("attributes", .object([])),
        ])
    }
}

/// One entry of `log_history` / one metrics dict: keys in insertion order, JSON values.
public typealias LogEntry = OrderedRecord<JSONValue>

extension OrderedRecord where Value == JSONValue {
    /// A numeric entry as a Double.
    public func number(_ key: String) -> Double? { self[key]?.doubleValue }

    /// The entry as a JSON object (keys in insertion order).
    public var jsonObject: JSONValue { .object(map { ($0.key, $0.value) }) }
}
