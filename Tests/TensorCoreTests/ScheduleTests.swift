import Foundation
import XCTest
@testable import TensorCore

/// Schedules against the formulas of peft.md §4.7, including the warmup boundaries.
final class ScheduleTests: XCTestCase {
    func testLinearWithWarmup() throws {
        let schedule = try LearningRateSchedule(kind: .linear, warmupSteps: 3, totalSteps: 24)
        let expected: [Int: Double] = [0: 0, 1: 1.0 / 3, 2: 2.0 / 3, 3: 1, 4: 20.0 / 21, 5: 19.0 / 21, 23: 1.0 / 21, 24: 0, 30: 0]
        for (step, value) in expected { XCTAssertEqual(schedule.multiplier(step: step), value, accuracy: 1e-12, "step \(step)") }
        // peft.md's recorded run: the lr logged at global step g is lr0·λ(g−1).
        XCTAssertEqual(1e-3 * schedule.multiplier(step: 1), 1e-3 / 3, accuracy: 1e-15)
        XCTAssertEqual(1e-3 * schedule.multiplier(step: 3), 1e-3, accuracy: 1e-15)
        XCTAssertEqual(1e-3 * schedule.multiplier(step: 5), 1e-3 * 19 / 21, accuracy: 1e-15)
    }

    func testLinearWithoutWarmupAndDegenerateTotals() throws {
        let schedule = try LearningRateSchedule(kind: .linear, warmupSteps: 0, totalSteps: 10)
        XCTAssertEqual(schedule.multiplier(step: 0), 1)
        XCTAssertEqual(schedule.multiplier(step: 5), 0.5)
        let tiny = try LearningRateSchedule(kind: .linear, warmupSteps: 2, totalSteps: 2)
        XCTAssertEqual(tiny.multiplier(step: 1), 0.5)
        XCTAssertEqual(tiny.multiplier(step: 2), 0)
    }

    func testCosineWithWarmup() throws {
        let schedule = try LearningRateSchedule(kind: .cosine, warmupSteps: 4, totalSteps: 20)
        XCTAssertEqual(schedule.multiplier(step: 0), 0)
        XCTAssertEqual(schedule.multiplier(step: 2), 0.5)
        XCTAssertEqual(schedule.multiplier(step: 4), 1, accuracy: 1e-12)
        XCTAssertEqual(schedule.multiplier(step: 12), 0.5, accuracy: 1e-12)
        XCTAssertEqual(schedule.multiplier(step: 8), 0.5 * (1 + cos(Double.pi * 0.25)), accuracy: 1e-12)
        XCTAssertEqual(schedule.multiplier(step: 20), 0, accuracy: 1e-12)
        XCTAssertEqual(schedule.multiplier(step: 25), 0.5 * (1 + cos(Double.pi * 21.0 / 16)), accuracy: 1e-12,
                       "past the end HF's cosine rises again (clamped at 0 only when negative)")
    }

    func testConstantIgnoresWarmupAndConstantWithWarmupRamps() throws {
        let constant = try LearningRateSchedule(kind: .constant, warmupSteps: 5, totalSteps: 10)
        XCTAssertEqual((0...12).map { constant.multiplier(step: $0) }, [Double](repeating: 1, count: 13))
        let ramp = try LearningRateSchedule(huggingFaceName: "constant_with_warmup", warmupSteps: 4, totalSteps: 10)
        XCTAssertEqual(ramp.multiplier(step: 0), 0)
        XCTAssertEqual(ramp.multiplier(step: 3), 0.75)
        XCTAssertEqual(ramp.multiplier(step: 4), 1)
        XCTAssertEqual(ramp.multiplier(step: 100), 1)
        XCTAssertThrowsError(try LearningRateSchedule(huggingFaceName: "polynomial", warmupSteps: 0, totalSteps: 1)) { error in
            XCTAssertTrue("\(error)".contains("constant_with_warmup"))
        }
    }

    func testWarmupStepsFromIntegerOrRatio() throws {
        XCTAssertEqual(try warmupSteps(fromValue: 0.1, totalSteps: 24), 3)
        XCTAssertEqual(try warmupSteps(fromValue: 5, totalSteps: 24), 5)
        XCTAssertEqual(try warmupSteps(fromValue: 0, totalSteps: 24), 0)
        XCTAssertThrowsError(try warmupSteps(fromValue: 1.5, totalSteps: 24))
    }
}
