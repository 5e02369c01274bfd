// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mocean-notify",
    products: [
        .executable(name: "mocean-notify", targets: ["mocean-notify"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", exact: "0.12.1"),
    ],
    targets: [
        // Whether a host is this machine's: one rule for every bind address and URL.
        .target(name: "HostAddress"),
        // JSON values that keep numbers exactly as written; a strict parser, a writer, a Codable bridge.
        .target(name: "JSONCore"),
        // JSON-RPC 2.0: the engine, newline framing, stdio and TCP transports. Knows nothing of SMS.
        .target(
            name: "JSONRPC",
            dependencies: [
                "JSONCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The web console's files (console/), embedded into the binary at compile time (C23 #embed).
        .target(name: "ConsoleAssets", cSettings: [.unsafeFlags(["-std=c23"])]),
        // schema/openrpc.json, embedded into the binary at compile time (C23 #embed).
        .target(name: "OpenRPCSchema", cSettings: [.unsafeFlags(["-std=c23"])]),
        // The domain: settings, templates, events, outbox, broadcast, history; SQLite through GRDB.
        .target(
            name: "Notifier",
            dependencies: [
                "HostAddress",
                "HTTPClient", "MoceanAPI", "BigCommerceAPI", "JSONCore", "PhoneNumbers",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // One file per JSON-RPC method, binding params and results to the domain; the error table.
        .target(
            name: "NotifierRPC",
            dependencies: [
                "HostAddress",
                "JSONRPC", "Notifier", "MoceanAPI", "BigCommerceAPI", "HTTPClient", "PhoneNumbers", "OpenRPCSchema",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP front: store webhooks, delivery reports, JSON-RPC over HTTP, health, metrics, the console.
        .target(
            name: "NotifierHTTP",
            dependencies: [
                "HostAddress", "JSONRPC", "Notifier", "NotifierRPC", "ConsoleAssets",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The composition root: builds the services once and the service group that runs them with the
        // transports; `serve` and the tests call it.
        // The Model Context Protocol over stdio: the contract's methods as tools for AI assistants in editors.
        .target(
            name: "NotifierMCP",
            dependencies: [
                "JSONCore", "JSONRPC", "NotifierRPC",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "NotifierServer",
            dependencies: [
                "HostAddress", "JSONRPC", "Notifier", "NotifierRPC", "NotifierHTTP", "NotifierPostgres", "NotifierMCP",
                "MoceanAPI", "HTTPClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Phone numbers parsed and validated per country, with libphonenumber's answers, from generated metadata.
        .target(name: "PhoneNumbers", exclude: ["NOTICE"]),
        // libcurl, for HTTP(S) to the gateway and the store (Debian: libcurl4-openssl-dev).
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // The project's one HTTP client: libcurl's multi interface on a thread of its own.
        .target(name: "HTTPClient", dependencies: ["CCurl"]),
        // A client for the MoceanAPI REST API: send, balance, pricing, status. Knows nothing of stores.
        .target(
            name: "MoceanAPI",
            dependencies: [
                "HTTPClient", "JSONCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A client for a BigCommerce store's REST API: resources, customers, webhooks, paced by its quota.
        .target(
            name: "BigCommerceAPI",
            dependencies: [
                "HTTPClient", "JSONCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The domain's storage on PostgreSQL (postgres-nio): where the database is, its named migrations taken
        // under an advisory lock, and the domain's storage protocols implemented on it (the SQLite side is still
        // the domain's own, on GRDB).
        .target(
            name: "NotifierPostgres",
            dependencies: [
                "Notifier",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A local stand-in for the MoceanAPI gateway (`mocean-notify sandbox`): speaks its wire format, sends
        // nothing. A tool beside the product, kept apart from the service's own code.
        .target(
            name: "MoceanSandbox",
            dependencies: [
                "HostAddress", "HTTPClient", "JSONCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The executable: argument parsing and start-up only.
        .executableTarget(
            name: "mocean-notify",
            dependencies: [
                "NotifierRPC", "NotifierServer", "Notifier", "NotifierPostgres", "NotifierMCP", "JSONRPC",
                "MoceanSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Load generator and newline-echo ceiling for bench/; never part of the service.
        .executableTarget(
            name: "mocean-notify-bench",
            dependencies: [
                "JSONRPC", "MoceanAPI", "HTTPClient", "PhoneNumbers",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/Sources/mocean-notify-bench"
        ),
        // Shared by the test targets: fixtures, the conformance comparison, running the built executable.
        .target(
            name: "TestSupport",
            dependencies: [
                "JSONRPC", "MoceanAPI", "HTTPClient", "Notifier", "NotifierPostgres", "JSONCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"),
        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"]),
        .testTarget(name: "PhoneNumbersTests", dependencies: ["PhoneNumbers"]),
        .testTarget(
            name: "JSONRPCTests",
            dependencies: [
                "JSONRPC", "JSONCore", "TestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "NotifierTests",
            dependencies: ["Notifier", "MoceanAPI", "HTTPClient", "JSONCore", "PhoneNumbers", "TestSupport"]),
        .testTarget(
            name: "MoceanSandboxTests",
            dependencies: [
                "MoceanSandbox", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "BigCommerceAPITests",
            dependencies: [
                "BigCommerceAPI", "HTTPClient", "JSONCore", "TestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
            ]),
        .testTarget(
            name: "MoceanAPITests",
            dependencies: [
                "MoceanAPI", "HTTPClient", "MoceanSandbox", "TestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "NotifierRPCTests",
            dependencies: ["NotifierRPC", "NotifierServer", "JSONRPC", "Notifier", "MoceanAPI", "TestSupport"]),
        .testTarget(
            name: "NotifierMCPTests",
            dependencies: [
                "NotifierMCP", "NotifierRPC", "NotifierServer", "Notifier", "JSONCore", "JSONRPC", "TestSupport",
                .product(name: "MCP", package: "swift-sdk"),
            ]),
        .testTarget(
            name: "NotifierHTTPTests",
            dependencies: [
                "NotifierHTTP", "NotifierRPC", "NotifierServer", "Notifier", "JSONRPC", "HTTPClient", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Runs the built executable over real pipes and sockets.
        .testTarget(
            name: "NotifierPostgresTests",
            dependencies: [
                "NotifierPostgres", "Notifier", "JSONCore", "MoceanAPI", "TestSupport", "HTTPClient",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "JSONRPC", "TestSupport", "NotifierPostgres", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ]
)
