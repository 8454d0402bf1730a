import Foundation
import TestSupport
import XCTest

/// `torch.save` / `torch.load` from scripts: PyTorch's files (checked-in fixtures) load with PyTorch's values,
/// sharing storage as PyTorch does, and every refusal is a clear error with its fix.
final class TorchSerializationTests: XCTestCase {
    static let fixtures = Fixtures.projectRoot.appendingPathComponent("Tests/WeightIOTests/Fixtures/torch").path

    func testPyTorchFilesLoadIntoScripts() throws {
        let session = ScriptSession()
        let output = session.ok("""
        import torch
        sd = torch.load("\(Self.fixtures)/tiny_state.pt", map_location="cpu")
        print(type(sd).__name__, list(sd.keys())[:2], sd["proj.weight"].shape, sd["proj.weight"].dtype)
        ck = torch.load("\(Self.fixtures)/checkpoint.pt", weights_only=True)
        print(ck["epoch"], ck["size"], ck["device"], ck["flags"], ck["big"], ck["counts"])
        print(ck["optimizer"]["param_groups"][0]["betas"], ck["optimizer"]["state"][0]["step"].item())
        d = torch.load("\(Self.fixtures)/dtypes.pt")
        print(d["bf16"].dtype, d["fp16"].tolist(), d["i8"].tolist(), d["u8"].dtype, d["bool"].tolist(), d["scalar"].item(), d["empty"].shape)
        v = torch.load("\(Self.fixtures)/views.pt")
        print(v["t"].tolist()[1], v["col"].tolist())
        v["base"][2, 2] = -1.0
        print(v["col"].tolist(), v["t"][2].tolist(), v["tail"].tolist())
        p = torch.load("\(Self.fixtures)/parameter.pt")
        print(type(p["weight"]).__name__, p["weight"].requires_grad, p["trainable"].requires_grad)
        """)
        XCTAssertEqual(output, """
        dict ['proj.weight', 'proj.bias'] torch.Size([3, 4]) torch.float32
        3 torch.Size([2, 3]) cpu (True, False, None) 1099511627776 {'a': 1, 'b': 2}
        (0.9, 0.999) 2.0
        torch.bfloat16 [0.0999755859375, -2.5, 3.0, 65504.0] [-128, 127] torch.uint8 [True, False, True] 2.5 torch.Size([0, 3])
        [1.0, 5.0, 9.0] [2.0, 6.0, 10.0]
        [2.0, 6.0, -1.0] [2.0, 6.0, -1.0] [5.0, 6.0, 7.0, 8.0]
        Parameter True True

        """)
    }

    func testRefusalsSayWhatToDo() throws {
        let folder = try temporaryFolder()
        let cases: [(String, [String])] = [
            ("torch.load('\(Self.fixtures)/unsafe_global.pt')", ["Weights only load failed", "datetime.date"]),
            ("torch.load('\(Self.fixtures)/legacy.pt')", ["legacy format", "re-save"]),
            ("torch.load('\(Self.fixtures)/tiny_state.pt', map_location='cuda')", ["CPU only", "map_location=\"cpu\""]),
            ("torch.load('\(Self.fixtures)/tiny_state.pt', map_location=torch.device('cuda:0'))", ["CPU only"]),
            ("torch.load('\(folder)/missing.pt')", ["FileNotFoundError", "missing.pt"]),
            ("torch.save(torch.nn.Linear(2, 2), '\(folder)/m.pt')", ["cannot save", "state_dict"]),
            ("torch.save({'f': print}, '\(folder)/f.pt')", ["cannot save obj['f']"]),
            ("torch.save(1, '\(folder)/x.pt', _use_new_zipfile_serialization=False)", ["legacy format"]),
            ("a = []\na.append(a)\ntorch.save(a, '\(folder)/a.pt')", ["holds itself"]),
            ("import numpy as np\ntorch.save(np.array([1.0]), '\(folder)/n.pt')", ["numpy", "torch.from_numpy"]),
            ("torch.save(1, 5)", ["file path"]),
        ]
        for (code, mentions) in cases {
            let (_, error) = ScriptSession().run("import torch\n" + code)
            let text = try XCTUnwrap(error, "\(code) should fail")
            for mention in mentions { XCTAssertTrue(text.contains(mention), "\(code):\n\(text)\ndoes not mention \(mention)") }
        }
        let (output, error) = ScriptSession().run("import torch\nsd = torch.load('\(Self.fixtures)/tiny_state.pt', weights_only=False)\nprint(len(sd))")
        XCTAssertNil(error)
        XCTAssertTrue(output.contains("only loads the safe subset") && output.hasSuffix("6\n"), output)
    }

    func testRoundTripKeepsSharingAndTiedWeights() throws {
        let folder = try temporaryFolder()
        let output = ScriptSession().ok("""
        import torch
        base = torch.arange(6.0).view(2, 3)
        obj = {"base": base, "col": base[:, 1], "row": base[1], "same": [base, base], "ints": torch.tensor([1, 2], dtype=torch.int32)}
        torch.save(obj, "\(folder)/o.pt")
        back = torch.load("\(folder)/o.pt")
        back["base"][1, 1] = 40.0
        print(back["col"].tolist(), back["row"].tolist(), back["same"][1].tolist(), back["ints"].dtype)
        class Net(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.lin = torch.nn.Linear(3, 2)
        net = Net()
        torch.save(net.state_dict(), "\(folder)/lin.pt")
        fresh = Net()
        print(fresh.load_state_dict(torch.load("\(folder)/lin.pt")))
        print(torch.equal(fresh.lin.weight, net.lin.weight), torch.equal(fresh.lin.bias, net.lin.bias))
        """)
        XCTAssertEqual(output, "[1.0, 40.0] [3.0, 40.0, 5.0] [[0.0, 1.0, 2.0], [3.0, 40.0, 5.0]] torch.int32\n<All keys matched successfully>\nTrue True\n")
    }
}
