import Foundation
import Hummingbird
import Mustache
import SediaCore
import SediaStore

/// The Mustache templates (bundled resources) and how a page is rendered with the shared layout.
struct Views: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Views {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw PageError(.internalServerError, "the page templates are missing from the installation")
        }
        return Views(library: try await MustacheLibrary(directory: directory.path))
    }

    func render(_ name: String, _ model: PageModel) -> String {
        library.render(model.dictionary, withTemplate: name) ?? "<!doctype html><title>Sedia</title><p>Page template \(name) is missing."
    }
}

/// What every page gets: title, the signed-in user and role flags for the menu, the CSRF token, and its own content.
struct PageModel {
    var title: String
    var user: User?
    var csrf: String?
    var content: [String: Any]

    var dictionary: [String: Any] {
        var d = content
        d["title"] = title
        d["csrf"] = csrf ?? ""
        if let user {
            d["user"] =
                [
                    "username": user.username, "role": user.role.rawValue, "state": user.state ?? "all states",
                    "canBook": user.role == .coordinator || user.role == .admin,
                    "canTrack": user.role == .prosecutor || user.role == .admin || user.role == .coordinator,
                    "isStaff": user.role == .staff, "isAdmin": user.role == .admin,
                ] as [String: Any]
        }
        return d
    }
}

/// A submitted `application/x-www-form-urlencoded` form, read with a size limit and checked field by field.
struct Form {
    var fields: [String: String]

    static let maxFieldLength = 2000

    static func read(_ request: Request, context: AppRequestContext) async throws -> Form {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw PageError(.contentTooLarge, "The form is larger than \(context.maxUploadSize / 1024) KiB.")
        }
        let type = request.headers[.contentType] ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw PageError(.unsupportedMediaType, "Forms must be sent as application/x-www-form-urlencoded.")
        }
        return try Form(parsing: String(buffer: buffer))
    }

    init(fields: [String: String]) { self.fields = fields }

    init(parsing text: String) throws {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Form.decode(parts[0]) else { throw PageError(.badRequest, "The form is malformed.") }
            let value = parts.count > 1 ? Form.decode(parts[1]) : ""
            guard let value else { throw PageError(.badRequest, "\(name): the value is malformed.") }
            guard value.count <= Form.maxFieldLength else {
                throw PageError(.unprocessableContent, "\(name): at most \(Form.maxFieldLength) characters.")
            }
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }) else {
                throw PageError(.unprocessableContent, "\(name): contains control characters.")
            }
            guard fields[name] == nil else { throw PageError(.badRequest, "\(name): given twice.") }
            fields[name] = value
        }
        self.fields = fields
    }

    static func decode(_ s: Substring) -> String? {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ name: String) -> String? {
        guard let v = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    func required(_ name: String, max: Int = 200) throws -> String {
        guard let v = self[name] else { throw PageError(.unprocessableContent, "\(name): required.") }
        guard v.count <= max else { throw PageError(.unprocessableContent, "\(name): at most \(max) characters.") }
        return v
    }

    /// A required id (`IdentifierRule`: printable, no URL or list syntax), refused with a message naming the field.
    func identifier(_ name: String) throws -> String {
        let v = try required(name, max: IdentifierRule.maxLength)
        if let problem = IdentifierRule.problem(v) { throw PageError(.unprocessableContent, "\(name): \(problem).") }
        return v
    }

    /// An optional id, checked like `identifier`.
    func optionalIdentifier(_ name: String) throws -> String? {
        guard self[name] != nil else { return nil }
        return try identifier(name)
    }

    /// The field, or nil when it is missing or empty.
    func optional(_ name: String, max: Int = 200) throws -> String? {
        guard let v = self[name] else { return nil }
        guard v.count <= max else { throw PageError(.unprocessableContent, "\(name): at most \(max) characters.") }
        return v
    }

    func int(_ name: String, _ range: ClosedRange<Int>) throws -> Int {
        let text = try required(name, max: 10)
        guard let n = Int(text), range.contains(n) else {
            throw PageError(.unprocessableContent, "\(name): must be a whole number \(range.lowerBound)…\(range.upperBound), got \(text).")
        }
        return n
    }

    func double(_ name: String, _ range: ClosedRange<Double>) throws -> Double {
        let text = try required(name, max: 20)
        guard let n = Double(text), n.isFinite, range.contains(n) else {
            throw PageError(.unprocessableContent, "\(name): must be a number \(range.lowerBound)…\(range.upperBound), got \(text).")
        }
        return n
    }

    /// Checks the CSRF token of a signed-in form against the session's, in constant time.
    func requireCSRF(_ context: AppRequestContext) throws {
        guard let expected = context.csrf, let given = fields["csrf"], constantTimeEqual(Array(given.utf8), Array(expected.utf8)) else {
            throw PageError(.forbidden, "The form has expired or did not come from this site. Go back, reload the page and try again.")
        }
    }
}
