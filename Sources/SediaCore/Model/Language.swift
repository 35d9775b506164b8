/// The languages Sedia's texts are written in: an account's pages, its mail and its feeds. (A child's or an officer's
/// spoken languages are open-ended codes in the planning format, not this.)
public enum Language: String, Sendable, CaseIterable, Codable {
    case ms, en
}
