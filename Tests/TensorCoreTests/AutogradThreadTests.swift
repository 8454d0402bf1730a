import Foundation
import TensorCore
import XCTest

/// Grad mode belongs to a thread (as in PyTorch): a `noGrad` scope on one thread (one session's
/// evaluation) never stops another thread (another session's training) from recording its graph.
final class AutogradThreadTests: XCTestCase {
    func testNoGradOnOneThreadLeavesAnotherRecording() throws {
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        final class Flags: @unchecked Sendable { var insideScope = true }
        let flags = Flags()
        let other = Thread {
            Autograd.noGrad {
                flags.insideScope = Autograd.isEnabled
                entered.signal()
                release.wait()
            }
            done.signal()
        }
        other.start()
        entered.wait()
        XCTAssertFalse(flags.insideScope, "noGrad is off inside its own scope")
        XCTAssertTrue(Autograd.isEnabled, "this thread still records while the other is inside noGrad")
        let w = try Tensor(shape: [3], values: [1, 2, 3])
        w.requiresGrad = true
        let y = (w * 2).sum()
        XCTAssertTrue(y.requiresGrad)
        try y.backward()
        XCTAssertEqual(w.grad?.toArray(), [2, 2, 2])
        release.signal()
        done.wait()
        XCTAssertTrue(Autograd.isEnabled)
    }
}
