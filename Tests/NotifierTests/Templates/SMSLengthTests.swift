import Testing

@testable import Notifier

@Suite struct SMSLengthTests {
    func measure(_ text: String) -> (SMSEncoding, Int, Int) {
        let result = SMSLength.measure(text)
        return (result.encoding, result.characters, result.parts)
    }

    @Test func emptyTextTakesNoPart() {
        #expect(measure("") == (.gsm7, 0, 0))
    }

    @Test func gsm7MessagesTake160ThenParts153() {
        #expect(measure(String(repeating: "a", count: 160)) == (.gsm7, 160, 1))
        #expect(measure(String(repeating: "a", count: 161)) == (.gsm7, 161, 2))
        #expect(measure(String(repeating: "a", count: 306)) == (.gsm7, 306, 2))
        #expect(measure(String(repeating: "a", count: 307)) == (.gsm7, 307, 3))
        #expect(measure(String(repeating: "a", count: 459)) == (.gsm7, 459, 3))
    }

    @Test func extensionCharactersCountTwice() {
        #expect(measure(String(repeating: "€", count: 80)) == (.gsm7, 160, 1))
        #expect(measure(String(repeating: "€", count: 81)) == (.gsm7, 162, 2))
        #expect(measure("^{}\\[~]|€\u{0C}") == (.gsm7, 20, 1))
        #expect(measure(String(repeating: "a", count: 159) + "[") == (.gsm7, 161, 2))
    }

    @Test func accentsOfTheGSMAlphabetStayGSM7() {
        #expect(measure("é") == (.gsm7, 1, 1))
        #expect(measure("Café à Zürich: 5 €, ¿qué? ¡Olé!") == (.gsm7, 32, 1))
        #expect(measure("ÆØÅ æøå ß Ç ΔΦΓΛΩΠΨΣΘΞ @£$¥¤§_\r\n") == (.gsm7, 32, 1))
    }

    @Test func anyOtherCharacterMakesTheWholeMessageUCS2() {
        #expect(measure("ê") == (.ucs2, 1, 1))
        #expect(measure("Price: 10 € – ok") == (.ucs2, 16, 1))
        #expect(measure("ç").0 == .ucs2)
        #expect(measure("`").0 == .ucs2)
        #expect(measure("e\u{301}") == (.ucs2, 2, 1), "a decomposed é is not the GSM é")
        #expect(measure("Terima kasih, 谢谢") == (.ucs2, 16, 1))
    }

    @Test func ucs2MessagesTake70ThenParts67() {
        #expect(measure(String(repeating: "ê", count: 70)) == (.ucs2, 70, 1))
        #expect(measure(String(repeating: "ê", count: 71)) == (.ucs2, 71, 2))
        #expect(measure(String(repeating: "ê", count: 134)) == (.ucs2, 134, 2))
        #expect(measure(String(repeating: "ê", count: 135)) == (.ucs2, 135, 3))
    }

    @Test func anEmojiCountsTwo() {
        #expect(measure("👍") == (.ucs2, 2, 1))
        #expect(measure("Thanks 👍") == (.ucs2, 9, 1))
        #expect(measure(String(repeating: "👍", count: 35)) == (.ucs2, 70, 1))
        #expect(measure(String(repeating: "👍", count: 36)) == (.ucs2, 72, 2))
    }

    @Test func theAlphabetHas128CodesAnd10ExtensionCharacters() {
        #expect(GSMAlphabet.basicTable.count == 128)
        #expect(GSMAlphabet.basicTable[0x1B] == "\u{1B}")
        #expect(GSMAlphabet.basic.count == 127)
        #expect(GSMAlphabet.extension.count == 10)
        #expect(GSMAlphabet.basic.isDisjoint(with: GSMAlphabet.extension))
        #expect(GSMAlphabet.basicTable[0x00] == "@" && GSMAlphabet.basicTable[0x41] == "A")
        #expect(GSMAlphabet.basicTable[0x7F] == "à" && GSMAlphabet.basicTable[0x1F] == "É")
    }
}
