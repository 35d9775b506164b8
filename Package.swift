// swift-tools-version:6.0
import PackageDescription

// One list for every target (as Hummingbird 2 does): a dependency is re-exported only on purpose.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Sedia",
    products: [
        .executable(name: "sedia", targets: ["sedia"]),
        .library(name: "SediaCore", targets: ["SediaCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // libical through the system library (apt-get install libical-dev).
        .systemLibrary(
            name: "CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        // Domain types, rules engine, working-day calendars, solver, verification. Pure Swift, no I/O.
        .target(name: "SediaCore", swiftSettings: swiftSettings),
        // Every text a person reads, one .strings table per language (Strings/en.strings, Strings/ms.strings), read into
        // the core's Texts for the pages, the mail, the feeds and the printed checklists.
        .target(name: "SediaTexts", dependencies: ["SediaCore"], resources: [.copy("Strings")], swiftSettings: swiftSettings),
        // libical adapter: ICS import (holidays, leave, sitting patterns) and export (feeds, VTODO).
        .target(
            name: "SediaCalendar",
            dependencies: ["CLibical", "SediaCore", "SediaTexts", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Reads and validates the rule files in rules/ (YAML, with file and line in every error) into SediaCore types.
        .target(
            name: "SediaRules",
            dependencies: ["SediaCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // GRDB persistence, migrations, audit log.
        .target(
            name: "SediaStore",
            dependencies: [
                "SediaCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            exclude: ["Resources/common-passwords-SOURCE.md"],
            resources: [.copy("Resources/common-passwords.txt")],
            swiftSettings: swiftSettings
        ),
        // E-mail: iTIP invitations over iMIP and prosecutors' digests from the outbox, delivered through msmtp or sendmail.
        // The invitations' calendar part comes through the core's InvitationCalendar (SediaCalendar's), the outbox through
        // the core's MailOutbox (SediaStore's AppDatabase): the CLI passes both in, so SediaMail links neither.
        .target(
            name: "SediaMail",
            dependencies: [
                "SediaCore", "SediaTexts", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Hummingbird routes, auth, pages, feeds.
        .target(
            name: "SediaServer",
            dependencies: [
                "SediaCore", "SediaCalendar", "SediaStore", "SediaTexts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // The commands, as a library so tests can run them in-process.
        .target(
            name: "SediaCLI",
            dependencies: [
                "SediaCore", "SediaCalendar", "SediaRules", "SediaStore", "SediaServer", "SediaMail", "SediaTexts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "sedia",
            dependencies: ["SediaCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // Hand-made fixtures shared by the test targets: the pure core's (instances, plans, a small rule book,
        // temporary directories), which link nothing but SediaCore, and the application's on top of them.
        .target(name: "SediaTestSupport", dependencies: ["SediaCore"], path: "Tests/SediaTestSupport", swiftSettings: swiftSettings),
        .target(
            name: "SediaAppTestSupport", dependencies: ["SediaTestSupport", "SediaCore", "SediaStore", "SediaRules", "SediaCalendar"],
            path: "Tests/SediaAppTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "SediaCoreTests", dependencies: ["SediaCore", "SediaTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SediaCLITests",
            dependencies: [
                "SediaCLI", "SediaCore", "SediaStore", "SediaTestSupport", "SediaAppTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SediaCalendarTests",
            dependencies: ["SediaCalendar", "SediaCore", "SediaTexts", "SediaTestSupport"],
            resources: [.copy("Golden")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SediaMailTests",
            dependencies: [
                "SediaMail", "SediaCLI", "SediaStore", "SediaCalendar", "SediaCore", "SediaTexts", "SediaTestSupport", "SediaAppTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SediaRulesTests", dependencies: ["SediaRules", "SediaCalendar", "SediaCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SediaStoreTests",
            dependencies: ["SediaStore", "SediaCore", "SediaTestSupport", "SediaAppTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SediaServerTests",
            dependencies: [
                "SediaServer", "SediaStore", "SediaCore", "SediaCalendar", "SediaTexts", "SediaTestSupport", "SediaAppTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
