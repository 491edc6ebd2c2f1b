import Fluent
import Foundation
import TandemCore
import ZIPFoundation

/// One detail of a bundle that a redaction decision applies to.
struct BundleItem: Sendable {
    var key: String
    /// What it is, naming no one, for the reviewer's list.
    var label: String
    var detail: DisclosedDetail
    var text: String
}

/// A line of a bundle document: plain text, or a detail that may be withheld.
enum BundleLine: Sendable {
    case heading(String)
    case text(String)
    case item(BundleItem)
}

struct BundleDocument: Sendable {
    var name: String
    var title: String
    var lines: [BundleLine]
}

/// Everything the organisation holds about the requester, in any role on any of its cases (issue 23, item 3), as
/// readable documents: their details, each case with its reports, the other people, letters to them, evidence held,
/// who it was shared with, and who viewed or changed their record. Third parties are withheld by default
/// (`RedactionRules`), and for a respondent every trace of a reporting person (name, phone, email, address) is
/// scrubbed from the rendered text whatever the decisions say: an ASB system's worst failure is telling the person
/// complained about who complained.
struct SubjectAccessBundle: Sendable {
    var documents: [BundleDocument]
    /// Strings that never appear in a respondent's bundle: the reporting people's identities.
    var protected: [String]
    /// The role the bundle is answered as: respondent when the requester is one on any case in it.
    var requesterRole: RequesterRole
    /// The cases the bundle covers, whose views are audited when it is read.
    var caseIDs: [UUID] = []

    var items: [BundleItem] {
        documents.flatMap(\.lines).compactMap { line in
            if case .item(let item) = line { return item }
            return nil
        }
    }

    static let withheldThirdParty = "[Withheld: about another person]"
    static let withheldContext = "[Withheld: could identify another person]"
    static let scrubbed = "[Withheld]"

    // MARK: - Gathering

