// libFuzzer's driver, entered from this program's own `main` (SwiftPM names the executable's
// entry point itself, so libFuzzer's `main` is not used): it runs `fuzzOneInput` on each input.
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// One input: the text of a file for the selected target; every error it gives goes to the oracle.
func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let text = String(decoding: bytes, as: UTF8.self)
    for message in FuzzTarget.selected.run(text) { FuzzOracle.check(message, input: text) }
    return 0
}

/// The entry libFuzzer's own objects refer to (its driver is handed `fuzzOneInput` directly).
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOneInput(start, count) }

_ = FuzzTarget.selected
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, { fuzzOneInput($0, $1) }))
