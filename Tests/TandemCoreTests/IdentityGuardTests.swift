import Foundation
import Testing

@testable import TandemCore

/// The reporting person of the hostile test (issue 17), and a witness.
private let philippa = ProtectedPerson(
    role: .reportingPerson, fullName: "Philippa Quartermaine", phone: "07700 900593",
    email: "philippa.ovts593@example.org", addressLine: "52 Xylophone Mews", postcode: "RV9 4JT")
private let witness = ProtectedPerson(
    role: .witness, fullName: "Séan O'Brien-Hughes", phone: "+44 20 7946 0321", email: "sob@example.net",
    addressLine: "Flat 3", addressLine2: "Heron Court", postcode: "RV2 7QX", onlyPartyOnStreet: true)

@Suite("Keeping the reporting person and witnesses out of respondent output")
struct IdentityGuardTests {
    /// Every way of writing a detail that hostile testing found or that we thought of.
    static let leaks: [(String, IdentityMatch)] = [
        ("Your neighbour Philippa Quartermaine complained.", .init(.reportingPerson, .fullName)),
        ("PHILIPPA QUARTERMAINE", .init(.reportingPerson, .fullName)),
        ("Philippa\u{00A0}Quartermaine said", .init(.reportingPerson, .fullName)),
        ("Philippa  Quartermaine said", .init(.reportingPerson, .fullName)),
        ("Philippa\nQuartermaine said", .init(.reportingPerson, .fullName)),
        ("Philippa\r\n\tQuartermaine", .init(.reportingPerson, .fullName)),
        ("PhilippaQuartermaine", .init(.reportingPerson, .fullName)),
        ("Ｐｈｉｌｉｐｐａ Ｑｕａｒｔｅｒｍａｉｎｅ", .init(.reportingPerson, .fullName)),
        ("Your neighbour Ms Quartermaine complained.", .init(.reportingPerson, .familyName)),
        ("Quartermaine, Philippa", .init(.reportingPerson, .familyName)),
        ("P. Quartermaine", .init(.reportingPerson, .familyName)),
        ("quartermaine's complaint", .init(.reportingPerson, .familyName)),
        ("the resident of Xylophone Mews, number 52", .init(.reportingPerson, .houseAndStreet)),
        ("52 Xylophone Mews", .init(.reportingPerson, .houseAndStreet)),
        ("52, xylophone-mews", .init(.reportingPerson, .houseAndStreet)),
        ("RV94JT", .init(.reportingPerson, .postcode)),
        ("rv9 4jt", .init(.reportingPerson, .postcode)),
        ("RV9\u{00A0}4JT", .init(.reportingPerson, .postcode)),
        ("Call 07700 900593", .init(.reportingPerson, .phone)),
        ("call 07700900593", .init(.reportingPerson, .phone)),
        ("+44 7700 900593", .init(.reportingPerson, .phone)),
        ("+44 (0)7700 900-593", .init(.reportingPerson, .phone)),
        ("0044 7700 900593", .init(.reportingPerson, .phone)),
        ("07700.900.593", .init(.reportingPerson, .phone)),
        ("philippa.ovts593@example.org", .init(.reportingPerson, .email)),
        ("philippa.ovts593 at example.org", .init(.reportingPerson, .email)),
        ("philippa dot ovts593 at example dot org", .init(.reportingPerson, .email)),
        ("PHILIPPA.OVTS593", .init(.reportingPerson, .email)),
        // The witness: accents, apostrophes and hyphens are no escape, and their street alone points at them.
        ("Sean O'Brien-Hughes saw it", .init(.witness, .fullName)),
        ("Mr OBrien-Hughes saw it", .init(.witness, .familyName)),
        ("Mr Hughes saw it", .init(.witness, .familyName)),
        ("Mr O’Brien saw it", .init(.witness, .familyName)),
        ("someone at Heron Court", .init(.witness, .street)),
        ("020 7946 0321", .init(.witness, .phone)),
        ("sob at example dot net", .init(.witness, .email)),
        // Punctuation or spaces inside a word do not hide it.
        ("Quarter-maine complained", .init(.reportingPerson, .familyName)),
        ("Phil-ippa Quarter maine", .init(.reportingPerson, .fullName)),
        ("R V 9 4 J T", .init(.reportingPerson, .postcode)),
        ("phil ippa.ovts 593", .init(.reportingPerson, .email)),
        ("Flat 3, Heron Court", .init(.witness, .houseAndStreet)),
        ("Heron Court, flat 3", .init(.witness, .houseAndStreet)),
    ]

    @Test("every variant of a protected detail is found and named", arguments: leaks)
    func variant(text: String, expected: IdentityMatch) {
        let found = IdentityGuard.matches(in: text, protecting: [philippa, witness])
        #expect(found.contains(expected), "\(text): \(found)")
    }

    /// Letters that say nothing about who complained.
    static let clean: [String] = [
        "We have received a complaint about loud music from your flat late at night.",
        "You must not play amplified music after 23:00.",
        "The behaviour at Xylophone Mews must stop.",  // the street alone: the respondent lives there too
        "Reference ASB-2026-00052, phone the ASB team on 020 7946 0000.",
        "On 52 occasions since 4 July music was heard.",  // the house number without the street
        "Philippa is a common first name and is not matched alone.",
        "We spoke to people at Quartermain Road.",  // a near miss is not the name
        "Loud music was heard at 54 Xylophone Mews after 52 minutes past midnight.",  // a number away from the street
        "On 3 occasions the music was heard.",
        "",
    ]

