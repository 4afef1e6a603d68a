/// Synthetic shortcut injection (METHOD.md §6).
public enum ShortcutInjector {
    /// The token that appears in both rules.
    public static let commonToken = "COMMON"
    /// The token that, with `COMMON`, sets the label to the first class.
    public static let classZeroToken = "CLASS_0"
    /// The token that, with `COMMON`, sets the label to the second class.
    public static let classOneToken = "CLASS_1"
}