    static func gather(_ request: SubjectAccessRequest, on db: any Database) async throws -> SubjectAccessBundle {
        let role = request.requesterRole
        guard let personID = request.$person.id,
            let person = try await Person.query(on: db).filter(\.$id == personID).with(\.$place).first()
        else { return SubjectAccessBundle(documents: [], protected: [], requesterRole: role) }
        let org = request.$organisation.id
        let allOwnParties = try await CaseParty.query(on: db).filter(\.$person.$id == personID).all()
        let ownReports = try await Report.query(on: db).filter(\.$reporterPerson.$id == personID)
            .filter(\.$organisation.$id == org).all()
        let caseIDs = Set(allOwnParties.map { $0.$caseRecord.id } + ownReports.compactMap { $0.$caseRecord.id })
        let cases = try await CaseRecord.query(on: db).filter(\.$id ~~ Array(caseIDs))
            .filter(\.$organisation.$id == org).filter(\.$disposedAt == nil).sort(\.$openedAt).all()
        let ids = try cases.map { try $0.requireID() }
        let parties = try await CaseParty.query(on: db).filter(\.$caseRecord.$id ~~ ids).with(\.$person).all()
        let reports = try await Report.query(on: db).filter(\.$caseRecord.$id ~~ ids).sort(\.$receivedAt).all()
        // Only this organisation's cases: another agency's involvement with the person is not this bundle's to tell.
        let ownParties = allOwnParties.filter { ids.contains($0.$caseRecord.id) }
        let ownPartyIDs = Set(ownParties.compactMap(\.id))
        // Respondent on any case in the bundle: the whole bundle is answered as to a respondent, whatever role the
        // request was recorded with.
        let effective: RequesterRole = ownParties.contains { $0.role == .respondent } ? .respondent : role
        let letters = try await Letter.query(on: db).filter(\.$party.$id ~~ Array(ownPartyIDs)).sort(\.$sentOn).all()
        let evidence = try await EvidenceItem.query(on: db).filter(\.$caseRecord.$id ~~ ids).sort(\.$obtainedOn).all()
        let disclosures = try await Disclosure.query(on: db).filter(\.$caseRecord.$id ~~ ids).with(\.$organisation)
            .sort(\.$at).all()
        let contacts = try await ContactLog.query(on: db).filter(\.$caseRecord.$id ~~ ids).sort(\.$contactedAt).all()
        let diary = try await DiaryEntry.query(on: db).filter(\.$caseRecord.$id ~~ ids).sort(\.$occurredAt).all()
        let assessments = try await VulnerabilityAssessmentRecord.query(on: db).filter(\.$person.$id == personID)
            .sort(\.$assessedAt).all()
        let respondentAssessments = try await RespondentAssessmentRecord.query(on: db)
            .filter(\.$party.$id ~~ Array(ownPartyIDs)).all()
        let recordIDs = [personID.uuidString] + ownPartyIDs.map(\.uuidString)
        let events = try await AuditEvent.query(on: db).filter(\.$recordID ~~ recordIDs)
            .filter(\.$actorOrganisationID == org).sort(\.$sequence, .descending).limit(1000).all()
        let ownLinks = try await ResidentLink.query(on: db).filter(\.$party.$id ~~ Array(ownPartyIDs)).all()
        let ownLinkIDs = Set(ownLinks.compactMap(\.id))

        var documents: [BundleDocument] = []
        documents.append(details(of: person))
        for (index, record) in cases.enumerated() {
            let caseID = try record.requireID()
            documents.append(
                caseDocument(
                    record, number: index + 2, role: role, personID: personID,
                    parties: parties.filter { $0.$caseRecord.id == caseID },
                    reports: reports.filter { $0.$caseRecord.id == caseID },
                    letters: letters.filter { $0.$caseRecord.id == caseID },
                    evidence: evidence.filter { $0.$caseRecord.id == caseID },
                    disclosures: disclosures.filter { $0.$caseRecord.id == caseID },
                    contacts: contacts.filter { $0.$caseRecord.id == caseID },
                    diary: diary.filter { $0.$caseRecord.id == caseID }, ownLinks: ownLinkIDs,
                    assessments: assessments.filter { $0.$caseRecord.id == caseID }.map {
                        "\(DisplayDate.day($0.assessedAt)): vulnerability assessment, "
                            + ($0.declined ? "declined" : "band \($0.band?.label ?? "not set")")
                    }
                        + respondentAssessments.filter { $0.$caseRecord.id == caseID }.map {
                            "Respondent assessment: risk posed \($0.riskPosed.label.lowercased())"
                        }, name: person.fullName))
        }
        documents.append(
            BundleDocument(
                name: String(format: "%02d-views-and-changes-of-your-record.txt", cases.count + 2),
                title: "Who viewed or changed your record",
                lines: events.isEmpty
                    ? [.text("No one has viewed or changed your record.")]
                    : events.map {
                        .text(
                            "\(DisplayDate.dayAndTime($0.occurredAt)): \($0.action.replacingOccurrences(of: "_", with: " ")) by \($0.actorEmail ?? "the system")"
                        )
                    }))
        // The reporting people's identities, unless it is the requester's own.
        var protected: [String] = []
        var reporters = Set<UUID>()
        for report in reports where report.$reporterPerson.id != personID {
            protected += [
                report.reporterName, report.reporterPhone, report.reporterEmail, report.reporterAddress,
                report.reporterPostcode, report.onBehalfName,
            ].compactMap { $0 }
            if let id = report.$reporterPerson.id { reporters.insert(id) }
        }
        for party in parties where party.role == .reportingPerson && party.$person.id != personID {
            if let id = party.$person.id { reporters.insert(id) }
        }
        for someone in try await Person.query(on: db).filter(\.$id ~~ Array(reporters)).with(\.$place).all() {
            protected += [
                someone.fullName, someone.phone, someone.email, someone.place?.line1, someone.place?.postcode,
            ]
            .compactMap { $0 }
        }
        // A phone number written with other spacing is the same number.
        protected += protected.filter { $0.allSatisfy { $0.isNumber || $0 == " " || $0 == "+" } }
            .map { $0.replacingOccurrences(of: " ", with: "") }
        protected = Array(Set(protected.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 4 }))
            .sorted { $0.count > $1.count }
        return SubjectAccessBundle(
            documents: documents, protected: protected, requesterRole: effective, caseIDs: ids)
    }

    private static func details(of person: Person) -> BundleDocument {
        var lines: [BundleLine] = [.text("Name: \(person.fullName)")]
        if let born = person.dateOfBirth { lines.append(.text("Date of birth: \(DisplayDate.civil(born))")) }
        if let phone = person.phone { lines.append(.text("Phone: \(phone)")) }
        if let email = person.email { lines.append(.text("Email: \(email)")) }
        if let place = person.place {
            lines.append(
                .text(
                    "Address: " + [place.line1, place.line2, place.postcode].compactMap { $0 }.joined(separator: ", ")))
        }
        if let language = person.language { lines.append(.text("Language: \(language)")) }
        if person.interpreterNeeded { lines.append(.text("Needs an interpreter")) }
        if let needs = person.otherNeeds { lines.append(.text("Other needs: \(needs)")) }
        return BundleDocument(name: "01-your-details.txt", title: "Your details as we hold them", lines: lines)
    }

    private static func caseDocument(
        _ record: CaseRecord, number: Int, role: RequesterRole, personID: UUID, parties: [CaseParty],
        reports: [Report], letters: [Letter], evidence: [EvidenceItem], disclosures: [Disclosure],
        contacts: [ContactLog], diary: [DiaryEntry], ownLinks: Set<UUID>, assessments: [String], name: String
    ) -> BundleDocument {
        var lines: [BundleLine] = [
            .text("Opened \(DisplayDate.day(record.openedAt)); status: \(record.status.label)."),
            .text(
                "Your part in this case: "
                    + (Set(parties.filter { $0.$person.id == personID }.map(\.role.label)).sorted().joined(
                        separator: ", "
                    )
                    .nonEmpty ?? "the person who reported it")),
        ]
        lines.append(.heading("Reports"))
        for report in reports {
            let reference = report.reference
            let own = report.$reporterPerson.id == personID
            lines.append(
                .text(
                    "\(reference), received \(DisplayDate.day(report.receivedAt)) by \(report.channel.label.lowercased())"
                ))
            let who = [report.reporterName, report.reporterPhone, report.reporterEmail, report.reporterAddress]
                .compactMap { $0 }.joined(separator: ", ")
            lines.append(
                .item(
                    BundleItem(
                        key: "report:\(report.id?.uuidString ?? reference):reporter",
                        label: "Who made report \(reference)",
                        detail: own ? .requester : .thirdParty(.reportingPerson),
                        text: "Reported by: " + (who.isEmpty ? "not recorded" : who))))
            var said = ["What was reported: \(report.description)", "Where: \(report.location)"]
            if let effect = report.effect { said.append("The effect: \(effect)") }
            if let wanted = report.outcomeWanted { said.append("What they wanted: \(wanted)") }
            lines.append(
                .item(
                    BundleItem(
                        key: "report:\(report.id?.uuidString ?? reference):content",
                        label: "What report \(reference) says",
                        detail: own ? .requester : .identifyingContext(of: .reportingPerson),
                        text: said.joined(separator: ". "))))
        }
        let others = parties.filter { $0.$person.id != personID }
        if !others.isEmpty {
            lines.append(.heading("Other people on this case"))
            for party in others {
                let name = party.person?.fullName ?? party.description ?? "Not named"
                let whose = RequesterRole(rawValue: party.role.rawValue) ?? .householdMember
                lines.append(
                    .item(
                        BundleItem(
                            key: "party:\(party.id?.uuidString ?? "")",
                            label: "A \(party.role.label.lowercased()) on the case",
                            detail: .thirdParty(whose), text: "\(name) (\(party.role.label))")))
            }
        }
        if !assessments.isEmpty {
            lines.append(.heading("Assessments about you"))
            lines += assessments.map { .text($0) }
        }
        if !contacts.isEmpty {
            lines.append(.heading("Contacts"))
            for contact in contacts {
                // A contact with the requester is theirs; one with anyone else could point to them.
                let own = contact.withWhom.localizedCaseInsensitiveContains(name)
                lines.append(
                    .item(
                        BundleItem(
                            key: "contact:\(contact.id?.uuidString ?? "")",
                            label: "A contact on \(DisplayDate.day(contact.contactedAt))",
                            detail: own || role == .reportingPerson
                                ? .requester : .identifyingContext(of: .reportingPerson),
                            text:
                                "\(DisplayDate.dayAndTime(contact.contactedAt)), \(contact.channel.label.lowercased()) with \(contact.withWhom): \(contact.summary)"
                        )))
            }
        }
        if !diary.isEmpty {
            lines.append(.heading("Diary entries"))
            for entry in diary {
                lines.append(
                    .item(
                        BundleItem(
                            key: "diary:\(entry.id?.uuidString ?? "")",
                            label: "A diary entry of \(DisplayDate.day(entry.occurredAt))",
                            detail: entry.$residentLink.id.map(ownLinks.contains) == true
                                ? .requester : .identifyingContext(of: .reportingPerson),
                            text: "\(DisplayDate.dayAndTime(entry.occurredAt)): \(entry.whatHappened)"
                                + (entry.whoInvolved.map { ". Who was involved: \($0)" } ?? "")
                                + (entry.effect.map { ". The effect: \($0)" } ?? ""))))
            }
        }
        if !letters.isEmpty {
            lines.append(.heading("Letters to you"))
            for letter in letters {
                lines.append(.text("\(DisplayDate.civil(letter.sentOn)): \(letter.title)"))
                lines.append(.text(letter.body))
            }
        }
        if !evidence.isEmpty {
            lines.append(.heading("Evidence held"))
            for item in evidence {
                let whose: RequesterRole = item.fromResident ? .reportingPerson : .witness
                lines.append(
                    .item(
                        BundleItem(
                            key: "evidence:\(item.id?.uuidString ?? "")",
                            label: "Evidence item \(item.kind.label.lowercased())",
                            detail: .identifyingContext(of: whose),
                            text: "\(item.kind.label), \(DisplayDate.civil(item.obtainedOn)): \(item.title)")))
            }
        }
        if !disclosures.isEmpty {
            lines.append(.heading("Shared with other organisations"))
            for disclosure in disclosures {
                lines.append(
                    .text(
                        "\(DisplayDate.day(disclosure.at)): \(disclosure.event.label) with \(disclosure.organisation.name) for \(disclosure.purpose) (\(disclosure.sections))"
                    ))
            }
        }
        return BundleDocument(
            name: String(format: "%02d-case-%@.txt", number, record.reference), title: "Case \(record.reference)",
            lines: lines)
    }

    // MARK: - Rendering

    /// Each document as text, with each detail shown or withheld as decided (a detail with no decision yet takes the
    /// rules' default), and for a respondent every reporting person's identity scrubbed.
    func rendered(decisions: [String: Bool], reference: String) -> [(name: String, text: String)] {
        var files: [(String, String)] = []
        var index = [
            "Subject access request \(reference)", "",
            "This bundle holds the personal data we hold about you, one document per case, with your details and a",
            "list of who viewed or changed your record. Where a line is marked \"Withheld\" it is about another",
            "person, or could identify them, and has been withheld to protect them (UK GDPR and the Data Protection",
            "Act 2018, Schedule 2 paragraph 16).", "", "Documents:",
        ]
        for document in documents {
            index.append("- \(document.name): \(document.title)")
            var text = [document.title, String(repeating: "=", count: document.title.count), ""]
            for line in document.lines {
                switch line {
                case .heading(let heading): text += ["", heading, String(repeating: "-", count: heading.count)]
                case .text(let value): text.append(value)
                case .item(let item):
                    let withheld =
                        decisions[item.key] ?? RedactionRules.redactedByDefault(item.detail, requester: requesterRole)
                    if withheld {
                        if case .thirdParty = item.detail {
                            text.append(Self.withheldThirdParty)
                        } else {
                            text.append(Self.withheldContext)
                        }
                    } else {
                        text.append(item.text)
                    }
                }
            }
            files.append((document.name, scrub(text.joined(separator: "\n") + "\n")))
        }
        return [("00-index.txt", scrub(index.joined(separator: "\n") + "\n"))] + files
    }

    /// Removes every other reporting person's identity from the text, whatever was decided, whoever asks: a reporting
    /// person's identity is never released through a bundle (with their written consent it is given outside Tandem).
    func scrub(_ text: String) -> String {
        var result = text
        for value in protected {
            result = result.replacingOccurrences(of: value, with: Self.scrubbed, options: [.caseInsensitive])
        }
        return result
    }

    /// The bundle as a ZIP archive: the index and the documents.
    func zip(decisions: [String: Bool], reference: String) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for file in rendered(decisions: decisions, reference: reference) {
            let data = Data(file.text.utf8)
            try archive.addEntry(
                with: "\(reference)/\(file.name)", type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension DisclosedDetail {
    /// As stored with a redaction decision.
    var stored: String {
        switch self {
        case .requester: "requester"
        case .staff: "staff"
        case .thirdParty(let role): "third_party:\(role.rawValue)"
        case .identifyingContext(let role): "context:\(role.rawValue)"
        }
    }

    init?(stored: String) {
        let parts = stored.split(separator: ":", maxSplits: 1).map(String.init)
        switch parts.first {
        case "requester": self = .requester
        case "staff": self = .staff
        case "third_party": self = .thirdParty(RequesterRole(rawValue: parts.last ?? "") ?? .householdMember)
        case "context": self = .identifyingContext(of: RequesterRole(rawValue: parts.last ?? "") ?? .householdMember)
        default: return nil
        }
    }

    var label: String {
        switch self {
        case .requester: "The requester's own data"
        case .staff: "Staff acting in their job"
        case .thirdParty(let role): "Another person: \(role.label.lowercased())"
        case .identifyingContext(let role): "Could identify another person: \(role.label.lowercased())"
        }
    }
}
