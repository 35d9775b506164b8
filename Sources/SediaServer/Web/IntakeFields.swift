import Foundation
import Hummingbird
import SediaCore

/// The intake form's child's home and languages: a place from the shipped list (never coordinates) and languages ticked
/// by name.
extension CaseController {
    /// The languages named on the form, in this order, before any other that officers of the user's states speak.
    static let namedLanguages = ["ms", "en", "zh", "ta", "iban", "kadazan"]

    /// A spoken language's name in the reader's language, or its code when Sedia has no name for it.
    static func spokenName(_ code: String, _ t: Localizer) -> String {
        namedLanguages.contains(code) ? t("spoken.\(code)") : code
    }

    /// One box per language: the named ones, then the others officers and psychologists of these states speak.
    func languageBoxes(_ instance: Instance, states: Set<StateInfo.ID>, checked v: [String: String], _ t: Localizer) -> Markup {
        let centres = Set(instance.centres.filter { states.contains($0.state) }.map(\.id))
        var spoken = Set(instance.interviewers.filter { $0.centres.contains(where: centres.contains) }.flatMap(\.languages))
        spoken.formUnion(instance.psychologists.filter { $0.centres.contains(where: centres.contains) }.flatMap(\.languages))
        let codes = Self.namedLanguages + spoken.subtracting(Self.namedLanguages).filter(Self.isLanguageCode).sorted()
        let boxes = codes.map { code -> Markup in
            "<label><input type=\"checkbox\" name=\"lang.\(code)\" id=\"lang-\(code)\" value=\"1\"\(Tag.checked(v["lang.\(code)"] != nil))> \(Self.spokenName(code, t))</label>"
        }
        return "<fieldset class=\"choices\" id=\"languages\"><legend>\(t.field("languages"))</legend>\(boxes)</fieldset>"
    }

    /// A language code as the planning format takes it: 1 to 8 lower-case letters.
    static func isLanguageCode(_ code: String) -> Bool {
        (1...8).contains(code.count) && code.allSatisfy { $0.isASCII && $0.isLowercase }
    }

    /// The ticked languages and the other codes typed beside them; at least one.
    static func spokenLanguages(_ form: Form) throws -> [String] {
        var codes: [String] = []
        for name in form.fields.keys.sorted() where name.hasPrefix("lang.") {
            let code = String(name.dropFirst(5))
            guard isLanguageCode(code) else { throw PageError(.unprocessableContent, key: "form.languages", ["field": "languages"]) }
            if form[name] != nil { codes.append(code) }
        }
        for code in (try form.optional("otherLanguages", max: 100) ?? "").split(separator: ",") {
            let code = code.trimmingCharacters(in: .whitespaces).lowercased()
            guard !code.isEmpty else { continue }
            guard isLanguageCode(code) else { throw PageError(.unprocessableContent, key: "form.otherLanguages", ["field": "otherLanguages"]) }
            if !codes.contains(code) { codes.append(code) }
        }
        guard !codes.isEmpty else { throw PageError(.unprocessableContent, key: "form.languages", ["field": "languages"]) }
        // The named languages first, in the form's order: "ms, en" reads as the coordinator ticked it.
        return codes.sorted { (Self.namedLanguages.firstIndex(of: $0) ?? Int.max, $0) < (Self.namedLanguages.firstIndex(of: $1) ?? Int.max, $1) }
    }

    /// The child's home: one list per state the user may open cases in, by name (the browser's own type-ahead finds
    /// a town), GeoNames' id as the value.
    func homePicker(states: [StateInfo], selected: String?, _ t: Localizer) -> Markup {
        let places = dependencies.places
        guard !places.isEmpty else { return "<p class=\"error\" id=\"home\">\(t("intake.noPlaces", ["field": t.field("home")]))</p>" }
        let groups = states.map { state -> Markup in
            let options = places.places(in: [state.code]).map { Tag.option(String($0.id), $0.name, selected: selected == String($0.id)) }
            return "<optgroup label=\"\(state.name)\">\(options)</optgroup>"
        }
        return """
            <label for="home">\(t.field("home"))</label><select name="home" id="home" required aria-describedby="home-help">\
            <option value="">\(t("intake.choosePlace"))</option>\(groups)</select><small id="home-help">\(t("intake.homeHelp"))</small>
            """
    }

    /// The chosen place, which must be on the list (a hostile form may post any number).
    func homePlace(_ form: Form) throws -> Place {
        guard !dependencies.places.isEmpty else { throw PageError(.unprocessableContent, key: "intake.noPlaces", ["field": "home"]) }
        guard let text = form["home"], let id = Int(text), let place = dependencies.places.place(id: id) else {
            throw PageError(.unprocessableContent, key: "form.home", ["field": "home"])
        }
        return place
    }
}

extension Tag {
    /// Every problem of a form in one alert: a list when there are several.
    static func errors(_ messages: [String]) -> Markup {
        switch messages.count {
        case 0: .empty
        case 1: error(messages[0])
        default: "<div class=\"error\" role=\"alert\"><ul>\(messages.map { "<li>\($0)</li>" as Markup })</ul></div>"
        }
    }
}
