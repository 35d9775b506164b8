import CLibical
public import SediaCore

extension FeedCalendar {
    /// The `text/calendar` body of an invitation: METHOD, our VTIMEZONE and one VEVENT with the feed event's UID,
    /// `sequence`, ORGANIZER (the installation's mailbox) and the one ATTENDEE. SUMMARY and DESCRIPTION are the ones
    /// `feed` (the attendee's own feed) publishes, so an invitation shows exactly what that person's feed shows:
    /// the case reference only in the case's own prosecutor's feed kinds, and never anything about the child; in
    /// `words`' language (the recipient's).
    public static func invitation(
        method: InvitationMethod, uid: String, sequence: Int, stamp: UTCInstant, event: FeedEvent, feed: FeedID, organizer: String,
        attendee: String, words: FeedWords = .english
    ) -> [UInt8] {
        let cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT)
        defer { icalcomponent_free(cal) }
        icalcomponent_add_property(cal, icalproperty_new_version("2.0"))
        icalcomponent_add_property(cal, icalproperty_new_prodid(prodid))
        icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"))
        icalcomponent_add_property(cal, icalproperty_new_method(method == .request ? ICAL_METHOD_REQUEST : ICAL_METHOD_CANCEL))
        if case .timed = event.when { icalcomponent_add_component(cal, timezoneComponent()) }
        let ev = icalcomponent_new(ICAL_VEVENT_COMPONENT)
        icalcomponent_add_property(ev, icalproperty_new_uid(uid))
        icalcomponent_add_property(ev, icalproperty_new_dtstamp(utcTime(stamp)))
        addWhen(event.when, to: ev)
        icalcomponent_add_property(ev, icalproperty_new_sequence(Int32(clamping: sequence)))
        icalcomponent_add_property(ev, icalproperty_new_summary(clean(summary(of: event, in: feed, words: words))))
        if let text = description(of: event, in: feed, words: words) { icalcomponent_add_property(ev, icalproperty_new_description(clean(text))) }
        let organizerProperty = icalproperty_new_organizer("mailto:" + clean(organizer))
        icalproperty_add_parameter(organizerProperty, icalparameter_new_cn("Sedia"))
        icalcomponent_add_property(ev, organizerProperty)
        let attendeeProperty = icalproperty_new_attendee("mailto:" + clean(attendee))
        icalproperty_add_parameter(attendeeProperty, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT))
        icalproperty_add_parameter(attendeeProperty, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION))
        icalproperty_add_parameter(attendeeProperty, icalparameter_new_rsvp(ICAL_RSVP_FALSE))
        icalcomponent_add_property(ev, attendeeProperty)
        icalcomponent_add_property(ev, icalproperty_new_status(method == .request ? ICAL_STATUS_CONFIRMED : ICAL_STATUS_CANCELLED))
        let busy = method == .request && (event.kind == .interview || event.kind == .hearing)
        icalcomponent_add_property(ev, icalproperty_new_transp(busy ? ICAL_TRANSP_OPAQUE : ICAL_TRANSP_TRANSPARENT))
        icalcomponent_add_component(cal, ev)
        return serialise(cal)
    }
}
