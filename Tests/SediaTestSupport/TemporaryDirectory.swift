public import Foundation

/// A directory of its own for one test: a unique name (parallel tests never share a path), removed by `remove()`
/// or, most simply, by `TemporaryDirectory.with { dir in … }`, which removes it however the body ends.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    /// Creates a new, empty directory under the system's temporary directory.
    public init(_ label: String = "test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    }

    /// The directory's path.
    public var path: String { url.path }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let path = file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Removes the directory and everything in it.
    public func remove() { try? FileManager.default.removeItem(at: url) }

    /// Runs `body` with a new directory and removes the directory afterwards, whether `body` returns or throws.
    public static func with<T>(_ label: String = "test", _ body: (TemporaryDirectory) throws -> T) throws -> T {
        let dir = try TemporaryDirectory(label)
        defer { dir.remove() }
        return try body(dir)
    }

    /// The asynchronous form of `with`.
    public static func with<T>(_ label: String = "test", _ body: (TemporaryDirectory) async throws -> T) async throws -> T {
        let dir = try TemporaryDirectory(label)
        defer { dir.remove() }
        return try await body(dir)
    }
}
