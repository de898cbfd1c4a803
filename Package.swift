// swift-tools-version: 6.0
import PackageDescription

// Linux only: the daemon reads peer credentials (SO_PEERCRED) and the load benchmark uses
// epoll; the terminal needs GNU readline and the matcher libstemmer (Debian packages).

let package = Package(
    name: "advisor",
    products: [
        .executable(name: "advisor", targets: ["advisor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CEpoll"),
        .target(name: "AdvisorEngine", dependencies: ["CStemmer"]),
        .target(name: "AdvisorKnowledge", dependencies: [
            "AdvisorEngine",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The one hand-written JSON writer of the hot paths (package access).
        .target(name: "AdvisorWire", dependencies: ["AdvisorEngine"]),
        .target(name: "AdvisorStore", dependencies: ["AdvisorEngine", "AdvisorWire"]),
        .target(name: "AdvisorRuntime", dependencies: ["AdvisorEngine", "AdvisorStore"]),
        // Measuring the knowledge base: eval's figures, comparisons of two knowledge bases,
        // transcript scores and coverage.
        .target(name: "AdvisorEvaluation", dependencies: ["AdvisorEngine", "AdvisorRuntime"]),
        .target(name: "AdvisorTerminal", dependencies: ["AdvisorEngine", "AdvisorRuntime", "AdvisorWire", "CReadline"]),
        .target(name: "AdvisorDaemon", dependencies: [
            "AdvisorEngine", "AdvisorKnowledge", "AdvisorStore", "AdvisorRuntime", "AdvisorWire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // The load benchmark's client: epoll-driven connections that measure the daemon.
        .target(name: "AdvisorLoad", dependencies: [
            "AdvisorDaemon", "CEpoll",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .executableTarget(name: "advisor", dependencies: [
            "AdvisorEngine", "AdvisorKnowledge", "AdvisorStore", "AdvisorRuntime", "AdvisorTerminal", "AdvisorDaemon", "AdvisorLoad", "AdvisorEvaluation",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The fuzz harnesses: Scripts/fuzz.sh builds them with libFuzzer; built normally, a
        // program that replays a corpus through them.
        .executableTarget(name: "advisor-fuzz", dependencies: ["AdvisorEngine", "AdvisorKnowledge", "AdvisorStore", "AdvisorDaemon"], path: "Sources/AdvisorFuzz"),
        .testTarget(name: "AdvisorEngineTests", dependencies: ["AdvisorEngine"]),
        .testTarget(name: "AdvisorKnowledgeTests", dependencies: ["AdvisorKnowledge", "AdvisorEngine"]),
        .testTarget(name: "AdvisorEvaluationTests", dependencies: ["AdvisorEvaluation", "AdvisorRuntime", "AdvisorKnowledge", "AdvisorEngine"]),
        .testTarget(name: "AdvisorStoreTests", dependencies: ["AdvisorStore", "AdvisorEngine"]),
        .testTarget(name: "AdvisorRuntimeTests", dependencies: ["AdvisorRuntime", "AdvisorStore", "AdvisorKnowledge", "AdvisorEngine"]),
        .testTarget(name: "AdvisorDaemonTests", dependencies: [
            "AdvisorDaemon", "AdvisorLoad", "AdvisorRuntime", "AdvisorStore", "AdvisorKnowledge", "AdvisorEngine",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "InMemoryLogging", package: "swift-log"),
        ]),
        .testTarget(name: "AdvisorTerminalTests", dependencies: ["AdvisorTerminal", "AdvisorRuntime", "AdvisorStore", "AdvisorKnowledge", "AdvisorEngine"]),
        .testTarget(name: "AdvisorEndToEndTests", dependencies: ["AdvisorRuntime", "AdvisorKnowledge"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("ExistentialAny")]
}
