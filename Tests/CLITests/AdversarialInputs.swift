import Foundation

/// One adversarial input: a script run with `lorarepl -c` (or other arguments), and what Python would do.
struct AdversarialCase {
    enum Expected {
        /// Ends with this Python exception (named on stderr) and a non-zero status.
        case raises(String)
        /// Succeeds and prints this (Python's result).
        case prints(String)
    }

    var name: String
    /// `{T}` is the folder of corrupt files, `{TB}`/`{TL}` the tiny BERT/LLaMA fixtures.
    var script: String
    var expected: Expected
    /// Arguments instead of `-c script` (a notebook command on a corrupt `.lnb`).
    var arguments: [String]? = nil
    /// Needs the MiniLM demo asset.
    var needsMiniLM = false
    /// A line standard error must hold (a warning), besides the expected ending.
    var warns: String? = nil
}

/// The table: script one-liners from the issue and beyond, and every reader given a corrupt file.
enum AdversarialInputs {
    static let tb = "TB = '{TB}'\n"
    static let bert = "from transformers import AutoModelForSequenceClassification\nm = AutoModelForSequenceClassification.from_pretrained('{TB}')\n"
    static let llama = "from transformers import AutoModelForCausalLM\nimport torch\nm = AutoModelForCausalLM.from_pretrained('{TL}')\n"
    static let minilmTokenizer = "from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained('sentence-transformers/all-MiniLM-L6-v2')\n"
    static let args = "from transformers import TrainingArguments\n"
    /// Loads the tokenizer in `folder` and renders its chat template.
    static func chat(_ folder: String) -> String {
        "from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained('\(folder)')\n"
            + "tok.apply_chat_template([{'role': 'user', 'content': 'hi'}], tokenize=False)"
    }

    static let cases: [AdversarialCase] = scripts + numpy + core + files

    /// The language itself.
    static let scripts: [AdversarialCase] = [
        .init(name: "int of nan", script: "int(float('nan'))", expected: .raises("ValueError")),
        .init(name: "int of inf", script: "int(float('inf'))", expected: .raises("OverflowError")),
        .init(name: "round of inf", script: "round(float('inf'))", expected: .raises("OverflowError")),
        .init(name: "round of nan", script: "round(float('nan'))", expected: .raises("ValueError")),
        .init(name: "int of 1e300", script: "int(1e300)", expected: .raises("OverflowError")),
        .init(name: "%d of nan", script: "'%d' % float('nan')", expected: .raises("ValueError")),
        .init(name: "%d of inf", script: "'%d' % float('inf')", expected: .raises("OverflowError")),
        .init(name: "list repeat", script: "[0] * 10**12", expected: .raises("MemoryError")),
        .init(name: "str repeat", script: "'ab' * 10**12", expected: .raises("MemoryError")),
        .init(name: "huge range list", script: "list(range(10**12))", expected: .raises("MemoryError")),
        .init(name: "int overflow", script: "print(2**63)", expected: .raises("OverflowError")),
        .init(name: "floor div zero", script: "1 // 0", expected: .raises("ZeroDivisionError")),
        .init(name: "mod zero", script: "1 % 0", expected: .raises("ZeroDivisionError")),
        .init(name: "float overflow literal", script: "print(float('1e400'), -1e400)", expected: .prints("inf -inf\n")),
        .init(name: "chr negative", script: "chr(-1)", expected: .raises("ValueError")),
        .init(name: "chr huge", script: "chr(2**40)", expected: .raises("ValueError")),
        .init(name: "str index huge", script: "'abc'[10**18]", expected: .raises("IndexError")),
        .init(name: "list index -huge", script: "[1, 2][-10**18]", expected: .raises("IndexError")),
        .init(name: "slice step zero", script: "[1, 2][::0]", expected: .raises("ValueError")),
        .init(name: "range step zero", script: "range(0, 10, 0)", expected: .raises("ValueError")),
        .init(name: "slice extreme bounds", script: "print([1, 2, 3][-10**18:10**18:2**62])", expected: .prints("[1]\n")),
        .init(name: "recursion", script: "def f(n):\n    return f(n + 1)\nf(0)", expected: .raises("RecursionError")),
        .init(name: "deep nesting", script: "x = " + String(repeating: "[", count: 400) + String(repeating: "]", count: 400),
              expected: .raises("SyntaxError")),
        .init(name: "json deep", script: "import json\njson.loads('[' * 100000)", expected: .raises("ValueError")),
        .init(name: "json inf", script: "import json\nprint(json.loads('1e999'))", expected: .prints("inf\n")),
        .init(name: "sqrt negative", script: "import math\nmath.sqrt(-1)", expected: .raises("ValueError")),
        .init(name: "log zero", script: "import math\nmath.log(0)", expected: .raises("ValueError")),
        .init(name: "randint empty", script: "import random\nrandom.randint(1, 0)", expected: .raises("ValueError")),
        .init(name: "sample too many", script: "import random\nrandom.sample([1], 5)", expected: .raises("ValueError")),
        .init(name: "center huge", script: "'x'.center(10**12)", expected: .raises("ValueError")),
        .init(name: "zfill huge", script: "'1'.zfill(10**12)", expected: .raises("MemoryError")),
        .init(name: "format width huge", script: "'{:1000000000000}'.format(1)", expected: .raises("ValueError")),
        .init(name: "fstring width huge", script: "f'{1:{10**12}}'", expected: .raises("ValueError")),
        .init(name: "ljust negative", script: "print(repr('x'.ljust(-5)))", expected: .prints("'x'\n")),
    ]

