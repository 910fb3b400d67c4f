import Chaos
import Foundation
@testable import Scenario
import Stack
import Kernel
import Testing

/// The fault kinds' descriptors are the one source: the reader, the schemas and the shipped
/// definitions in Faults/ must agree with them.
@Suite struct FaultDescriptorTests {
    static func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: packageRoot.appendingPathComponent(path))) as? [String: Any])
    }

    /// Whether a value is one its key accepts.
    static func accepts(_ key: FaultParameter, _ value: FaultValue) -> Bool {
        switch (key.domain, value) {
        case let (.number(r), .number(x)): return r.contains(x)
        case let (.integer(r), .integer(n)): return r.contains(n)
        case let (.duration(r), .duration(d)): return r.contains(d)
        case (.durationDistribution, .distribution): return true
        case (.direction, .direction): return true
        case let (.names(all), .names(names)): return names.allSatisfy(all.contains)
        case (.label, .label): return true
        default: return false
        }
    }

    @Test func everyDescriptorIsConsistent() throws {
        for kind in FaultKind.allCases {
            let d = kind.descriptor
            #expect(!d.summary.isEmpty, "\(kind)")
            let keys = d.parameters.map(\.key)
            #expect(Set(keys).count == keys.count, "\(kind): a parameter twice")
            #expect(d.needsOneOf.allSatisfy(keys.contains), "\(kind): needs a parameter it does not take")
            for p in d.parameters {
                if let value = p.defaultValue { #expect(Self.accepts(p.key, value), "\(kind).\(p.key.rawValue): default \(value) out of its domain") }
                if let explore = p.explore {
                    switch p.key.domain {
                    case let .number(r): #expect(r.contains(explore.lowerBound) && r.contains(explore.upperBound), "\(kind).\(p.key.rawValue)")
                    case let .integer(r): #expect(r.contains(Int(explore.lowerBound)) && r.contains(Int(explore.upperBound)), "\(kind).\(p.key.rawValue)")
                    case let .duration(r):
                        #expect(r.contains(SimDuration(nanos: Int64(explore.lowerBound))) && r.contains(SimDuration(nanos: Int64(explore.upperBound))),
                                "\(kind).\(p.key.rawValue)")
                    default: Issue.record("\(kind).\(p.key.rawValue): an exploration range on a key without one")
                    }
                }
            }
            // A spec built with no parameters given holds the kind's defaults.
            let spec = FaultSpec(name: "x", kind: kind, start: .clock(10, 0))
            for p in d.parameters { if let value = p.defaultValue { #expect(spec[p.key] == value, "\(kind).\(p.key.rawValue)") } }
            #expect(spec.duration == d.defaultDuration, "\(kind)")
        }
    }

    /// The scenario schema's fault keys accept what the reader accepts, range for range; the
    /// definition schema in Faults/ refers to them.
    @Test func theSchemaRangesAreTheDescriptors() throws {
        let schema = try Self.json("Scenarios/schema/scenario.schema.json")
        let fault = try #require(((schema["$defs"] as? [String: Any])?["fault"] as? [String: Any])?["properties"] as? [String: Any])
        for key in FaultParameter.allCases {
            let property = try #require(fault[key.rawValue] as? [String: Any], "no \(key.rawValue) in the schema")
            switch key.domain {
            case let .number(r):
                #expect(property["type"] as? String == "number", "\(key.rawValue)")
                #expect((property["minimum"] as? Double) == r.lowerBound && (property["maximum"] as? Double) == r.upperBound, "\(key.rawValue): \(property)")
            case let .integer(r):
                #expect(property["type"] as? String == "integer", "\(key.rawValue)")
                #expect((property["minimum"] as? Int) == r.lowerBound && (property["maximum"] as? Int) == r.upperBound, "\(key.rawValue): \(property)")
            case .duration:
                #expect(property["$ref"] as? String == "#/$defs/duration" || property["type"] as? String == "string", "\(key.rawValue)")
            case .durationDistribution: #expect(property["$ref"] as? String == "#/$defs/durationDistribution")
            case .direction: #expect(property["enum"] as? [String] == FaultSpec.Direction.allCases.map(\.rawValue))
            case let .names(names):
                let list = try #require((property["oneOf"] as? [[String: Any]])?.last)
                #expect((list["items"] as? [String: Any])?["enum"] as? [String] == names, "\(key.rawValue)")
            case .label: #expect(property["type"] as? String == "string")
            }
        }
        let definition = try Self.json("Faults/schema/fault.schema.json")
        let properties = try #require(definition["properties"] as? [String: Any])
        for (key, value) in properties where key != "description" {
            #expect((value as? [String: Any])?["$ref"] as? String == "../../Scenarios/schema/scenario.schema.json#/$defs/fault/properties/\(key)")
        }
    }

    /// Every kind has a definition in Faults/, holding only its kind's keys, each within range
    /// (the reader checks both).
    @Test func theShippedDefinitionsAreTheirKinds() throws {
        let dir = packageRoot.appendingPathComponent("Faults")
        var seen: [FaultKind] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".yaml") }).sorted() {
            let used = try ScenarioFile.decodeDocument("faults:\n  - { use: \(file.dropLast(5)), start: \"10:00:00\" }\n",
                                                       file: packageRoot.appendingPathComponent("Scenarios/x.yaml").path)
            seen.append(used.faults[0].kind)
        }
        #expect(Set(seen) == Set(FaultKind.allCases))
    }
}
