import SediaCore

extension Localizer {
    /// A broken planning rule in the reader's language, with its ids, dates and times as the reader writes them.
    func violation(_ kind: Violation.Kind) -> String {
        let (key, values) = violationText(kind)
        return self(key, values)
    }

    /// The key of a violation's text (`violation.*`) and its values ({1}, {2}…).
    func violationText(_ kind: Violation.Kind) -> (String, KeyValuePairs<String, String>) {
        func task(_ t: TaskKind, _ interview: String, _ hearing: String) -> String { "violation." + (t == .interview ? interview : hearing) }
        switch kind {
        case .unassignedWithoutReason(let t): return (task(t, "interviewUnassignedWithoutReason", "hearingUnassignedWithoutReason"), [:])
        case .unknownCase(let t): return (task(t, "interviewOfUnknownCase", "hearingOfUnknownCase"), [:])
        case .notRequired(let t): return (task(t, "interviewNotRequired", "hearingNotRequired"), [:])
        case .listedMoreThanOnce(let t, let scheduled, let unassigned):
            return (task(t, "interviewListedTwice", "hearingListedTwice"), ["1": String(scheduled + unassigned)])
        case .missing(let t): return (task(t, "interviewMissing", "hearingMissing"), [:])
        case .otherInstance(let plan, let instance): return ("violation.otherInstance", ["1": plan, "2": instance])
        case .declaredScore(let declared, let verified): return ("violation.declaredScore", ["1": declared.description, "2": verified.description])
        case .notWorkingDay(let d, let state, let weekend):
            return (weekend ? "violation.weekend" : "violation.holiday", ["1": date(d), "2": state.rawValue])
        case .offGrid(let s, let grid): return ("violation.offGrid", ["1": time(s), "2": String(grid)])
        case .outsideOpeningHours(let s, let e, let open, let close, let centre):
            return ("violation.outsideOpeningHours", ["1": timeSpan(s, e), "2": centre.rawValue, "3": timeSpan(open, close)])
        case .duringBreak(let s, let e, let weekday, let bs, let be, let centre):
            return ("violation.duringBreak", ["1": timeSpan(s, e), "2": timeSpan(bs, be), "3": self.weekday(weekday), "4": centre.rawValue])
        case .roomWithoutCentre(let room): return ("violation.roomWithoutCentre", ["1": room.rawValue])
        case .interviewOutsideHorizon(let d, let start, let end):
            return ("violation.interviewOutsideHorizon", ["1": date(d), "2": date(start), "3": date(end)])
        case .roomClosed(let room, let d): return ("violation.roomClosed", ["1": room.rawValue, "2": date(d)])
        case .interviewBeforeEarliest(let d, let earliest): return ("violation.interviewBeforeEarliest", ["1": date(d), "2": date(earliest)])
        case .noRecording(let room): return ("violation.noRecording", ["1": room.rawValue])
        case .notAccessible(let room): return ("violation.notAccessible", ["1": room.rawValue])
        case .tooFar(let centre, let km, let limit): return ("reason.tooFar", ["1": centre.rawValue, "2": String(km), "3": String(limit)])
        case .interviewerNotAtCentre(let io, let centre): return ("violation.interviewerNotAtCentre", ["1": io.rawValue, "2": centre.rawValue])
        case .trainingExpired(let io, let until, let d): return ("violation.trainingExpired", ["1": io.rawValue, "2": date(until), "3": date(d)])
        case .interviewerUnavailable(let io, let d): return ("violation.interviewerUnavailable", ["1": io.rawValue, "2": date(d)])
        case .interviewerNoLanguage(let io): return ("violation.interviewerNoLanguage", ["1": io.rawValue])
        case .interviewerGender(let io, _, let required):
            return (
                "violation.interviewerGender",
                ["1": io.rawValue, "2": self("gender.\(required)") == "gender.\(required)" ? required : self("gender.\(required)")]
            )
        case .unknownInterviewer(let io): return ("violation.unknownInterviewer", ["1": io.rawValue])
        case .psychologistMissing(let t): return (task(t, "psychologistMissingForInterview", "psychologistMissingForHearing"), [:])
        case .psychologistNotNeeded(let p, let t):
            return (task(t, "psychologistNotNeededForInterview", "psychologistNotNeededForHearing"), ["1": p.rawValue])
        case .unknownPsychologist(let p, _): return ("violation.unknownPsychologist", ["1": p.rawValue])
        case .psychologistUnavailable(let p, let d, _): return ("violation.psychologistUnavailable", ["1": p.rawValue, "2": date(d)])
        case .psychologistNotAtCentre(let p, let centre): return ("violation.psychologistNotAtCentre", ["1": p.rawValue, "2": centre.rawValue])
        case .psychologistNoLanguage(let p): return ("violation.psychologistNoLanguage", ["1": p.rawValue])
        case .psychologistNotAtCourt(let p, let court): return ("violation.psychologistNotAtCourt", ["1": p.rawValue, "2": court.rawValue])
        case .psychologistHearingsSameDay(let p, let d, let count):
            return ("violation.psychologistHearingsSameDay", ["1": p.rawValue, "2": String(count), "3": date(d)])
        case .doubleBooked(let r, let d, let other, let os, let oe, let s, let e):
            return (
                "violation.doubleBooked", ["1": bookedResource(r), "2": date(d), "3": timeSpan(s, e), "4": other.rawValue, "5": timeSpan(os, oe)]
            )
        case .overDailyLimit(let person, let d, let count, let max):
            return ("violation.overDailyLimit", ["1": self.person(person), "2": String(count), "3": date(d), "4": String(max)])
        case .severalCentres(let person, let d, let centres):
            return ("violation.severalCentres", ["1": self.person(person), "2": date(d), "3": both(centres.map(\.rawValue))])
        case .hearingAndInterviews(let p, let d, let interviews):
            return ("violation.hearingAndInterviews", ["1": p.rawValue, "2": date(d), "3": both(interviews.map(\.rawValue))])
        case .pinnedInterviewChanged(let changes):
            return ("violation.pinnedInterviewChanged", ["1": changes.map(change).joined(separator: "; ")])
        case .pinnedInterviewUnassigned: return ("violation.pinnedInterviewUnassigned", [:])
        case .wrongCourt(let court, let caseCourt): return ("violation.wrongCourt", ["1": court.rawValue, "2": caseCourt.rawValue])
        case .wrongDayCount(let given, let needed): return ("violation.wrongDayCount", ["1": String(given), "2": String(needed)])
        case .datesNotIncreasing: return ("violation.datesNotIncreasing", [:])
        case .notSittingDay(let d, let court, let weekday, let notWorkingIn, let closed):
            var why: [String] = []
            if weekday { why.append(self("violation.why.weekday", ["1": self.weekday(d.weekday)])) }
            if let notWorkingIn { why.append(self("violation.why.notWorking", ["1": notWorkingIn.rawValue])) }
            if closed { why.append(self("violation.why.closed")) }
            return ("violation.notSittingDay", ["1": date(d), "2": court.rawValue, "3": why.joined(separator: "; ")])
        case .sittingDaySkipped(let d, let court, let a, let b):
            return ("violation.sittingDaySkipped", ["1": date(d), "2": court.rawValue, "3": date(a), "4": date(b)])
        case .unknownCourt(let court): return ("violation.unknownCourt", ["1": court.rawValue])
        case .hearingBeforeEarliest(let first, let earliest): return ("violation.hearingBeforeEarliest", ["1": date(first), "2": date(earliest)])
        case .hearingOutsideHorizon(let d, let start, let end):
            return ("violation.hearingOutsideHorizon", ["1": date(d), "2": date(start), "3": date(end)])
        case .tooLittlePreparation(let first, let days, let interview, let minPrep):
            return ("violation.tooLittlePreparation", ["1": date(first), "2": String(days), "3": date(interview), "4": String(minPrep)])
        case .noInterviewBeforeHearing: return ("violation.noInterviewBeforeHearing", [:])
        case .noVideoLink(let court): return ("reason.noVideo", ["1": court.rawValue])
        case .courtOverfull(let court, let d, let count, let max):
            return ("violation.courtOverfull", ["1": court.rawValue, "2": String(count), "3": date(d), "4": String(max)])
        case .pinnedHearingChanged(let pinned, let planned, let pinnedPsychologist, let plannedPsychologist):
            let none = self("violation.noPsychologist")
            return (
                "violation.pinnedHearingChanged",
                [
                    "1": dates(pinned), "2": pinnedPsychologist?.rawValue ?? none, "3": dates(planned), "4": plannedPsychologist?.rawValue ?? none,
                ]
            )
        case .pinnedHearingUnassigned: return ("violation.pinnedHearingUnassigned", [:])
        case .tooManyMoves(let moves, let max): return ("violation.tooManyMoves", ["1": String(moves), "2": String(max)])
        }
    }

