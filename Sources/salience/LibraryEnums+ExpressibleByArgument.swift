import ArgumentParser
import Attribution
import Representation
import TextData

// The library's closed sets of values, as options: ArgumentParser refuses any other value with
// the list of allowed ones, and help lists them (every one is `CaseIterable` with `String` raw values).

extension Split: ExpressibleByArgument {}
extension RepresentationKind: ExpressibleByArgument {}
extension QuadratureRule: ExpressibleByArgument {}
extension IntegrationBaselineKind: ExpressibleByArgument {}
extension SalienceNormalization: ExpressibleByArgument {}
extension OcclusionKind: ExpressibleByArgument {}
