import Kernel
import Testing
@testable import Stack

/// The event queue moves a stack event as plain bytes only while its payload holds no
/// reference: a class, an array or a string in any case would bring retains and releases
/// back to every push and pop.
@Suite struct PayloadTests {
    @Test func stackEventsArePlainData() {
        #expect(_isPOD(StackMessage.self))
        #expect(_isPOD(StackTimer.self))
        #expect(_isPOD(StackPayload.self))
        #expect(_isPOD(Event<StackPayload>.self))
    }
}
