import CLibical

/// The libical version Sedia was linked against, for `sedia --version` and bug reports.
public var libicalVersion: String { String(cString: ICAL_VERSION) }