    /// The numpy and torch subsets.
    static let numpy: [AdversarialCase] = [
        .init(name: "int64 wraps", script: "import numpy as np\nprint(np.array([2**62]) * 4)", expected: .prints("[0]\n")),
        .init(name: "int64 add wraps", script: "import numpy as np\nprint((np.array([2**62]) + 2**62 + 2**62).tolist())", expected: .prints("[-4611686018427387904]\n")),
        .init(name: "floor div by zero", script: "import numpy as np\nprint((np.array([1, 2]) // 0).tolist())",
              expected: .prints("[0, 0]\n"), warns: "RuntimeWarning: divide by zero encountered in floor_divide"),
        .init(name: "mod by zero", script: "import numpy as np\nprint((np.array([1, 2]) % 0).tolist())",
              expected: .prints("[0, 0]\n"), warns: "RuntimeWarning: divide by zero encountered in remainder"),
        .init(name: "floor div negative", script: "import numpy as np\nprint((np.array([-7, 7]) // 2).tolist(), (np.array([-7, 7]) % 3).tolist())",
              expected: .prints("[-4, 3] [2, 1]\n")),
        .init(name: "int power negative", script: "import numpy as np\nnp.array([2]) ** -1", expected: .raises("ValueError")),
        .init(name: "int power wraps", script: "import numpy as np\nprint((np.array([2]) ** 64).tolist())", expected: .prints("[0]\n")),
        .init(name: "nan to long", script: "import torch\nprint(torch.tensor([float('nan')]).long().tolist())",
              expected: .prints("[-9223372036854775808]\n")),
        .init(name: "inf astype int", script: "import numpy as np\nprint(np.array([1.5, float('inf')]).astype(int).tolist())",
              expected: .prints("[1, -9223372036854775808]\n")),
        .init(name: "zeros huge", script: "import numpy as np\nnp.zeros((2**40, 2**40))", expected: .raises("MemoryError")),
        .init(name: "zeros overflow", script: "import numpy as np\nnp.zeros((2**62, 2**62, 2**62))", expected: .raises("MemoryError")),
        .init(name: "zeros negative", script: "import numpy as np\nnp.zeros(-1)", expected: .raises("ValueError")),
        .init(name: "arange huge", script: "import numpy as np\nnp.arange(10**12)", expected: .raises("MemoryError")),
        .init(name: "torch zeros huge", script: "import torch\ntorch.zeros(2**31, 2**31)", expected: .raises("MemoryError")),
        .init(name: "torch randn negative", script: "import torch\ntorch.randn(-1)", expected: .raises("ValueError")),
        .init(name: "broadcast huge", script: "import numpy as np\nnp.ones(10**7).reshape(-1, 1) + np.ones(10**7)", expected: .raises("MemoryError")),
        .init(name: "reshape overflow", script: "import numpy as np\nnp.array([1, 2]).reshape(2**40, 2**40, -1)", expected: .raises("ValueError")),
        .init(name: "index out of range", script: "import numpy as np\nnp.array([1, 2])[10]", expected: .raises("IndexError")),
        .init(name: "index list nan", script: "import numpy as np\nnp.array([1, 2])[np.array([float('nan')])]", expected: .raises("ValueError")),
        .init(name: "ragged array", script: "import numpy as np\nnp.array([[1, 2], [3]])", expected: .raises("ValueError")),
        .init(name: "cross_entropy nan target", script: "import torch\nimport torch.nn.functional as F\nF.cross_entropy(torch.zeros(2, 3), torch.tensor([float('nan'), 1.0]))",
              expected: .raises("ValueError")),
        .init(name: "cross_entropy huge target", script: "import torch\nimport torch.nn.functional as F\nF.cross_entropy(torch.zeros(2, 3), torch.tensor([10**15, 1]))",
              expected: .raises("IndexError")),
        .init(name: "matmul mismatch", script: "import numpy as np\nnp.ones((2, 3)) @ np.ones((2, 3))", expected: .raises("ValueError")),
    ]

