import CLibical
public import SediaCore

/// Renders feeds as RFC 5545 text through libical, and reads them back for checks.
///
/// The only part of the export that touches C pointers. Output: one VCALENDAR, CRLF line ends, lines folded at
/// 75 octets without splitting a UTF-8 sequence, TEXT escaped by libical, times with `TZID=Asia/Kuala_Lumpur` and
/// a one-observance VTIMEZONE, whole days as `VALUE=DATE` with an exclusive end.
public enum FeedCalendar {
    /// The only zone the planning format allows (UTC+8, no daylight saving since 1982).
    public static let tzid = MalaysianTime.tzid
    public static let utcOffsetSeconds = MalaysianTime.utcOffsetSeconds
    public static let prodid = "-//Sedia//Sedia \(Sedia.version)//EN"

    /// Every property a feed may contain, per component. The privacy test asserts nothing else ever appears.
    public static let allowedProperties: [String: Set<String>] = [
        "VCALENDAR": ["VERSION", "PRODID", "CALSCALE", "NAME", "X-WR-CALNAME", "X-WR-TIMEZONE", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"],
        "VTIMEZONE": ["TZID"],
        "STANDARD": ["TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "DTSTART"],
        "VEVENT": [
            "UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "LAST-MODIFIED", "SUMMARY", "DESCRIPTION", "LOCATION", "GEO", "STATUS", "TRANSP",
        ],
        "VALARM": ["ACTION", "TRIGGER", "DESCRIPTION"],
        "VTODO": ["UID", "DTSTAMP", "DUE", "DTSTART", "PRIORITY", "SEQUENCE", "LAST-MODIFIED", "SUMMARY", "DESCRIPTION", "STATUS"],
    ]

    /// The calendar's display name, a fixed template over the owner's id, in `words`' language.
    public static func title(of feed: FeedID, words: FeedWords = .english) -> String {
        let base = words("calendar.\(feed.kind.rawValue)", ["owner": feed.owner])
        return words("calendar.prefix") + base + (feed.busyOnly ? words("calendar.busyOnly") : "")
    }

    /// The event's title: a fixed template over identifiers, with the case reference only in the prosecutor's feeds.
    /// A deadline or readiness item is titled by its rule's label, in Bahasa Malaysia when the rule file gives one.
    public static func summary(of event: FeedEvent, in feed: FeedID, words: FeedWords = .english) -> String {
        if feed.busyOnly { return words("summary.busy") }
        let ref = feed.kind.showsCaseReference ? " – " + event.caseID : ""
        switch event.kind {
        case .interview:
            return words("summary.interview") + ref + " – " + roomLabel(room: event.room, centre: event.centre, words: words)
        case .hearing:
            var text = words("summary.hearing") + ref + " – " + (event.court ?? words("summary.court"))
            if let i = event.dayIndex, let n = event.dayCount, n > 1 { text += words("summary.dayOf", ["day": String(i), "count": String(n)]) }
            return text
        case .readiness, .deadline:
            let items = event.dueItems
            if items.count > 1 { return words("summary.dueItems", ["count": String(items.count)]) + ref }
            let label = items.first.map { words.language == .ms ? $0.labelMs ?? $0.label : $0.label }
            return (label ?? words("summary.due")) + ref
        }
    }

    /// `CIC-KB room 1` for room `CIC-KB-1` of centre `CIC-KB`.
    static func roomLabel(room: String?, centre: String?, words: FeedWords = .english) -> String {
        guard let room else { return centre ?? words("room.unknown") }
        guard let centre else { return words("room.alone", ["room": room]) }
        if room.hasPrefix(centre + "-"), room.count > centre.count + 1 {
            return words("room.inCentre", ["centre": centre, "room": String(room.dropFirst(centre.count + 1))])
        }
        return words("room.inCentre", ["centre": centre, "room": room])
    }

    /// Who and where, for subscribers who see more than "busy": staff, room and court ids only.
    static func description(of event: FeedEvent, in feed: FeedID, words: FeedWords = .english) -> String? {
        if feed.busyOnly { return nil }
        var lines: [String] = []
        switch event.kind {
        case .interview:
            if let interviewer = event.interviewer { lines.append(words("description.interviewer") + interviewer) }
            if let psychologist = event.psychologist { lines.append(words("description.psychologist") + psychologist) }
            if let room = event.room { lines.append(words("description.room") + room) }
        case .hearing:
            if let court = event.court { lines.append(words("description.court") + court) }
            if let psychologist = event.psychologist { lines.append(words("description.psychologist") + psychologist) }
        case .readiness, .deadline:
            // One line per item still to do, with its status when the law allows it later, then where it comes from.
            // (An event stored before items were grouped has one item and its `done`.)
            for item in event.dueItems {
                lines.append("• " + (words.language == .ms ? item.labelMs ?? item.label : item.label))
                if event.done != nil || item.advisory != nil {
                    lines.append("  " + words("description.status") + status(done: event.done == true, advisory: item.advisory, words: words))
                }
                if let source = item.source { lines.append("  " + words("description.source") + source) }
            }
        }
        lines.append(words("description.footer"))
        return lines.joined(separator: "\n")
    }

    /// The feed's bytes. `entries` are the state's entries whose events belong to this feed and lie in the window;
    /// those with `cancelledAt` are published as STATUS:CANCELLED.
    /// `places` says which state each event is in, for a feed seen from one state (`FeedID.viewerState`).
    public static func render(feed: FeedID, entries: [FeedState.Entry], options: FeedOptions, places: FeedPlaces = .init()) -> [UInt8] {
        var cache = BlockCache()
        return render(feed: feed, entries: entries, options: options, places: places, cache: &cache)
    }

    /// Serialised VEVENT/VTODO blocks by UID and flavour: an event sits in up to six feeds (interviewer, psychologist,
    /// room, centre, prosecutor and their busy variants) but has at most five renderings, so each is made once.
    struct BlockCache {
        var blocks: [String: [UInt8]] = [:]
    }

    static func render(feed: FeedID, entries: [FeedState.Entry], options: FeedOptions, places: FeedPlaces, cache: inout BlockCache) -> [UInt8] {
        let words = FeedWords.forLanguage(options.language)
        let (prefix, suffix) = frame(feed: feed, options: options, words: words)
        let ordered = entries.sorted { a, b in
            let (ka, kb) = (sortKey(a.event.when), sortKey(b.event.when))
            return ka != kb ? ka < kb : a.uid < b.uid
        }
        let busyFeed = FeedID(kind: feed.kind, owner: feed.owner, busyOnly: true)
        var out = prefix
        for entry in ordered {
            // Seen from one state, another state's event is busy time only: no room, centre, court or colleague.
            let shown = feed.viewerState.map { places.state(of: entry.event) != $0 } == true ? busyFeed : feed
            // Staff feeds whose subscribers attend get reminders, the room and centre feeds not: two renderings.
            let reminded = options.reminders && remindedKinds.contains(shown.kind)
            let flavour = shown.busyOnly ? "b" : shown.kind == .tasks ? "t" : shown.kind.showsCaseReference ? "r" : reminded ? "a" : "p"
            let key = flavour + entry.uid
            if let block = cache.blocks[key] {
                out += block
            } else {
                let component = shown.kind == .tasks ? todo(entry, shown, words) : event(entry, shown, words)
                if shown.kind != .tasks { addPlaceAndReminders(entry, shown, words, options: options, places: places, to: component) }
                let block = serialise(component)
                icalcomponent_free(component)
                cache.blocks[key] = block
                out += block
            }
        }
        return out + suffix
    }

    /// The words after "Status:". An advisory step is never called overdue or open-and-late: the law allows it later
    /// ("after-due") or makes it optional ("always").
    static func status(done: Bool, advisory: String?, words: FeedWords = .english) -> String {
        if done { return words("status.done") }
        switch advisory {
        case "always"?: return words("status.always")
        case "after-due"?: return words("status.afterDue")
        default: return words("status.open")
        }
    }

    /// The calendar around the events, cut where the events go (before `END:VCALENDAR`). libical writes a nested
    /// component exactly as it writes it alone, so the joined bytes are those of one VCALENDAR serialised whole.
    static func frame(feed: FeedID, options: FeedOptions, words: FeedWords) -> (prefix: [UInt8], suffix: [UInt8]) {
        let cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT)
        defer { icalcomponent_free(cal) }
        icalcomponent_add_property(cal, icalproperty_new_version("2.0"))
        icalcomponent_add_property(cal, icalproperty_new_prodid(prodid))
        icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"))
        let name = clean(title(of: feed, words: words))
        icalcomponent_add_property(cal, icalproperty_new_name(name))
        addX(cal, "X-WR-CALNAME", escapeText(name))
        addX(cal, "X-WR-TIMEZONE", tzid)
        var refresh = icaldurationtype_null_duration()
        refresh.hours = UInt32(options.refreshMinutes / 60)
        refresh.minutes = UInt32(options.refreshMinutes % 60)
        if let prop = icalproperty_new_refreshinterval(refresh) {
            icalproperty_add_parameter(prop, icalparameter_new_value(ICAL_VALUE_DURATION))
            icalcomponent_add_property(cal, prop)
        }
        let ttl = icaldurationtype_as_ical_string_r(refresh)
        addX(cal, "X-PUBLISHED-TTL", ttl.map { String(cString: $0) } ?? "PT1H")
        if let ttl { icalmemory_free_buffer(ttl) }
        icalcomponent_add_component(cal, timezoneComponent())
        let whole = serialise(cal)
        let end = Array("END:VCALENDAR\r\n".utf8)
        guard whole.count >= end.count, Array(whole.suffix(end.count)) == end else { return (whole, []) }
        return (Array(whole.dropLast(end.count)), end)
    }

    /// libical's text for one component, folded our way.
    static func serialise(_ component: OpaquePointer?) -> [UInt8] {
        guard let text = icalcomponent_as_ical_string_r(component) else { return [] }
        defer { icalmemory_free_buffer(text) }
        var length = 0
        while text[length] != 0 { length += 1 }
        return refold(UnsafeRawBufferPointer(start: text, count: length))
    }

    private static func sortKey(_ when: FeedWhen) -> (Int, Int) {
        switch when {
        case .timed(let start, _): (start.day.ordinal, start.minute)
        case .allDay(let day): (day.ordinal, -1)
        }
    }

    private static func event(_ entry: FeedState.Entry, _ feed: FeedID, _ words: FeedWords) -> OpaquePointer? {
        let e = entry.event
        let ev = icalcomponent_new(ICAL_VEVENT_COMPONENT)
        icalcomponent_add_property(ev, icalproperty_new_uid(entry.uid))
        icalcomponent_add_property(ev, icalproperty_new_dtstamp(utcTime(entry.lastModified)))
        addWhen(e.when, to: ev)
        icalcomponent_add_property(ev, icalproperty_new_sequence(Int32(clamping: entry.sequence)))
        icalcomponent_add_property(ev, icalproperty_new_lastmodified(utcTime(entry.lastModified)))
        icalcomponent_add_property(ev, icalproperty_new_summary(clean(summary(of: e, in: feed, words: words))))
        if let text = description(of: e, in: feed, words: words) { icalcomponent_add_property(ev, icalproperty_new_description(clean(text))) }
        icalcomponent_add_property(ev, icalproperty_new_status(entry.cancelledAt == nil ? ICAL_STATUS_CONFIRMED : ICAL_STATUS_CANCELLED))
        let busy = (e.kind == .interview || e.kind == .hearing) && entry.cancelledAt == nil
        icalcomponent_add_property(ev, icalproperty_new_transp(busy ? ICAL_TRANSP_OPAQUE : ICAL_TRANSP_TRANSPARENT))
        return ev
    }

    private static func todo(_ entry: FeedState.Entry, _ feed: FeedID, _ words: FeedWords) -> OpaquePointer? {
        let e = entry.event
        let td = icalcomponent_new(ICAL_VTODO_COMPONENT)
        icalcomponent_add_property(td, icalproperty_new_uid(entry.uid))
        icalcomponent_add_property(td, icalproperty_new_dtstamp(utcTime(entry.lastModified)))
        // An advisory step has a start, not a DUE: calendar clients mark a to-do past its DUE as overdue, and the law
        // does not make this one overdue. A low PRIORITY (9) keeps it below the duties in task lists.
        let items = e.dueItems
        let advisory = !items.isEmpty && items.allSatisfy { $0.advisory != nil } && e.done != true
        if advisory {
            icalcomponent_add_property(td, icalproperty_new_dtstart(date(e.when.firstDay)))
            icalcomponent_add_property(td, icalproperty_new_priority(9))
        } else {
            icalcomponent_add_property(td, icalproperty_new_due(date(e.when.firstDay)))
        }
        icalcomponent_add_property(td, icalproperty_new_sequence(Int32(clamping: entry.sequence)))
        icalcomponent_add_property(td, icalproperty_new_lastmodified(utcTime(entry.lastModified)))
        icalcomponent_add_property(td, icalproperty_new_summary(clean(summary(of: e, in: feed, words: words))))
        if let text = description(of: e, in: feed, words: words) { icalcomponent_add_property(td, icalproperty_new_description(clean(text))) }
        let status: icalproperty_status =
            entry.cancelledAt != nil ? ICAL_STATUS_CANCELLED : (e.done == true ? ICAL_STATUS_COMPLETED : ICAL_STATUS_NEEDSACTION)
        icalcomponent_add_property(td, icalproperty_new_status(status))
        return td
    }

    /// Our own VTIMEZONE: libical's built-in one is named `/freeassociation.sourceforge.net/Asia/Kuala_Lumpur` and
    /// carries observances back to 1901 (LMT, +0720, +0730...) that no client needs.
    static func timezoneComponent() -> OpaquePointer? {
        let tz = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT)
        icalcomponent_add_property(tz, icalproperty_new_tzid(tzid))
        let standard = icalcomponent_new(ICAL_XSTANDARD_COMPONENT)
        icalcomponent_add_property(standard, icalproperty_new_tzoffsetfrom(Int32(utcOffsetSeconds)))
        icalcomponent_add_property(standard, icalproperty_new_tzoffsetto(Int32(utcOffsetSeconds)))
        icalcomponent_add_property(standard, icalproperty_new_tzname("+08"))
        var start = icaltime_null_time()
        start.year = 1970
        start.month = 1
        start.day = 1
        icalcomponent_add_property(standard, icalproperty_new_dtstart(start))
        icalcomponent_add_component(tz, standard)
        return tz
    }