    /// "bilik CIC-KB-1", "pegawai temu bual IO-1".
    func bookedResource(_ resource: Violation.Resource) -> String {
        switch resource {
        case .room(let id): self("store.room", ["1": id.rawValue])
        case .interviewer(let id): self("store.interviewer", ["1": id.rawValue])
        case .psychologist(let id): self("store.psychologist", ["1": id.rawValue])
        }
    }

    func person(_ person: Violation.Person) -> String {
        switch person {
        case .interviewer(let id): bookedResource(.interviewer(id))
        case .psychologist(let id): bookedResource(.psychologist(id))
        }
    }

    /// One change a plan made to a pinned interview: "room A-1 → A-2".
    func change(_ change: Violation.PinnedChange) -> String {
        let none = self("violation.noPsychologist")
        return switch change {
        case .room(let a, let b): self("violation.change.room", ["1": a.rawValue, "2": b.rawValue])
        case .interviewer(let a, let b): self("violation.change.interviewer", ["1": a.rawValue, "2": b.rawValue])
        case .psychologist(let a, let b): self("violation.change.psychologist", ["1": a?.rawValue ?? none, "2": b?.rawValue ?? none])
        case .start(let a, let b): self("violation.change.start", ["1": dateTime(a), "2": dateTime(b)])
        }
    }
}
