// swift-tools-version:6.0
// lorarepl: a Python-free, notebook-style REPL for LoRA fine-tuning. Layers and their rules:
// docs/architecture.md. No SwiftPM package dependencies: system libraries come in through
// module maps (OpenBLAS's cblas.h, libedit).
import PackageDescription

let optimize: [SwiftSetting] = []  // shared settings for every Swift target

// TensorCore's elementwise, normalisation and softmax loops are compiled for AVX2 (`-target-cpu haswell`:
// AVX2, FMA, F16C, BMI; no AVX-512), which every machine this project runs on has (AMD EPYC Zen 3,
// AVX-512 Xeons). The compiler does not contract a·b + c into FMA, so results are bit-identical to the
// baseline build. Build with LORAREPL_GENERIC_CPU=1 for an older x86-64 CPU (the AVX2 binary would
// stop there with "illegal instruction"). docs/performance.md has the figures.
#if arch(x86_64)
let vectorized: [SwiftSetting] = Context.environment["LORAREPL_GENERIC_CPU"] == nil ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
#else
let vectorized: [SwiftSetting] = []
#endif

let package = Package(
    name: "lorarepl",
    products: [
        .executable(name: "lorarepl", targets: ["lorarepl"]),
    ],
    targets: [
        // System libraries.
        .target(name: "CBLAS", path: "Sources/CBLAS", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        // Integer matrix × vector kernels on GGUF blocks for decoding, AVX-512 VNNI / AVX2 / portable chosen at run time.
        // Open MPI for data-parallel training, loaded at run time with dlopen (no link-time dependency).
        .target(name: "CMPI", path: "Sources/CMPI", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        .target(name: "CKernels", path: "Sources/CKernels", linkerSettings: [.linkedLibrary("pthread")]),
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"])]),

        // The Python-compatible basics below every other target (JSON, atomic writes, repr, random, regex, errors).
        .target(name: "PythonBasics", swiftSettings: optimize),

        // The native core.
        .target(name: "TensorCore", dependencies: ["CBLAS", "CKernels", "PythonBasics"], swiftSettings: optimize + vectorized),
        .target(name: "WeightIO", dependencies: ["PythonBasics"], swiftSettings: optimize),
        .target(name: "Tokenizers", dependencies: ["PythonBasics"], swiftSettings: optimize),
        .target(name: "Models", dependencies: ["TensorCore", "WeightIO", "Tokenizers", "CKernels"], swiftSettings: optimize),
        .target(name: "PEFT", dependencies: ["Models"], swiftSettings: optimize),
        .target(name: "Training", dependencies: ["PEFT", "CMPI"], swiftSettings: optimize),

        // The language (imports no ML code) and what binds the core to it.
        // The interpreter is built without dynamic exclusivity checks (12% of its time on loops): it is
        // single-threaded per session and never holds an inout access across a call into script code
        // (docs/performance-language.md has the audit).
        .target(name: "Lang", dependencies: ["PythonBasics"], swiftSettings: optimize + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // The numpy subset: n-dimensional arrays of doubles behind script tensors and numpy arrays.
        .target(name: "NumericArrays", dependencies: ["Lang"], swiftSettings: optimize),
        .target(name: "Bindings", dependencies: ["Lang", "NumericArrays", "Training"], exclude: ["README.md"], swiftSettings: optimize),
        .target(name: "Notebooks", dependencies: ["Lang", "Bindings"], swiftSettings: optimize),

        // Executables.
        .executableTarget(name: "lorarepl", dependencies: ["Notebooks", "Bindings", "Lang", "CEditLine", "TensorCore", "PythonBasics", "Models", "Training"],
                          swiftSettings: optimize),
        .executableTarget(name: "lorarepl-bench", dependencies: ["Training", "PEFT", "Models", "Tokenizers", "TensorCore", "CKernels", "CBLAS"], swiftSettings: optimize),

        // Tests.
        .target(name: "TestSupport", dependencies: ["TensorCore"], path: "Tests/TestSupport"),
        .testTarget(name: "PythonBasicsTests", dependencies: ["PythonBasics"]),
        .testTarget(name: "ArchitectureTests"),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "CKernels", "TestSupport"]),
        .testTarget(name: "WeightIOTests", dependencies: ["WeightIO", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "TestSupport"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "CKernels", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "PEFTTests", dependencies: ["PEFT", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "LangTests", dependencies: ["Lang", "TestSupport"], exclude: ["Scripts", "PythonScripts"]),
        .testTarget(name: "NotebooksTests", dependencies: ["Notebooks", "Bindings", "Lang", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BindingsTests", dependencies: ["Bindings", "Lang", "TestSupport"], exclude: ["TorchScripts"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
