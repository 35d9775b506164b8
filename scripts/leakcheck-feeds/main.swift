import Foundation
import SediaCalendar
import SediaCore

// Leak-check harness: the feed export (libical serialisation) and the parse-back, on a real instance and plan.
let args = CommandLine.arguments
guard args.count == 3 else {
    print("usage: feedharness INSTANCE.json PLAN.json")
    exit(2)
}
let instance = try PlanningFormat.decodeInstance([UInt8](try Data(contentsOf: URL(fileURLWithPath: args[1]))), file: args[1])
let plan = try PlanningFormat.decodePlan([UInt8](try Data(contentsOf: URL(fileURLWithPath: args[2]))), file: args[2])
var prosecutors: [Case.ID: String] = [:]
for (n, c) in instance.cases.enumerated() { prosecutors[c.id] = "DPP-\(n % 7)" }
let now = UTCInstant(seconds: 1_803_859_200)  // 2027-03-01T00:00:00Z
var state = FeedState(secret: Array(0..<32))
var total = 0
for round in 0..<2 {
    let result = try FeedExport.export(
        instance: instance, plan: plan, prosecutors: prosecutors, rules: nil, state: state, now: now.adding(seconds: Int64(round) * 86_400),
        options: FeedOptions(busyVariants: true, todoFeeds: true))
    state = result.state
    for file in result.files {
        total += file.bytes.count
        guard let parsed = FeedInspection.parse(file.bytes), parsed.errors.isEmpty else { fatalError("\(file.fileName) does not parse") }
    }
}
let back = try FeedState(jsonBytes: state.jsonBytes(), file: "state")
print("feeds ok, \(total) bytes, state round trip \(back == state)")
