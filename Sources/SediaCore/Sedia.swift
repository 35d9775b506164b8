/// Namespace for facts about this build of Sedia.
public enum Sedia {
    /// Sedia's version, shown by `sedia version` and written into feeds' PRODID.
    public static let version = "0.1.0"
}
