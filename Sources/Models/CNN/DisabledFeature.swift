/// One pooled CNN feature switched off (FIND, Lertvittayakumjorn et al. 2020): its weights into
/// the layer after the features are held at zero, for every class or for one class only.
public struct DisabledFeature: Codable, Sendable, Hashable, Comparable {
    /// Index of the pooled feature, `0 ..< filterWidths.count * filterCount` (width-major).
    public var feature: Int
    /// The one class whose output weight is zeroed, or nil for all classes (the only choice with a hidden layer).
    public var classIndex: Int?

    /// A disabled feature, for all classes when `classIndex` is nil.
    public init(feature: Int, classIndex: Int? = nil) {
        self.feature = feature
        self.classIndex = classIndex
    }

    /// Orders by feature, then class (all classes first).
    public static func < (left: DisabledFeature, right: DisabledFeature) -> Bool {
        (left.feature, left.classIndex ?? -1) < (right.feature, right.classIndex ?? -1)
    }
}