    /// DTSTART and DTEND of `when`: local times in our time zone, or a whole day (DTEND the day after, exclusive).
    static func addWhen(_ when: FeedWhen, to ev: OpaquePointer?) {
        switch when {
        case .timed(let start, let end):
            icalcomponent_add_property(ev, zoned(icalproperty_new_dtstart(localTime(start))))
            icalcomponent_add_property(ev, zoned(icalproperty_new_dtend(localTime(end))))
        case .allDay(let day):
            icalcomponent_add_property(ev, icalproperty_new_dtstart(date(day)))
            icalcomponent_add_property(ev, icalproperty_new_dtend(date(day.adding(days: 1))))
        }
    }

    static func zoned(_ prop: OpaquePointer?) -> OpaquePointer? {
        icalproperty_add_parameter(prop, icalparameter_new_tzid(tzid))
        return prop
    }

    private static func addX(_ comp: OpaquePointer?, _ name: String, _ value: String) {
        let prop = icalproperty_new_x(value)
        icalproperty_set_x_name(prop, name)
        icalcomponent_add_property(comp, prop)
    }

    static func localTime(_ t: LocalDateTime) -> icaltimetype {
        var v = icaltime_null_time()
        let c = t.day.components
        v.year = Int32(c.year)
        v.month = Int32(c.month)
        v.day = Int32(c.day)
        v.hour = Int32(t.minute / 60)
        v.minute = Int32(t.minute % 60)
        return v
    }

