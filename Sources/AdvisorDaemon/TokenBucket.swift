import NIOCore

/// A per-connection message rate: `rate` requests a second on average, bursts of `burst`.
///
/// A value type with the time passed in, so tests drive it with their own clock.
struct TokenBucket: Sendable {
    /// Requests a second; 0 turns the limit off.
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var updated: NIODeadline?

    init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = Double(max(1, burst))
        self.tokens = self.burst
    }

    var isUnlimited: Bool { rate <= 0 }

    /// Takes a token if there is one; otherwise returns how long until there will be.
    mutating func take(now: NIODeadline) -> TimeAmount? {
        if isUnlimited { return nil }
        if let updated, now > updated {
            let seconds = Double((now - updated).nanoseconds) / 1_000_000_000
            tokens = min(burst, tokens + seconds * rate)
        }
        updated = now
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        let wait = (1 - tokens) / rate
        return .nanoseconds(Int64((wait * 1_000_000_000).rounded(.up)))
    }
}
