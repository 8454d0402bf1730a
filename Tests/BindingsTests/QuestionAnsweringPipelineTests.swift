import Foundation
import TestSupport
import XCTest

/// `pipeline("question-answering")` against transformers' QuestionAnsweringPipeline: answers, character spans
/// and scores (float32 softmax products, 1e-5 relative) for top_k, doc_stride windows, max_answer_len,
/// handle_impossible_answer and align_to_words=False on MiniLM with a fixed qa_outputs head.
/// transformers 5 removed this pipeline; the fixture (`pipeline.json`, scripts/record-question-answering.py)
/// runs its last implementation (4.57) on the 5.25 tokenizer and model.
final class QuestionAnsweringPipelineTests: XCTestCase {
    func testPipelineAnswersEqualTransformers() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let fixture = Fixtures.projectRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/question-answering/pipeline.json").path
        let source = """
        import json, math, torch
        from transformers import AutoModelForQuestionAnswering, AutoTokenizer, pipeline
        tokenizer = AutoTokenizer.from_pretrained("\(minilm)")
        model = AutoModelForQuestionAnswering.from_pretrained("\(minilm)")
        weight = [[round(0.05 * math.sin(0.37 * (i * 384 + j) + 0.5 * i), 6) for j in range(384)] for i in range(2)]
        model.load_state_dict({"qa_outputs.weight": torch.tensor(weight), "qa_outputs.bias": torch.tensor([0.1, -0.2])}, strict=False)
        qa = pipeline("question-answering", model=model, tokenizer=tokenizer)
        checked = 0
        for case in json.load(open("\(fixture)")):
            got = qa(**case["kwargs"])
            if isinstance(got, dict):
                got = [got]
            want = case["answers"]
            assert len(got) == len(want), (case["kwargs"], got, want)
            for g, w in zip(got, want):
                assert (g["answer"], g["start"], g["end"]) == (w["answer"], w["start"], w["end"]), (g, w)
                assert abs(g["score"] - w["score"]) <= 1e-5 * max(1e-3, abs(w["score"])), (g, w)
                checked += 1
        print("answers checked:", checked)
        print(qa(question="Where is the tower?", context="The tower is in Paris."))
        print(qa([{"question": "Who?", "context": "Ada wrote it."}, {"question": "What?", "context": "Ada wrote it."}]))
        """
        let (output, error) = ScriptSession().run(source)
        if let error { return XCTFail("script raised:\n\(error)\noutput:\n\(output)") }
        XCTAssertTrue(output.contains("answers checked: 12"), output)
        XCTAssertTrue(output.contains("'answer': "), output)
    }
}