    static func date(_ d: Day) -> icaltimetype {
        var v = icaltime_null_date()
        let c = d.components
        v.year = Int32(c.year)
        v.month = Int32(c.month)
        v.day = Int32(c.day)
        v.is_date = 1
        return v
    }

    static func utcTime(_ t: UTCInstant) -> icaltimetype {
        let (day, second) = t.utc
        var v = localTime(LocalDateTime(day: day, minute: second / 60))
        v.second = Int32(second % 60)
        v.zone = icaltimezone_get_utc_timezone()
        return v
    }

    /// Drops control characters (a NUL would cut the C string; CR and LF inside text are escaped by libical, but
    /// identifiers should never hold them) while keeping the newlines our own templates put in descriptions.
    /// Leading and trailing blanks go too: libical's parser drops trailing whitespace, so they would not round-trip.
    static func clean(_ text: String) -> String {
        // Nearly every text is already clean: check its bytes once and hand it back untouched.
        let bytes = text.utf8
        if let first = bytes.first, let last = bytes.last, first != 0x20, first != 0x0A, last != 0x20, last != 0x0A,
            !bytes.contains(where: { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F })
        {
            return text
        }
        var scalars = Array(text.unicodeScalars.filter { $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7F) })
        while let last = scalars.last, last == " " || last == "\n" { scalars.removeLast() }
        while let first = scalars.first, first == " " || first == "\n" { scalars.removeFirst() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// RFC 5545 TEXT escaping, for the X- properties libical writes verbatim.
    static func escapeText(_ text: String) -> String {
        var out = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Unfolds libical's output (it folds at whitespace and may leave lines far longer than 75 octets with CJK text)
    /// and folds again at 75 octets, never inside a UTF-8 sequence; line ends are CRLF.
    static func refold(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count + raw.count / 32)
        var line: [UInt8] = []
        line.reserveCapacity(256)
        var i = 0
        let n = raw.count
        func flush() {
            var start = 0
            var limit = 75
            while line.count - start > limit {
                var cut = start + limit
                while cut > start, line[cut] & 0xC0 == 0x80 { cut -= 1 }
                out.append(contentsOf: line[start..<cut])
                out.append(0x0D)
                out.append(0x0A)
                out.append(0x20)
                start = cut
                limit = 74
            }
            out.append(contentsOf: line[start...])
            out.append(0x0D)
            out.append(0x0A)
            line.removeAll(keepingCapacity: true)
        }
        while i < n {
            let b = raw[i]
            if b == 0x0D || b == 0x0A {
                // A line break: CRLF (or a bare LF). If the next line starts with a space or tab it is a continuation.
                var next = i + 1
                if b == 0x0D, next < n, raw[next] == 0x0A { next += 1 }
                if next < n, raw[next] == 0x20 || raw[next] == 0x09 {
                    i = next + 1
                } else {
                    flush()
                    i = next
                }
                continue
            }
            line.append(b)
            i += 1
        }
        if !line.isEmpty { flush() }
        return out
    }
}
