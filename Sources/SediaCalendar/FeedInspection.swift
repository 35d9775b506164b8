import CLibical

/// A feed read back through libical's parser: what a client will see. Used by the tests, and by the server to check what it serves.
public struct FeedInspection: Sendable, Equatable {
    /// One property as libical parsed it: the component it sits in, its name, its value as text (unescaped) and its
    /// parameters (`TZID=…`, `VALUE=…`).
    public struct Property: Sendable, Equatable {
        public var component: String
        public var name: String
        public var value: String
        public var parameters: [String]
    }

    /// One component with its properties, in file order.
    public struct Component: Sendable, Equatable {
        public var name: String
        public var properties: [Property]

        public func value(_ name: String) -> String? { properties.first { $0.name == name }?.value }
    }

    /// The X-LIC-ERROR properties libical added while parsing: zero for a good feed.
    public var errors: [String]
    /// Whether libical's RFC 5546 restriction check passed.
    public var restrictionsPass: Bool
    /// Every component, depth first (the VCALENDAR first).
    public var components: [Component]

    public var properties: [Property] { components.flatMap(\.properties) }
    public var events: [Component] { components.filter { $0.name == "VEVENT" } }
    public var todos: [Component] { components.filter { $0.name == "VTODO" } }

    /// Parses `bytes` with libical. Returns nil when libical finds no calendar at all.
    public static func parse(_ bytes: [UInt8]) -> FeedInspection? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let root = icalparser_parse_string(text) else { return nil }
        defer { icalcomponent_free(root) }
        var inspection = FeedInspection(errors: [], restrictionsPass: false, components: [])
        walk(root, into: &inspection)
        // The restriction check adds X-LIC-ERROR properties of its own; run it after collecting the parser's.
        inspection.restrictionsPass = icalrestriction_check(root) != 0
        return inspection
    }

    private static func walk(_ comp: OpaquePointer, into inspection: inout FeedInspection) {
        let name = String(cString: icalcomponent_kind_to_string(icalcomponent_isa(comp)))
        var component = Component(name: name, properties: [])
        var prop = icalcomponent_get_first_property(comp, ICAL_ANY_PROPERTY)
        while let p = prop {
            let propName = String(cString: icalproperty_get_property_name(p))
            var value = ""
            if let v = icalproperty_get_value(p) {
                if icalvalue_isa(v) == ICAL_TEXT_VALUE, let t = icalvalue_get_text(v) {
                    value = String(cString: t)
                } else if let s = icalvalue_as_ical_string_r(v) {
                    value = String(cString: s)
                    icalmemory_free_buffer(s)
                }
            }
            var parameters: [String] = []
            var param = icalproperty_get_first_parameter(p, ICAL_ANY_PARAMETER)
            while let q = param {
                if let s = icalparameter_as_ical_string_r(q) {
                    parameters.append(String(cString: s))
                    icalmemory_free_buffer(s)
                }
                param = icalproperty_get_next_parameter(p, ICAL_ANY_PARAMETER)
            }
            if propName == "X-LIC-ERROR" { inspection.errors.append(value) }
            component.properties.append(Property(component: name, name: propName, value: value, parameters: parameters))
            prop = icalcomponent_get_next_property(comp, ICAL_ANY_PROPERTY)
        }
        inspection.components.append(component)
        var child = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT)
        while let c = child {
            walk(c, into: &inspection)
            child = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT)
        }
    }
}
