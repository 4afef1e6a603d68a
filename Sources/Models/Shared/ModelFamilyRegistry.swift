import Diagnostics
import Foundation

/// The model families this program knows, by name: the built-in ones plus any registered at run time.
///
/// Thread-safe. Every family of the toolkit is registered in exactly one line, below.
public final class ModelFamilyRegistry: @unchecked Sendable {
    /// The built-in families, in the order help lists them; the first is the default.
    static let builtInFamilies: [any ModelFamily] = [
        CNNFamily(),
        BERTFamily(),
    ]

    /// The registry every front end uses.
    public static let shared = ModelFamilyRegistry(families: builtInFamilies)

    private let lock = NSLock()
    private var registered: [any ModelFamily]

    /// A registry of `families`, whose names must be distinct.
    public init(families: [any ModelFamily]) {
        registered = []
        for family in families { register(family) }
    }

    /// Adds `family`. Registering the same type twice is a no-op; a different family under a
    /// taken name is a programmer error.
    public func register(_ family: any ModelFamily) {
        lock.lock()
        defer { lock.unlock() }
        if let existing = registered.first(where: { $0.name == family.name }) {
            precondition(type(of: existing) == type(of: family),
                         "The model family name '\(family.name)' is taken by \(type(of: existing)); \(type(of: family)) needs another")
            return
        }
        registered.append(family)
    }

    /// Every family, built-in first, then in order of registration.
    public var families: [any ModelFamily] {
        lock.lock()
        defer { lock.unlock() }
        return registered
    }

    /// The names of every family, in the order of `families`.
    public var names: [String] { families.map(\.name) }

    /// The default family: the first registered.
    public var defaultFamily: any ModelFamily { families[0] }

    /// The family called `name`, or nil.
    public func family(named name: String) -> (any ModelFamily)? {
        families.first { $0.name == name }
    }

    /// The family called `name`, or an error naming the known ones.
    public func requireFamily(named name: String) throws(ModelError) -> any ModelFamily {
        guard let family = family(named: name) else {
            throw ModelError("The model family '\(name)' is unknown; this program knows \(names.joined(separator: ", ")).",
                             nextStep: .chooseValue(parameter: "model", advice: "one of \(names.joined(separator: ", "))"))
        }
        return family
    }

    /// The family to read the foreign checkpoint in `directory`: the first adopting family that
    /// recognizes it, else the first adopting family (whose error then says why it cannot read
    /// it); nil when no family adopts checkpoints.
    public func adoptingFamily(checkpointDirectory directory: String) -> (any ModelFamily)? {
        let adopting = families.filter(\.traits.adoptsCheckpoints)
        return adopting.first { $0.recognizes(checkpointDirectory: directory) } ?? adopting.first
    }
}
