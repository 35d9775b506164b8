import Foundation
import Hummingbird
import SediaCore
import SediaStore

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
            throw PageError(.contentTooLarge, key: "form.tooLarge", ["kib": String(context.maxUploadSize / 1024)])
        }
        let type = request.headers[.contentType] ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw PageError(.unsupportedMediaType, key: "form.mediaType")
        }
        return try Form(parsing: String(buffer: buffer))
    }

    init(fields: [String: String]) { self.fields = fields }

    init(parsing text: String) throws {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Form.decode(parts[0]) else { throw PageError(.badRequest, key: "form.malformed") }
            let value = parts.count > 1 ? Form.decode(parts[1]) : ""
            guard let value else { throw PageError(.badRequest, key: "form.valueMalformed", ["field": name]) }
            guard value.count <= Form.maxFieldLength else {
                throw PageError(.unprocessableContent, key: "form.tooLong", ["field": name, "max": String(Form.maxFieldLength)])
            }
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }) else {
                throw PageError(.unprocessableContent, key: "form.controlCharacters", ["field": name])
            }
            guard fields[name] == nil else { throw PageError(.badRequest, key: "form.twice", ["field": name]) }
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
        guard let v = self[name] else { throw PageError(.unprocessableContent, key: "form.required", ["field": name]) }
        guard v.count <= max else { throw PageError(.unprocessableContent, key: "form.tooLong", ["field": name, "max": String(max)]) }
        return v
    }

    /// A required id (`IdentifierRule`: printable, no URL or list syntax), refused with a message naming the field.
    func identifier(_ name: String) throws -> String {
        let v = try required(name, max: IdentifierRule.maxLength)
        if IdentifierRule.problem(v) != nil { throw PageError(.unprocessableContent, key: "form.identifier", ["field": name]) }
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
        guard v.count <= max else { throw PageError(.unprocessableContent, key: "form.tooLong", ["field": name, "max": String(max)]) }
        return v
    }

    func int(_ name: String, _ range: ClosedRange<Int>) throws -> Int {
        let text = try required(name, max: 10)
        guard let n = Int(text), range.contains(n) else {
            throw PageError(
                .unprocessableContent, key: "form.wholeNumber",
                ["field": name, "min": String(range.lowerBound), "max": String(range.upperBound), "got": text])
        }
        return n
    }

    func double(_ name: String, _ range: ClosedRange<Double>) throws -> Double {
        let text = try required(name, max: 20)
        guard let n = Double(text), n.isFinite, range.contains(n) else {
            throw PageError(
                .unprocessableContent, key: "form.number",
                ["field": name, "min": String(range.lowerBound), "max": String(range.upperBound), "got": text])
        }
        return n
    }

    /// Checks the CSRF token of a signed-in form against the session's, in constant time.
    func requireCSRF(_ context: AppRequestContext) throws {
        guard let expected = context.csrf, let given = fields["csrf"], constantTimeEqual(Array(given.utf8), Array(expected.utf8)) else {
            throw PageError(.forbidden, key: "form.expired")
        }
    }
}
