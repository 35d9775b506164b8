import CLibical
public import SediaCore

extension FeedCalendar {
    /// The feeds whose subscribers attend the interview themselves, and so get reminders of it.
    static let remindedKinds: Set<FeedKind> = [.interviewer, .psychologist, .prosecutor]

    /// Reminders before an interview, in seconds: a day and an hour.
    static let reminderOffsets = [86_400, 3_600]

    /// LOCATION and GEO of an interview (its centre, `FeedLocation`) and, in the feeds of the people who attend it,
    /// DISPLAY reminders a day and an hour before unless the subscriber turned them off (`FeedOptions.reminders`).
    /// Busy-only renderings and cancelled events get neither: "busy" says nothing of where, and nothing is left to attend.
    static func addPlaceAndReminders(
        _ entry: FeedState.Entry, _ feed: FeedID, _ words: FeedWords, options: FeedOptions, places: FeedPlaces, to ev: OpaquePointer?
    ) {
        let e = entry.event
        guard e.kind == .interview, !feed.busyOnly else { return }
        if let centre = e.centre, let location = places.centreLocations[centre] {
            icalcomponent_add_property(ev, icalproperty_new_location(clean(location.text)))
            icalcomponent_add_property(ev, icalproperty_new_geo(icalgeotype(lat: location.lat, lon: location.lon)))
        }
        guard options.reminders, entry.cancelledAt == nil, remindedKinds.contains(feed.kind) else { return }
        let text = clean(summary(of: e, in: feed, words: words))
        for seconds in reminderOffsets {
            let alarm = icalcomponent_new(ICAL_VALARM_COMPONENT)
            icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY))
            icalcomponent_add_property(alarm, icalproperty_new_trigger(icaltriggertype_from_int(Int32(-seconds))))
            icalcomponent_add_property(alarm, icalproperty_new_description(text))
            icalcomponent_add_component(ev, alarm)
        }
    }
}