    /// transformers, peft, datasets with hostile numbers.
    static let core: [AdversarialCase] = [
        .init(name: "warmup nan", script: args + "TrainingArguments(output_dir='{T}/o', warmup_steps=float('nan'))", expected: .raises("ValueError")),
        .init(name: "logging inf", script: args + "TrainingArguments(output_dir='{T}/o', logging_steps=float('inf'))", expected: .raises("OverflowError")),
        .init(name: "save_steps 1e300", script: args + "TrainingArguments(output_dir='{T}/o', save_steps=1e300)", expected: .raises("OverflowError")),
        .init(name: "eval_steps nan", script: args + "TrainingArguments(output_dir='{T}/o', eval_steps=float('nan'))", expected: .raises("ValueError")),
        .init(name: "max_steps float inf", script: args + "TrainingArguments(output_dir='{T}/o', max_steps=float('inf'))", expected: .raises("TypeError")),
        .init(name: "decode 1e300", script: minilmTokenizer + "tok.decode([1e300])", expected: .raises("OverflowError"), needsMiniLM: true),
        .init(name: "decode nan", script: minilmTokenizer + "tok.decode([float('nan')])", expected: .raises("ValueError"), needsMiniLM: true),
        .init(name: "decode huge id", script: minilmTokenizer + "print(repr(tok.decode([10**15])))", expected: .prints("''\n"), needsMiniLM: true),
        .init(name: "pad to huge length", script: minilmTokenizer + "tok('hi', padding='max_length', max_length=10**12)", expected: .raises("ValueError"),
              needsMiniLM: true),
        .init(name: "lora rank 1e9", script: bert + "from peft import LoraConfig, get_peft_model\nget_peft_model(m, LoraConfig(r=10**9, target_modules=['query']))",
              expected: .raises("MemoryError")),
        .init(name: "lora rank zero", script: "from peft import LoraConfig\nLoraConfig(r=0)", expected: .raises("ValueError")),
        .init(name: "generate 1e12 tokens", script: llama + "out = m.generate(torch.tensor([[1, 2, 3]]), max_new_tokens=10**12, eos_token_id=[])\nprint(out.shape[1] <= 128)",
              expected: .prints("True\n"), warns: "warning: generation stopped at 128 positions (the 3-token prompt + 125 new tokens"),
        .init(name: "generate max int", script: llama + "out = m.generate(torch.tensor([[1, 2, 3]]), max_new_tokens=9223372036854775807, eos_token_id=[])\nprint(out.shape[1] <= 128)",
              expected: .prints("True\n"), warns: "warning: generation stopped at 128 positions (the 3-token prompt + 125 new tokens"),
        .init(name: "generate within the positions", script: llama + "out = m.generate(torch.tensor([[1, 2, 3]]), max_new_tokens=125, eos_token_id=[])\nprint(out.shape[1])",
              expected: .prints("128\n"), warns: nil),
        .init(name: "bert 100000 tokens", script: bert + "import torch\nm(torch.tensor([[1] * 100000]))", expected: .raises("ValueError")),
        .init(name: "llama 100000 tokens", script: llama + "m(torch.tensor([[1] * 100000]))", expected: .raises("ValueError")),
        .init(name: "input id nan", script: bert + "import torch\nm(torch.tensor([[1.0, float('nan')]]))", expected: .raises("ValueError")),
        .init(name: "input id huge", script: bert + "import torch\nm(torch.tensor([[1, 10**15]]))", expected: .raises("ValueError")),
        .init(name: "select huge index", script: "from datasets import Dataset\nDataset.from_dict({'a': [1]}).select([10**18])", expected: .raises("IndexError")),
        .init(name: "split nan", script: "from datasets import Dataset\nDataset.from_dict({'a': [1, 2]}).train_test_split(test_size=float('nan'))",
              expected: .raises("ValueError")),
        .init(name: "split 1e300", script: "from datasets import Dataset\nDataset.from_dict({'a': [1, 2]}).train_test_split(test_size=1e300)",
              expected: .raises("ValueError")),
        .init(name: "accuracy nan labels", script: "from sklearn.metrics import accuracy_score\nimport numpy as np\naccuracy_score(np.array([float('nan')]), [1])",
              expected: .raises("ValueError")),
        .init(name: "accuracy inf label", script: "from sklearn.metrics import accuracy_score\naccuracy_score([float('inf')], [1])",
              expected: .raises("OverflowError")),
    ]

