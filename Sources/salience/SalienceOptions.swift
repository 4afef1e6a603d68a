import ArgumentParser
import Attribution
import Services
import Workspace

/// The salience method and its settings.
struct SalienceOptions: ParsableArguments {
    @Option(help: "Salience method: grad-l2 (the default), grad-input, ig (Integrated Gradients), lrp (layer-wise relevance), occlusion, lime or decomposition (CNN only); in a workspace of imported maps, the run's --name (the default there).")
    var method: SalienceMethodChoice?

    @Option(help: "Integrated Gradients: interpolation steps.")
    var steps: Int = 50

    @Option(help: "Integrated Gradients: the rule that weights the steps.")
    var quadrature: QuadratureRule = .gaussLegendre

    @Option(help: "Integrated Gradients: where the path starts, all-zero embeddings or the [PAD] or [MASK] token's.")
    var baseline: IntegrationBaselineKind = .zero

    @Option(help: "LRP: the ε stabiliser of the ε-rule (1e-7, FIND's setting).")
    var epsilon: Float = LayerwiseRelevance.defaultEpsilon

    @Option(help: "Occlusion: mask each word (the model's mask token) or remove it.")
    var occlusion: OcclusionKind = .mask

    @Option(help: "LIME: perturbed samples per example (seeded by --seed).")
    var samples: Int = LIME.defaultSampleCount

    func validate() throws {
        guard samples >= 2 else {
            throw ValidationError("--samples \(samples) is too few; LIME needs the example and at least one perturbation, so use 2 or more (1000 by default).")
        }
        guard epsilon.isFinite, epsilon >= 0 else {
            throw ValidationError("--epsilon \(epsilon) is not a stabiliser; use a finite value ≥ 0 (1e-7 by default).")
        }
        guard steps >= quadrature.minimumCount else {
            throw ValidationError("--steps \(steps) is too few for --quadrature \(quadrature.rawValue); use at least \(quadrature.minimumCount) (50 by default).")
        }
    }

    /// The specification of these flags (target: the prediction; no normalisation); without
    /// --method, the session's default (Grad-L2, or the imported run in a workspace of imported
    /// maps). A name that is neither built in nor the workspace's imported run is refused.
    func specification(for session: WorkspaceSession) throws -> SalienceSpecification {
        let defaultMethod = session.defaultSalienceSpecification.method
        if case .imported(let name)? = method, name != defaultMethod {
            let allowed = session.model.isExternal ? "this workspace holds the imported run \(defaultMethod)"
                                                   : "use \(SalienceMethodChoice.allValueStrings.joined(separator: ", ")), or import maps under that name"
            throw CommandError("--method \(name) is unknown; \(allowed).")
        }
        return specification(defaultMethod: defaultMethod)
    }

    /// The specification of these flags, with `defaultMethod` when --method is not given.
    func specification(defaultMethod: String = SalienceMethodKind.gradientL2.rawValue) -> SalienceSpecification {
        var specification = SalienceSpecification(method: method?.name ?? defaultMethod)
        specification.steps = steps
        specification.quadrature = quadrature.rawValue
        specification.baseline = baseline.rawValue
        (specification.epsilon, specification.occlusion, specification.samples) = (epsilon, occlusion.rawValue, samples)
        return specification
    }
}
