import Foundation
import PhoneNumbers
import Testing

/// Every generated case answered as libphonenumber (the pinned `phonenumbers`) answers it.
@Suite struct DifferentialTests {
    @Test func everyCaseAgreesWithLibphonenumber() throws {
        let cases = try PhoneCase.all()
        var disagreements: [String] = []
        for phoneCase in cases {
            let got = Self.answer(phoneCase.input, region: phoneCase.region)
            let expected = Self.expected(phoneCase)
            if got != expected {
                disagreements.append(
                    "input \(String(reflecting: phoneCase.input)) region \(phoneCase.region ?? "nil"): "
                        + "expected \(expected), got \(got)")
            }
        }
        print("phone cases: \(cases.count), disagreements: \(disagreements.count)")
        #expect(cases.count >= 20_000)
        let firstDisagreements = disagreements.prefix(20).joined(separator: "\n")
        #expect(
            disagreements.count == 0,
            "\(disagreements.count) of \(cases.count) disagree; the first 20:\n\(firstDisagreements)")
    }

    /// The answers compared, as one line of text.
    static func answer(_ input: String, region: String?) -> String {
        let number: PhoneNumber
        do {
            number = try PhoneNumberUtility.parse(input, defaultRegion: region)
        } catch {
            return "error \(error.code)"
        }
        let validForRegion = region.map { PhoneNumberUtility.isValid(number, forRegion: $0) }
        return [
            "cc \(number.countryCode)", "nsn \(number.nationalNumber)", "e164 \(number.e164)",
            "ext \(number.extensionDigits ?? "-")", "valid \(number.isValid)",
            "validForRegion \(validForRegion.map(String.init) ?? "-")", "type \(number.type.rawValue)",
        ].joined(separator: ", ")
    }

    /// The expected answers, in the form of `answer`.
    static func expected(_ phoneCase: PhoneCase) -> String {
        guard phoneCase.parses else { return "error \(phoneCase.error ?? "?")" }
        return [
            "cc \(phoneCase.countryCode ?? 0)", "nsn \(phoneCase.nationalNumber ?? "")", "e164 \(phoneCase.e164 ?? "")",
            "ext \(phoneCase.extension.map(asciiDigits) ?? "-")", "valid \(phoneCase.valid ?? false)",
            "validForRegion \(phoneCase.validForRegion.map(String.init) ?? "-")", "type \(phoneCase.type ?? "")",
        ].joined(separator: ", ")
    }

    /// Extension digits in ASCII (libphonenumber keeps them as typed, this module gives ASCII digits).
    static func asciiDigits(_ text: String) -> String {
        String(
            text.unicodeScalars.compactMap { scalar -> Character? in
                guard let value = scalar.properties.numericValue else { return nil }
                return Character(String(Int(value)))
            })
    }
}