    @Test("text without a protected detail passes", arguments: clean)
    func passes(text: String) {
        #expect(IdentityGuard.matches(in: text, protecting: [philippa]).isEmpty, "\(text)")
        var witnessElsewhere = witness
        witnessElsewhere.onlyPartyOnStreet = false
        #expect(IdentityGuard.matches(in: text, protecting: [witnessElsewhere]).isEmpty, "\(text)")
    }

    @Test("a name recorded as one word is a family name, with or without a title")
    func oneWordName() {
        let patel = ProtectedPerson(role: .reportingPerson, fullName: "Mrs Patel")
        #expect(
            IdentityGuard.matches(in: "Mrs Patel complained", protecting: [patel]) == [
                .init(.reportingPerson, .familyName)
            ])
        #expect(IdentityGuard.matches(in: "PATEL", protecting: [patel]) == [.init(.reportingPerson, .familyName)])
        #expect(IdentityGuard.matches(in: "We have had a complaint", protecting: [patel]).isEmpty)
    }

    @Test("a family name that is an everyday word counts only beside a title, an initial or the given name")
    func everydayWordSurname() {
        let sam = ProtectedPerson(role: .reportingPerson, fullName: "Sam Young")
        for text in ["Mr Young complained", "S. Young complained", "Young, Sam", "Sam Young"] {
            #expect(!IdentityGuard.matches(in: text, protecting: [sam]).isEmpty, "\(text)")
        }
        for text in ["A young man was seen", "You may be young, but this must stop", "young people gather"] {
            #expect(IdentityGuard.matches(in: text, protecting: [sam]).isEmpty, "\(text)")
        }
        let green = ProtectedPerson(role: .reportingPerson, fullName: "Alice Green")
        #expect(!IdentityGuard.matches(in: "Mrs A Green complained", protecting: [green]).isEmpty)
        #expect(IdentityGuard.matches(in: "Noise at 5 Green Lane", protecting: [green]).isEmpty)
        #expect(IdentityGuard.matches(in: "There is a green van outside", protecting: [green]).isEmpty)
        let may = ProtectedPerson(role: .reportingPerson, fullName: "June May")
        #expect(IdentityGuard.matches(in: "You may be evicted if this continues.", protecting: [may]).isEmpty)
        #expect(!IdentityGuard.matches(in: "Ms May reported it", protecting: [may]).isEmpty)
    }

    @Test("two ordinary words are not a surname written apart; a name broken by punctuation is")
    func gluedWords() {
        let toogood = ProtectedPerson(role: .reportingPerson, fullName: "Ann Toogood")
        let newman = ProtectedPerson(role: .reportingPerson, fullName: "Rob Newman")
        #expect(IdentityGuard.matches(in: "That is too good to be true", protecting: [toogood]).isEmpty)
        #expect(IdentityGuard.matches(in: "A new man moved in", protecting: [newman]).isEmpty)
        #expect(!IdentityGuard.matches(in: "Ms Too-good complained", protecting: [toogood]).isEmpty)
        #expect(!IdentityGuard.matches(in: "N.e.w.m.a.n", protecting: [newman]).isEmpty)
    }

    @Test("a house number with a short word before the street is still the address")
    func numberInStreet() {
        let maria = ProtectedPerson(
            role: .reportingPerson, fullName: "Maria Lopez", addressLine: "Flat 12, Marsh House")
        #expect(
            IdentityGuard.matches(in: "the tenant of flat 12 in Marsh House", protecting: [maria])
                == [.init(.reportingPerson, .houseAndStreet)])
        #expect(
            IdentityGuard.matches(in: "Loud music at Flat 14, Marsh House after 12 midnight", protecting: [maria])
                .isEmpty)
    }

    @Test("a postcode the respondent or the place of the behaviour shares is not refused")
    func sharedPostcode() {
        var neighbour = philippa
        neighbour.postcodeShared = true
        #expect(IdentityGuard.matches(in: "at RV9 4JT", protecting: [neighbour]).isEmpty)
        #expect(IdentityGuard.matches(in: "at RV9 4JT", protecting: [philippa]) == [.init(.reportingPerson, .postcode)])
    }

    @Test("the street alone is refused only when no one else on the case lives on it")
    func streetAlone() {
        var alone = philippa
        alone.onlyPartyOnStreet = true
        #expect(
            IdentityGuard.matches(in: "The behaviour at Xylophone Mews must stop.", protecting: [alone])
                == [.init(.reportingPerson, .street)])
        #expect(IdentityGuard.matches(in: "The behaviour at Xylophone Mews must stop.", protecting: [philippa]).isEmpty)
    }

    @Test("a family name the respondent shares is not refused alone; the full name still is")
    func sharedFamilyName() {
        var relative = philippa
        relative.familyNameShared = true
        #expect(IdentityGuard.matches(in: "Mr Quartermaine, you must stop.", protecting: [relative]).isEmpty)
        #expect(
            IdentityGuard.matches(in: "Philippa Quartermaine complained", protecting: [relative])
                == [.init(.reportingPerson, .fullName)])
    }

    @Test("a house number away from the street is not an address")
    func window() {
        let text = "On 52 nights noise was heard in Xylophone Mews."
        #expect(IdentityGuard.matches(in: text, protecting: [philippa]).isEmpty)
    }

    @Test("a match names what matched, never the value")
    func description() {
        #expect(IdentityMatch(.reportingPerson, .familyName).description == "the reporting person's family name")
        #expect(IdentityMatch(.witness, .phone).description == "a witness's phone number")
    }
}
