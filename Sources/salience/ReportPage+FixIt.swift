import Rendering

extension ReportPage {
    /// The "Fix it" section: the disabled features' clouds and the before/after table.
    static func addFixIt(_ summary: FixItSummary?, to page: inout HTMLReport) {
        guard let summary else { return }
        page.addHeading("Fix it: disable the shortcut features, retrain the head")
        page.addParagraph("Following FIND (Lertvittayakumjorn et al. 2020): the \(summary.disabledFeatures.count) pooled CNN features with at least \(fixed(summary.minimumShare, 2)) of their relevance mass on n-grams holding \(summary.terms.joined(separator: " or ")) were disabled (features \(summary.disabledFeatures.map(String.init).joined(separator: ", ")); COMMON or CLASS_0 alone would select \(summary.commonClassZeroFeatures.count)), and the layers after the features were retrained with the filters frozen, on the training examples that hold none of those tokens (\(fixed(summary.headSeconds, 1)) s). Model \(summary.trainedFingerprint.prefix(12)) → \(summary.disabledFingerprint.prefix(12)) → \(summary.fixedFingerprint.prefix(12)).")
        page.addSVGGrid(summary.clouds.enumerated().map { index, svg in
            (svg: svg, caption: "Feature \(summary.disabledFeatures[index]), disabled")
        })
        page.addTable(header: ["measure", "before", "after"],
                      rows: summary.rows.map { [$0.measure, fixed($0.before, 3), fixed($0.after, 3)] },
                      caption: "Test split, before and after. The rule examples' originalLabel is their label before the shortcut was planted.")
    }
}
