#!/usr/bin/python3
"""Reads every .eml an smtp_sink.py directory holds and prints one JSON object per message, parsed with Python's
email package and the icalendar package (Debian's python3-icalendar): what the mail tests assert on."""
import email
import glob
import json
import os
import sys

import icalendar

out = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.eml"))):
    raw = open(path, "rb").read()
    message = email.message_from_bytes(raw)
    item = {"file": os.path.basename(path), "rcpt": message["X-Sink-Rcpt"], "messageID": message["Message-ID"],
            "subject": str(email.header.make_header(email.header.decode_header(message["Subject"]))), "text": "", "calendar": ""}
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            item["text"] = part.get_payload(decode=True).decode("utf-8")
        elif part.get_content_type() == "text/calendar":
            data = part.get_payload(decode=True)
            item["calendar"] = data.decode("utf-8")
            item["contentMethod"] = part.get_param("method")
            calendar = icalendar.Calendar.from_ical(data)
            item["method"] = str(calendar["METHOD"])
            events = [c for c in calendar.walk("VEVENT")]
            item["events"] = len(events)
            event = events[0]
            item["uid"] = str(event["UID"])
            item["sequence"] = int(event["SEQUENCE"])
            item["status"] = str(event.get("STATUS", ""))
            item["summary"] = str(event.get("SUMMARY", ""))
            item["description"] = str(event.get("DESCRIPTION", ""))
            item["organizer"] = str(event["ORGANIZER"])
    out.append(item)
print(json.dumps(out))
