// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "advisor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "advisor", targets: ["advisor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .target(name: "AdvisorEngine", dependencies: ["CStemmer"]),
        .target(name: "AdvisorKnowledge", dependencies: [
            "AdvisorEngine",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "AdvisorStore", dependencies: ["AdvisorEngine"]),
        .target(name: "AdvisorRuntime", dependencies: ["AdvisorEngine", "AdvisorKnowledge", "AdvisorStore"]),
        .target(name: "AdvisorTerminal", dependencies: ["AdvisorEngine", "AdvisorRuntime", "CReadline"]),
        .executableTarget(name: "advisor", dependencies: [
            "AdvisorEngine", "AdvisorKnowledge", "AdvisorStore", "AdvisorRuntime", "AdvisorTerminal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "AdvisorEngineTests", dependencies: ["AdvisorEngine"]),
        .testTarget(name: "AdvisorKnowledgeTests", dependencies: ["AdvisorKnowledge", "AdvisorEngine"]),
        .testTarget(name: "AdvisorStoreTests", dependencies: ["AdvisorStore", "AdvisorEngine"]),
        .testTarget(name: "AdvisorRuntimeTests", dependencies: ["AdvisorRuntime", "AdvisorStore", "AdvisorKnowledge", "AdvisorEngine"]),
        .testTarget(name: "AdvisorEndToEndTests", dependencies: ["AdvisorRuntime", "AdvisorKnowledge"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("ExistentialAny")]
}
