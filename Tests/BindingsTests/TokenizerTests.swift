import XCTest
import TestSupport

/// The tokenizer call and the BatchEncoding on the demo MiniLM (skipped when the asset is absent).
final class TokenizerTests: XCTestCase {
    func testTokenizerCallBatchEncodingAndModelCall() throws {
        let path = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let session = ScriptSession()
        let output = session.ok("""
        from transformers import BertTokenizer, AutoModel
        tokenizer = BertTokenizer.from_pretrained("\(path)")
        enc = tokenizer(["I love it", "not good at all"], padding=True, truncation=True, max_length=16, return_tensors="pt")
        print(list(enc.keys()))
        print(enc["input_ids"].shape, enc.input_ids[0].tolist())
        print(enc["attention_mask"].tolist())
        print(tokenizer.decode(enc["input_ids"][1], skip_special_tokens=True))
        single = tokenizer("hello world")
        print(single["input_ids"], len(single))
        model = AutoModel.from_pretrained("\(path)")
        out = model(**enc)
        print(out.last_hidden_state.shape, out.pooler_output.shape)
        """)
        XCTAssertEqual(output, """
        ['input_ids', 'token_type_ids', 'attention_mask']
        torch.Size([2, 6]) [101, 1045, 2293, 2009, 102, 0]
        [[1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1]]
        not good at all
        [101, 7592, 2088, 102] 3
        torch.Size([2, 6, 384]) torch.Size([2, 384])

        """)
        let (_, error) = session.run("tokenizer(['a', 'b c d'], return_tensors='pt')")
        XCTAssertTrue((error ?? "").contains("ValueError: Unable to create tensor"), error ?? "")
        XCTAssertTrue((error ?? "").contains("padding=True"), error ?? "")
    }
}
