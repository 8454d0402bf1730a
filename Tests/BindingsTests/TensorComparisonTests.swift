import XCTest
import TestSupport

/// Element-wise comparisons of tensors and numpy arrays, as metrics code writes them.
final class TensorComparisonTests: XCTestCase {
    func testComparisonsAreElementWiseBoolArrays() {
        let session = ScriptSession()
        let output = session.ok("""
        import torch
        import numpy as np
        preds, labels = torch.tensor([1, 2, 0, 1]), torch.tensor([1, 0, 0, 1])
        m = preds == labels
        print(m)
        print(m.shape, m.dtype, m.sum().item(), m.mean().item(), float(m.mean()), m[1], m[-1].item())
        print((preds != labels).tolist(), (preds > 0).tolist(), (0 < preds).tolist(), (preds <= labels).tolist())
        print(m.astype(int).tolist(), m.astype("float32").tolist(), m.float().tolist(), m.all(), m.any())
        print(preds[preds == labels].tolist(), (preds == [1, 2, 3, 4]).tolist(), ([1, 2, 3, 4] == preds).tolist())
        """)
        XCTAssertEqual(output, """
        tensor([ True, False,  True,  True])
        torch.Size([4]) torch.bool 3 0.75 0.75 tensor(False) True
        [False, True, False, False] [True, True, False, True] [True, True, False, True] [True, False, True, True]
        [1, 0, 1, 1] [1.0, 0.0, 1.0, 1.0] [1.0, 0.0, 1.0, 1.0] False True
        [1, 0, 1] [True, True, False, False] [True, True, False, False]

        """)
    }

    /// compute_metrics' idiom: argmax over the logits compared with the labels, reduced by numpy or the array.
    func testArgmaxEqualsLabelsAccuracy() {
        let session = ScriptSession()
        let output = session.ok("""
        import numpy as np
        logits = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4], [0.2, 0.8]])
        labels = np.array([1, 0, 0, 0, 1])
        preds = np.argmax(logits, axis=-1)
        print((preds == labels).mean(), np.mean(preds == labels), (np.argmax(logits, axis=-1) == labels).sum())
        print(float((preds == labels).mean()) == 0.8, {"accuracy": float((preds == labels).mean())})
        """)
        // numpy's scalars, as numpy prints them.
        XCTAssertEqual(output, """
        0.8 0.8 4
        True {'accuracy': 0.8}

        """)
    }

    func testBroadcastingAndShapes() {
        let session = ScriptSession()
        let output = session.ok("""
        import torch
        x = torch.arange(6).reshape(2, 3)
        print((x > torch.tensor([0, 3, 4])).tolist(), (x == torch.tensor([[0], [4]])).tolist())
        print((x >= 2).shape, (x[0] < x[1]).tolist(), (x == x).all(), (x > 2).sum(dim=1).tolist())
        """)
        XCTAssertEqual(output, """
        [[False, False, False], [True, True, True]] [[True, False, False], [False, True, False]]
        torch.Size([2, 3]) [True, True, True] True [0, 3]

        """)
    }

    /// A comparison of two 0-d values is a plain bool (as numpy scalars print), so it prints and goes into
    /// `if` and json as is; truth is taken only where Python takes it.
    func testZeroDimensionalComparisonsArePlainBools() {
        let session = ScriptSession()
        let output = session.ok("""
        import torch
        import json
        t = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        print(t.max() > 3, t.sum() == 10, type(t.min() < 0), json.dumps({"ok": t.mean() >= 2.5}))
        print(0 < t.max() < 5, 0 < t.max() < 1, 1 < t[0, 1] <= 2)
        if t.max() > 3 and not t.min() > 1:
            print("branch taken")
        print([x for x in [1.0, 2.5, 4.0] if t.mean() < x])
        """)
        XCTAssertEqual(output, """
        True True <class 'bool'> {"ok": true}
        True False True
        branch taken
        [4.0]

        """)
    }

    func testAmbiguousAndMismatchedComparisonsAreExplained() {
        let session = ScriptSession()
        session.ok("import torch\npreds, labels = torch.tensor([1, 2, 0]), torch.tensor([1, 0, 0, 1])")
        let (_, mismatch) = session.run("preds == labels")
        XCTAssertTrue((mismatch ?? "").contains("ValueError: shapes (3,) and (4,) cannot be broadcast together"), mismatch ?? "no error")
        XCTAssertTrue((mismatch ?? "").contains("sizes must be equal or 1 in each dimension"), mismatch ?? "no error")
        let (_, ambiguous) = session.run("if preds == preds:\n    print('same')")
        XCTAssertTrue((ambiguous ?? "").contains("ValueError: Boolean value of Tensor with more than one value is ambiguous"), ambiguous ?? "no error")
        XCTAssertTrue((ambiguous ?? "").contains("(t > 0).all()"), ambiguous ?? "no error")
        let (_, chained) = session.run("0 <= preds < 3")
        XCTAssertTrue((chained ?? "").contains("Boolean value of Tensor with more than one value is ambiguous"), chained ?? "no error")
        let (_, dtype) = session.run("preds.astype(list)")
        XCTAssertTrue((dtype ?? "").contains("TypeError: data type <class 'list'> not understood"), dtype ?? "no error")
        // Other values compared with a tensor: == falls back to identity, ordering is a TypeError.
        XCTAssertEqual(session.ok("print(preds == 'text', preds != None, preds in [preds])"), "False True True\n")
        let (_, ordering) = session.run("preds < 'text'")
        XCTAssertTrue((ordering ?? "").contains("TypeError: '<' not supported between instances of 'Tensor' and 'str'"), ordering ?? "no error")
    }
}
