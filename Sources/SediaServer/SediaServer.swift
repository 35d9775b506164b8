import Hummingbird

/// The HTTP application (routes, auth, pages, feeds) is built here.
public enum SediaServer {}
