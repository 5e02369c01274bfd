import Foundation
import PhoneNumbers
import Testing

/// The generated metadata as a whole.
@Suite struct MetadataTests {
    @Test func regionsAndVersion() {
        #expect(PhoneNumberUtility.supportedRegions.count == 245)
        #expect(PhoneNumberUtility.supportedRegions.isSuperset(of: ["MY", "SG", "US", "GB", "IT", "AR", "CA"]))
        #expect(!PhoneNumberUtility.supportedRegions.contains("001"))
        #expect(PhoneNumberUtility.metadataVersion == "9.0.43")
        #expect(PhoneNumberUtility.countryCode(forRegion: "MY") == 60)
        #expect(PhoneNumberUtility.countryCode(forRegion: "XX") == nil)
        #expect(PhoneNumberUtility.name(ofRegion: "my") == "Malaysia")
    }

    @Test func typeNamesAreLibphonenumbers() {
        #expect(PhoneNumberType.allCases.count == 12)
        #expect(PhoneNumberType.fixedLineOrMobile.rawValue == "FIXED_LINE_OR_MOBILE")
    }

    @Test func everyRegionHasACallingCodeAndAName() throws {
        for region in PhoneNumberUtility.supportedRegions {
            let code = try #require(PhoneNumberUtility.countryCode(forRegion: region))
            #expect(code > 0 && code < 1000)
            #expect(PhoneNumberUtility.name(ofRegion: region)?.isEmpty == false)
        }
    }

    @Test func concurrentParsesAgree() async {
        let inputs = ["+60 12-345 6789", "+39 02 1234 5678", "+1 506 234 5678", "+54 9 11 2345-6789", "+800 1234 5678"]
        let results = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask { inputs.map { (try? PhoneNumberUtility.parse($0, defaultRegion: nil))?.e164 ?? "-" } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results).count == 1)
    }
}
