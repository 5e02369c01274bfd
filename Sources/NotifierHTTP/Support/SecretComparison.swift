/// Compares a secret given by a client with the expected one in time that does not depend on where they first
/// differ, so that the answer's timing tells nothing of the secret.
enum SecretComparison {
    static func equal(_ given: some Collection<UInt8>, _ expected: some Collection<UInt8>) -> Bool {
        var difference: UInt8 = given.count == expected.count ? 0 : 1
        var givenIterator = given.makeIterator()
        for byte in expected {
            // Compared with itself past the end of `given`, so the loop's length depends on `expected` only.
            difference |= byte ^ (givenIterator.next() ?? ~byte)
        }
        return difference == 0
    }

    static func equal(_ given: String, _ expected: String) -> Bool {
        equal(Array(given.utf8), Array(expected.utf8))
    }
}
