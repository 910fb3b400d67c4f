import Chaos
import Foundation
@testable import Scenario
import Stack
import Kernel
import Testing

@Suite struct SchemaTests {
    func object(_ any: Any?, _ path: String) throws -> [String: Any] {
        try #require(any as? [String: Any], "\(path) is not an object in the schema")
    }

    func properties(_ any: Any?, _ path: String) throws -> Set<String> {
        Set(try object(try object(any, path)["properties"], path + ".properties").keys)
    }

    /// The schema and the decoder must agree key for key, so editors complete exactly what runs.
    @Test func theSchemaNamesExactlyTheKeysTheDecoderReads() throws {
        let url = packageRoot.appendingPathComponent("Scenarios/schema/scenario.schema.json")
        let schema = try object(try JSONSerialization.jsonObject(with: Data(contentsOf: url)), "schema")
        #expect(schema["additionalProperties"] as? Bool == false)
        let top = try object(schema["properties"], "properties")
        #expect(Set(top.keys) == Set(Reader.topKeys))
        let defs = try object(schema["$defs"], "$defs")
        #expect(try properties(defs["population"], "population") == Set(Reader.clientFields))
        #expect(try properties(defs["tier"], "tier") == Set(Reader.tierFields))
        #expect(try properties(defs["service"], "service") == Set(Reader.serviceTable.keys))
        #expect(try properties(top["routes"], "routes") == Set(Business.allCases.map(\.name) + ["query"]))
        #expect(try properties(defs["venue"], "venue") == Set(Reader.exchangeFields))
        #expect(try properties(defs["link"], "link") == Set(Reader.linkFields))
        #expect(try properties(defs["standby"], "standby") == Set(Reader.standbyFields))
        #expect(try properties(defs["software"], "software") == Set(Reader.softwareFields))
        #expect(try properties(top["resilience"], "resilience") == Set(Reader.resilienceFields))
        #expect(try properties(top["offer"], "offer") == Set(Reader.offerTable.keys))
        #expect(try properties(top["gateway"], "gateway") == Set(Reader.gatewayTable.keys))
        #expect(try properties(top["dispatch"], "dispatch") == Set(Reader.dispatchTable.keys))
        #expect(try properties(top["sla"], "sla") == Set(Reader.slaTable.keys))
        #expect(try properties(top["day"], "day") == Set(Reader.dayTable.keys))
        #expect(try properties(top["operators"], "operators") == Set(Reader.operatorsFields))
        #expect(try properties(top["dr"], "dr") == Set(Reader.drFields))
        let monitoring = try #require((try object(top["monitoring"], "monitoring")["oneOf"] as? [Any])?.last)
        #expect(try properties(monitoring, "monitoring") == Set(Reader.monitoringFields))
        let guards = try object(top["guards"], "guards")["items"]
        #expect(try properties(guards, "guards") == Set(Reader.guardFields))
        #expect(try properties(top["links"], "links") == Set(Reader.linkKinds))
        #expect(try properties(top["tiers"], "tiers") == Set(TierKind.allCases.map(\.name)))
        #expect(try properties(top["routing"], "routing") == Set(ClientClass.allCases.map(\.name)))
        #expect(try properties(defs["routingRow"], "routingRow") == Set(Business.allCases.map(\.name)))
        var faultKeys = Set(Reader.faultCommonFields)
        for kind in FaultKind.allCases { faultKeys.formUnion(Reader.faultFields(kind)) }
        #expect(try properties(defs["fault"], "fault") == faultKeys.union(["use"]))
        // The fault-definition schema in Faults/ names what a definition may hold.
        let definitionURL = packageRoot.appendingPathComponent("Faults/schema/fault.schema.json")
        let definition = try object(try JSONSerialization.jsonObject(with: Data(contentsOf: definitionURL)), "fault schema")
        #expect(try properties(definition, "fault schema") == Set(Reader.faultDefinitionFields))
        let kinds = try #require(try object(try object(defs["fault"], "fault")["properties"], "fault")["kind"] as? [String: Any])
        #expect(Set(kinds["enum"] as? [String] ?? []) == Set(FaultKind.allCases.map(\.rawValue)))
        // The layout schema names what a layout file may hold, its sections those of a scenario.
        let layoutURL = packageRoot.appendingPathComponent("Scenarios/schema/layout.schema.json")
        let layout = try object(try JSONSerialization.jsonObject(with: Data(contentsOf: layoutURL)), "layout schema")
        #expect(try properties(layout, "layout schema") == Set(LayoutFile.keys))
        let layoutTop = try object(layout["properties"], "layout properties")
        #expect(try properties(layoutTop["annual_cost_yuan"], "annual_cost_yuan") == Set(LayoutFile.costComponents))
        for key in LayoutFile.topologyKeys {
            #expect(Reader.topKeys.contains(key))
            #expect((layoutTop[key] as? [String: Any])?["$ref"] as? String == "scenario.schema.json#/properties/\(key)")
        }
    }

    // That every shipped scenario builds its stack (sites, links, tiers and accounts all
    // resolve) is checked once, by HarnessTests' ValidationTests, which builds each as a run
    // would and schedules its faults; CI's `firedrill validate` step does it again in release.
}