    /// Every reader given a corrupt file (written by `CorruptFiles`).
    static let files: [AdversarialCase] = [
        .init(name: "safetensors empty", script: "from transformers import AutoModel\nAutoModel.from_pretrained('{T}/st-empty')", expected: .raises("ValueError")),
        .init(name: "safetensors huge header", script: "from transformers import AutoModel\nAutoModel.from_pretrained('{T}/st-huge-header')", expected: .raises("ValueError")),
        .init(name: "safetensors garbage", script: "from transformers import AutoModel\nAutoModel.from_pretrained('{T}/st-garbage')", expected: .raises("ValueError")),
        .init(name: "safetensors bad offsets", script: "from transformers import AutoModel\nAutoModel.from_pretrained('{T}/st-offsets')", expected: .raises("ValueError")),
        .init(name: "safetensors huge shape", script: "from transformers import AutoModel\nAutoModel.from_pretrained('{T}/st-shape')", expected: .raises("ValueError")),
        .init(name: "config huge sizes", script: "from transformers import AutoModel\nAutoModel.from_pretrained('{T}/cfg-huge')", expected: .raises("ValueError")),
        .init(name: "config garbage", script: "from transformers import AutoModel\nAutoModel.from_pretrained('{T}/cfg-garbage')", expected: .raises("ValueError")),
        .init(name: "gguf bad magic", script: "from transformers import AutoModelForCausalLM\nAutoModelForCausalLM.from_pretrained('{T}', gguf_file='bad-magic.gguf')",
              expected: .raises("ValueError")),
        .init(name: "gguf truncated", script: "from transformers import AutoModelForCausalLM\nAutoModelForCausalLM.from_pretrained('{T}', gguf_file='truncated.gguf')",
              expected: .raises("ValueError")),
        .init(name: "gguf huge counts", script: "from transformers import AutoModelForCausalLM\nAutoModelForCausalLM.from_pretrained('{T}', gguf_file='huge-count.gguf')",
              expected: .raises("ValueError")),
        .init(name: "tokenizer.json garbage", script: "from transformers import AutoTokenizer\nAutoTokenizer.from_pretrained('{T}/tok-garbage')", expected: .raises("ValueError")),
        .init(name: "chat template 10**12 loops", script: chat("{T}/tok-template-loop"), expected: .raises("ValueError")),
        .init(name: "chat template doubling text", script: chat("{T}/tok-template-double"), expected: .raises("ValueError")),
        .init(name: "tokenizer.json wrong types", script: "from transformers import AutoTokenizer\nAutoTokenizer.from_pretrained('{T}/tok-types')", expected: .raises("ValueError")),
        .init(name: "vocab.txt binary", script: "from transformers import AutoTokenizer\nt = AutoTokenizer.from_pretrained('{T}/vocab-binary')\nprint(len(t('hello')['input_ids']) > 0)",
              expected: .prints("True\n")),
        .init(name: "vocab.txt empty", script: "from transformers import AutoTokenizer\nAutoTokenizer.from_pretrained('{T}/vocab-empty')", expected: .raises("ValueError")),
        .init(name: "adapter_config garbage", script: bert + "from peft import PeftModel\nPeftModel.from_pretrained(m, '{T}/ad-garbage')", expected: .raises("ValueError")),
        .init(name: "adapter_config rank 1e300", script: bert + "from peft import PeftModel\nPeftModel.from_pretrained(m, '{T}/ad-rank')", expected: .raises("TypeError")),
        .init(name: "adapter_config rank 1e9", script: bert + "from peft import PeftModel\nPeftModel.from_pretrained(m, '{T}/ad-rank-big')", expected: .raises("MemoryError")),
        .init(name: "adapter weights truncated", script: bert + "from peft import PeftModel\nPeftModel.from_pretrained(m, '{T}/ad-trunc')", expected: .raises("ValueError")),
        .init(name: "csv garbage", script: "from datasets import load_dataset\nload_dataset('csv', data_files='{T}/garbage.csv')", expected: .raises("ValueError")),
        .init(name: "csv unterminated quote", script: "from datasets import load_dataset\nload_dataset('csv', data_files='{T}/quote.csv')", expected: .raises("ValueError")),
        .init(name: "csv ragged", script: "from datasets import load_dataset\nload_dataset('csv', data_files='{T}/ragged.csv')", expected: .raises("ValueError")),
        .init(name: "json dataset garbage", script: "from datasets import load_dataset\nload_dataset('json', data_files='{T}/garbage.jsonl')", expected: .raises("ValueError")),
        .init(name: "lnb truncated", script: "", expected: .raises("unclosed fence"), arguments: ["run", "{T}/truncated.lnb"]),
        .init(name: "lnb garbage", script: "", expected: .raises("error"), arguments: ["test", "{T}/garbage.lnb"]),
        .init(name: "script file binary", script: "", expected: .raises("SyntaxError"), arguments: ["{T}/binary.lora"]),
    ]
}
