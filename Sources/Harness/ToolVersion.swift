/// FireDrill's version, written into tapes and results so a recording says what made it.
public enum ToolVersion {
    public static let current = "0.6.0"
}
