#!/usr/bin/python3
"""Applies iMIP messages, in order, to evolution-data-server's built-in local calendar through ECalClient's
receive_objects (the call Evolution's invitation bar makes on "Accept"/"Update"/"Remove"), and prints what the
calendar holds after each one. Run inside a private D-Bus session with a private HOME (scripts/interop-test.sh).
Usage: eds_apply.py MESSAGE.eml...
"""
import email
import sys

import gi

gi.require_version("EDataServer", "1.2")
gi.require_version("ECal", "2.0")
gi.require_version("ICalGLib", "3.0")
from gi.repository import ECal, EDataServer, ICalGLib  # noqa: E402



def value(component, kind):
    prop = component.get_first_property(kind)
    return prop.get_value_as_string() if prop else "-"


registry = EDataServer.SourceRegistry.new_sync(None)
source = registry.ref_builtin_calendar()
client = ECal.Client.connect_sync(source, ECal.ClientSourceType.EVENTS, 30, None)
for path in sys.argv[1:]:
    message = email.message_from_bytes(open(path, "rb").read())
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar").get_payload(decode=True).decode()
    component = ICalGLib.Component.new_from_string(calendar)
    event = component.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    client.receive_objects_sync(component, ECal.OperationFlags.NONE, None)
    ok, events = client.get_object_list_as_comps_sync("#t", None)
    held = []
    for e in events:
        ical = e.get_icalcomponent()
        held.append("%s seq %d %s %s" % (ical.get_uid(), ical.get_sequence(), ical.get_dtstart().as_ical_string(),
                                         value(ical, ICalGLib.PropertyKind.STATUS_PROPERTY)))
    print("%s: %s seq %d -> calendar holds %d event(s): %s" % (
        path.split("/")[-1], value(component, ICalGLib.PropertyKind.METHOD_PROPERTY), event.get_sequence(), len(events),
        "; ".join(held) or "-"))
