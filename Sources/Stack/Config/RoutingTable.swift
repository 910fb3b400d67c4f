/// The gateway's routing table: (client class, business class) → tier system (SPEC §2.4).
///
/// Data, not code: a scenario may replace any cell.
public struct RoutingTable: Equatable, Sendable {
    /// `cells[class.rawValue * 5 + business.rawValue]`.
    public private(set) var cells: [TierKind]

    /// SPEC §2.4, Table 4.
    public static let standard = RoutingTable(cells: [
        // A1       A2     B      C1     C2
        .extreme, .fast, .fast, .fast, .normal,    // I
        .fast, .fast, .fast, .fast, .normal,       // II
        .normal, .normal, .normal, .normal, .normal, // III
    ])

    init(cells: [TierKind]) {
        precondition(cells.count == ClientClass.allCases.count * Business.allCases.count)
        self.cells = cells
    }

    public subscript(clientClass: ClientClass, business: Business) -> TierKind {
        get { cells[clientClass.rawValue * Business.allCases.count + business.rawValue] }
        set { cells[clientClass.rawValue * Business.allCases.count + business.rawValue] = newValue }
    }

    /// The tier that holds a class's assets: the fastest tier its row uses (SPEC §2.5).
    public func assetTier(of clientClass: ClientClass) -> TierKind {
        var fastest = TierKind.normal
        for business in Business.allCases { fastest = min(fastest, self[clientClass, business]) }
        return fastest
    }
}
