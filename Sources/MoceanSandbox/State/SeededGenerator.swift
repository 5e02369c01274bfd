/// SplitMix64: a small, fast random number generator that gives the same numbers for the same seed, so fault
/// injection repeats exactly from run to run.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Whether an event that happens with probability `share` (0 to 1) happens this time. A share of 0 never
    /// happens and draws nothing; a share of 1 always happens.
    mutating func happens(withShare share: Double) -> Bool {
        guard share > 0 else { return false }
        return Double.random(in: 0..<1, using: &self) < share
    }
}
