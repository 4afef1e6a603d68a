extension Duration {
    /// The duration in seconds, as one Double (attosecond precision folded in).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
