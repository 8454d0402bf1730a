import XCTest
import TestSupport

/// Tensors, datasets, metrics and error messages as scripts see them.
final class ValuesTests: XCTestCase {
    func testWrongKeywordGoesThroughTheOneChecker() {
        let session = ScriptSession()
        let (_, error) = session.run("config = LoraConfig(rank=8)")
        let text = error ?? ""
        XCTAssertTrue(text.contains("TypeError: LoraConfig() got an unexpected keyword argument 'rank' (did you mean 'r'?)"), text)
        XCTAssertTrue(text.contains("test.lora:1:10"), text)
        let (_, second) = session.run("args = TrainingArguments(output_dir='x', num_train_epoch=3)")
        XCTAssertTrue((second ?? "").contains("unexpected keyword argument 'num_train_epoch' (did you mean 'num_train_epochs'?)"), second ?? "")
    }

    func testCoreErrorsBecomePythonExceptions() {
        let session = ScriptSession()
        let (_, missing) = session.run("from transformers import AutoModel\nAutoModel.from_pretrained('/no/such/model-folder')")
        XCTAssertTrue((missing ?? "").contains("FileNotFoundError"), missing ?? "")
        XCTAssertTrue((missing ?? "").contains("test.lora:2:1"), missing ?? "")
        let caught = session.ok("""
        try:
            LoraConfig(r=0)
        except ValueError as e:
            print("caught", "r" in str(e))
        try:
            load_dataset("csv", data_files="/no/such/file.csv")
        except FileNotFoundError:
            print("missing file")
        """)
        XCTAssertEqual(caught, "caught True\nmissing file\n")
    }

    func testTensorIndexingAndReprs() {
        let session = ScriptSession()
        let output = session.ok("""
        import torch
        t = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        print(t)
        print(t.shape, t[0, -1].item(), t[:, 1].tolist(), t[-1, :2].tolist(), t[1].tolist())
        print(t.argmax(dim=1).tolist(), t.sum(dim=0).tolist(), t.mean().item(), t.max().item())
        print((t @ t.T).tolist())
        print(t.softmax(dim=-1).sum(dim=-1).tolist())
        print(t.max() > 5, (t * 2 - 1)[0].tolist(), (-t)[1, 0].item())
        values, indices = t.max(dim=1)
        print(values.tolist(), indices.tolist())
        x = torch.arange(24).reshape(2, 3, 4)
        print(x[0, -1, :3].tolist(), x[:, :, -1].tolist(), x[1, ::2, 1].tolist())
        print(torch.tensor([1, 2, 3]))
        """)
        XCTAssertTrue(output.hasPrefix("""
        tensor([[1., 2., 3.],
                [4., 5., 6.]])
        torch.Size([2, 3]) 3.0 [2.0, 5.0] [4.0, 5.0] [4.0, 5.0, 6.0]
        [2, 2] [5.0, 7.0, 9.0] 3.5 6.0
        [[14.0, 32.0], [32.0, 77.0]]
        """), output)
        XCTAssertTrue(output.contains("True [1.0, 3.0, 5.0] -4.0\n"), output)
        XCTAssertTrue(output.contains("[3.0, 6.0] [2, 2]\n"), output)
        XCTAssertTrue(output.contains("[8, 9, 10] [[3, 7, 11], [15, 19, 23]] [13, 21]\n"), output)
        XCTAssertTrue(output.contains("tensor([1, 2, 3])\n"), output)
        let (_, error) = session.run("t[5, 0]")
        XCTAssertTrue((error ?? "").contains("IndexError: index 5 is out of bounds for dimension 0 with size 2"), error ?? "")
    }

    func testDatasetMapWithALanguageFunction() {
        let session = ScriptSession()
        let output = session.ok("""
        from datasets import Dataset
        ds = Dataset.from_dict({"text": ["good movie", "bad", "fine film here"], "label": [1, 0, 1]})
        def add_length(row):
            return {"n_words": len(row["text"].split())}
        ds = ds.map(add_length)
        print(ds["n_words"], len(ds), ds.column_names)
        def upper(batch):
            return {"text": [t.upper() for t in batch["text"]]}
        ds = ds.map(upper, batched=True)
        print(ds[0], ds[-1]["text"])
        short = ds.filter(lambda row: row["n_words"] < 3)
        print(len(short), short[:2]["label"])
        split = ds.train_test_split(test_size=1, seed=0)
        print(len(split["train"]), len(split["test"]))
        print(ds)
        """)
        XCTAssertEqual(output, """
        [2, 1, 3] 3 ['text', 'label', 'n_words']
        {'text': 'GOOD MOVIE', 'label': 1, 'n_words': 2} FINE FILM HERE
        2 [1, 0]
        2 1
        Dataset({
            features: ['text', 'label', 'n_words'],
            num_rows: 3
        })

        """)
    }

    func testComputeMetricsWithTupleUnpackingAndSklearnNumbers() {
        let session = ScriptSession()
        let output = session.ok("""
        import numpy as np
        from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, confusion_matrix
        logits = np.array([[0.1, 0.9, 0.0], [0.8, 0.1, 0.1], [0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
        labels = [1, 0, 2, 2]
        def compute_metrics(eval_pred):
            logits, labels = eval_pred
            predictions = np.argmax(logits, axis=-1)
            return {"accuracy": accuracy_score(labels, predictions), "f1": f1_score(labels, predictions, average="macro")}
        print(compute_metrics((logits, labels)))
        preds = np.argmax(logits, axis=-1)
        print(precision_score(labels, preds, average="macro"), recall_score(labels, preds, average="weighted"))
        print(confusion_matrix(labels, preds).tolist(), np.unique(labels).tolist(), float(np.mean(np.array(labels))))
        """)
        // sklearn: accuracy 0.75, macro-F1 = mean(0.6667, 1.0, 0.6667) = 0.7777…; macro precision = mean(0.5, 1, 1)
        XCTAssertEqual(output, """
        {'accuracy': 0.75, 'f1': 0.7777777777777777}
        0.8333333333333334 0.75
        [[1, 0, 0], [0, 1, 0], [1, 0, 1]] [0, 1, 2] 1.25

        """)
    }
}
