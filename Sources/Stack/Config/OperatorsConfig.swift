import Kernel

/// SPEC §6's response levels: red when trading is materially affected (reportable), orange when
/// trading or client service is affected below that bar, yellow for office systems.
public enum ResponseLevel: String, CaseIterable, Sendable, Comparable {
    case red, orange, yellow
    public static func < (a: ResponseLevel, b: ResponseLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What an operator can do to the stack in a runbook step.
public enum RunbookAction: Equatable, Sendable {
    /// Make the named node run on its standby (or the named host).
    case switchOver(host: String)
    /// Start a crashed or hung host again.
    case restart(host: String)
    /// Install a version and configuration on a host (`nil`: the production ones).
    case install(host: String, version: String?, config: String?)
    /// Run every node of a site on its replica at the DR site, or bring them back.
    case drFailover(site: String)
    case drFailback(site: String)
    /// Take a gateway out of its load balancer's rotation, or put it back.
    case drain(host: String)
    case undrain(host: String)
    /// Stop the fault's cause (kill a runaway process, undo a change): the fault ends now.
    case clearFault
    /// A check or a call with no effect on the stack (verify, report, escalate).
    case note(String)
}

/// One step of a runbook: an action and how long it takes a person to do it.
public struct RunbookStep: Equatable, Sendable {
    public var action: RunbookAction
    public var take: Distribution
    public init(_ action: RunbookAction, take: Distribution) { self.action = action; self.take = take }
}

/// A runbook: which faults it is for, the response level declared, an optional one-click
/// automated path that may itself fail, and the manual steps (SPEC §6).
public struct Runbook: Equatable, Sendable {
    public var name: String
    /// It applies to a fault that touches one of these hosts or nodes, runs on one of these
    /// sites, or is of one of these kinds (empty lists match nothing; all empty matches any fault).
    public var forHosts: [String]
    public var forSites: [String]
    public var forKinds: [String]
    public var level: ResponseLevel
    /// The automated switch: how long it runs and how often it fails (then the manual steps run).
    public var automatedTake: Distribution?
    public var automatedFailureProbability: Double
    public var steps: [RunbookStep]

    public init(name: String, forHosts: [String] = [], forSites: [String] = [], forKinds: [String] = [],
                level: ResponseLevel = .red, automatedTake: Distribution? = nil, automatedFailureProbability: Double = 0,
                steps: [RunbookStep]) {
        self.name = name; self.forHosts = forHosts; self.forSites = forSites; self.forKinds = forKinds; self.level = level
        self.automatedTake = automatedTake; self.automatedFailureProbability = automatedFailureProbability; self.steps = steps
    }

    public static let stepsMax = 32
}

/// How clients tell the broker something is wrong: after `failures` failed interactions (no
/// answer within `timeout`, or refused by a failing system) a report reaches the operators,
/// `delay` later (by phone: it needs no network). Then none for `cooldown`.
public struct ClientReportConfig: Equatable, Sendable {
    public var failures = 20
    public var timeout = SimDuration.seconds(30)
    public var delay = Distribution.lognormal(median: 180e9, sigma: 0.5)
    public var cooldown = SimDuration.minutes(15)
    public init() {}
}

/// The people on duty: how fast they notice a signal, diagnose it and decide, and the runbooks
/// they follow. Times are distributions (SPEC §6's worked fire: 39 minutes from the first
/// report to the DR decision).
public struct OperatorsConfig: Equatable, Sendable {
    /// From a signal reaching them (an alert on the console, a failed probe, a client report) to
    /// someone acting on it.
    public var notice = Distribution.lognormal(median: 60e9, sigma: 0.5)
    /// From noticing to locating the fault and declaring the response level.
    public var diagnose = Distribution.lognormal(median: 300e9, sigma: 0.5)
    /// From the declaration to the decision to run the runbook.
    public var decide = Distribution.lognormal(median: 120e9, sigma: 0.5)
    /// During a red response, progress is reported at this interval until recovery.
    public var progressInterval = SimDuration.minutes(5)
    public var clientReports = ClientReportConfig()
    public var runbooks: [Runbook] = []
    public init() {}

    public static let runbooksMax = 64
}
