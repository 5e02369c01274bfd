import Foundation
import PhoneNumbers

/// Validates a mixed set of numbers on one thread: every region, every typing, valid and not.
enum PhoneLoad {
    struct Result: Codable {
        let validations: Int
        let distinctInputs: Int
        /// The first validation: metadata loading and the first patterns compiled.
        let firstValidationMilliseconds: Double
        /// All of them, the first included.
        let totalSeconds: Double
        let validationsPerSecond: Double
        let validCount: Int
    }

    static func run(casesFile: String, count: Int) throws -> Result {
        let inputs = try loadInputs(casesFile)
        guard !inputs.isEmpty else { throw BenchFailure("no cases in \(casesFile)") }
        let start = Clock.nanoseconds()
        var valid = 0
        var firstDone: UInt64 = 0
        for index in 0..<count {
            let (raw, region) = inputs[index % inputs.count]
            if PhoneNumberUtility.validate(raw, region: region).isValidForRegion == true { valid += 1 }
            if index == 0 { firstDone = Clock.nanoseconds() }
        }
        let seconds = Double(Clock.nanoseconds() - start) / 1e9
        return Result(
            validations: count, distinctInputs: inputs.count,
            firstValidationMilliseconds: Double(firstDone - start) / 1e6, totalSeconds: seconds,
            validationsPerSecond: Double(count) / seconds, validCount: valid)
    }

    /// `input` and `region` of each line of the differential cases.
    private static func loadInputs(_ path: String) throws -> [(String, String?)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return (object["input"] as? String ?? "", object["region"] as? String)
        }
    }
}
