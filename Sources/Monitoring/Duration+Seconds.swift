// Durations as the fractional seconds that Prometheus and the event lines use.

extension Duration {
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
