public import Foundation

/// Apple's `.strings` format (`"key" = "text";` with comments), the one format Sedia's translators edit
/// (`Strings/en.strings` and `Strings/ms.strings`). Read with Foundation's property-list reader.
public enum StringsFile {
    /// Why a texts file could not be read, naming the file.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        public var message: String
        public var description: String { message }
    }

    /// The file's texts by key; `file` names it in the error.
    public static func parse(_ data: Data, file: String) throws(Error) -> [String: String] {
        do {
            if let table = try PropertyListSerialization.propertyList(from: data, options: [], format: nil) as? [String: String] { return table }
        } catch {
            // corelibs Foundation wants the braces of an old-style dictionary: retry with them.
            let wrapped = Data("{\n".utf8) + data + Data("\n}".utf8)
            if let table = try? PropertyListSerialization.propertyList(from: wrapped, options: [], format: nil) as? [String: String] {
                return table
            }
            throw Error(message: "\(file): not a .strings file: \(error.localizedDescription)")
        }
        throw Error(message: "\(file): not a table of texts")
    }
}
