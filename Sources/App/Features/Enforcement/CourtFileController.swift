import Fluent
import Foundation
import TandemCore
import Vapor

/// `/cases/:caseID/court-file`: the case file a solicitor takes to court (issue 23, item 5; Westminster's legal case
/// file, 003 section 8): an index, then the chronology, every action and measure tried with its outcome, the
/// proportionality and Equality Act reviews, the evidence register with each file's SHA-256, the witness statements
/// and interviews, and the letters sent. Each section starts on a new printed page and every entry is numbered
/// (A1, A2, ...) so it can be cited. The owning team's casework roles with a need to know the review's special
/// category content may open it; every view is audited.
struct CourtFileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .courtFile), use: show)
    }

    struct Entry: Encodable {
        var number: String
        var heading: String
        var detail: String?
    }

    struct Section: Encodable {
        var letter: String
        var title: String
        var id: String
        var entries: [Entry]
        var count: Int
        var empty: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var reference: String
        var title: String
        var organisation: String
        var officer: String
        var parties: [String]
        var status: String
        var prepared: String
        var sections: [Section]
        var back: String
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .enforcement)
        try request.authorize(.workCase(facts))
        try request.authorize(.viewMentalHealth(facts))
        let caseID = try record.requireID()
        let db = request.db
        let parties = try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$person).all()
        func party(_ id: UUID?) -> String? {
            parties.first { $0.id == id }.map(Casework.partyLabel)
        }
        var sections: [Section] = []
        func section(_ title: String, _ id: String, _ entries: [(String, String?)], empty: String) {
            let letter = String(UnicodeScalar(UInt8(65 + sections.count)))
            sections.append(
                Section(
                    letter: letter, title: title, id: id,
                    entries: entries.enumerated().map {
                        Entry(number: "\(letter)\($0.offset + 1)", heading: $0.element.0, detail: $0.element.1)
                    },
                    count: entries.count, empty: empty))
        }
        // A. Chronology: the case's timeline as recorded, oldest first.
        let timeline = try await CaseEvent.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$actor)
            .sort(\.$occurredAt).sort(\.$id).all()
        section(
            "Chronology", "chronology",
            timeline.map {
                (
                    "\(DisplayDate.dayAndTime($0.occurredAt)): \($0.summary)",
                    $0.actor.map { "Recorded by \($0.displayName)" }
                )
            },
            empty: "Nothing has been recorded on the timeline.")
        // B. Every action and measure tried, with its outcome.
        var tried: [(String, String?)] = []
        for item in try await Intervention.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$startedOn).all() {
            let outcome =
                item.outcome.map {
                    "Outcome: \($0.label)" + (item.outcomeOn.map { " on \(DisplayDate.civil($0))" } ?? "")
                } ?? "Status: \(item.status.label)"
            tried.append(
                (
                    "\(DisplayDate.civil(item.startedOn)): \(item.kind.label)"
                        + (party(item.$party.id).map { ", \($0)" } ?? ""),
                    [outcome, item.terms.map { "Terms: \($0)" }, item.outcomeNotes].compactMap { $0 }.joined(
                        separator: ". ")
                ))
        }
        for referral in try await Referral.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$sentOn).all() {
            tried.append(
                (
                    "\(DisplayDate.civil(referral.sentOn)): referral to \(referral.service.label)",
                    "Status: \(referral.status.label)" + (referral.outcome.map { ". Outcome: \($0)" } ?? "")
                ))
        }
        let measures = try await LegalMeasure.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$power).sort(
            \.$instructedOn
        ).all()
        let hearings = try await CourtHearing.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$heardOn).all()
        let orders = try await CourtOrder.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$madeOn).all()
        let breaches = try await OrderBreach.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$occurredOn).all()
        for measure in measures {
            var detail = ["Status: \(measure.status.label)"]
            for hearing in hearings where hearing.$measure.id == measure.id {
                detail.append(
                    "Hearing \(DisplayDate.civil(hearing.heardOn)) at \(hearing.court) (\(hearing.hearingType.label))"
                        + (hearing.outcome.map { ": \($0.label)" } ?? ""))
            }
            for order in orders where order.$measure.id == measure.id {
                detail.append(
                    "Order made \(DisplayDate.civil(order.madeOn)), in force from \(DisplayDate.civil(order.startsOn))"
                        + (order.expiresOn.map { " until \(DisplayDate.civil($0))" } ?? "")
                        + (order.powerOfArrest ? ", with a power of arrest" : ""))
                for breach in breaches where breach.$order.id == order.id {
                    detail.append("Breach \(DisplayDate.civil(breach.occurredOn)): \(breach.evidence)")
                }
            }
            tried.append(
                (
                    "\(DisplayDate.civil(measure.instructedOn)): \(measure.power.name)"
                        + (party(measure.$party.id).map { ", \($0)" } ?? ""), detail.joined(separator: ". ")
                ))
        }
        section(
            "Actions and measures tried", "measures", tried,
            empty: "No intervention, referral or legal measure has been recorded.")
        // C. The proportionality and Equality Act reviews, with every answer and the sign-off.
        let reviews = try await ProportionalityReview.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$power)
            .with(\.$preparedBy).with(\.$decidedBy).sort(\.$preparedAt).all()
        var reviewEntries: [(String, String?)] = []
        for review in reviews {
            let answers = review.decodedAnswers
            let text = ReviewQuestion.allCases.map { "\($0.text)\n\(answers[$0] ?? "")" }.joined(separator: "\n\n")
            let decided =
                review.decidedAt.map {
                    " Decided \(DisplayDate.dayAndTime($0)) by \(review.decidedBy?.displayName ?? "")"
                        + (review.decisionReason.map { ": \($0)" } ?? "")
                } ?? ""
            reviewEntries.append(
                (
                    "\(review.power.name): \(review.status.label). Prepared \(DisplayDate.dayAndTime(review.preparedAt)) by \(review.preparedBy.displayName).\(decided)",
                    text
                ))
        }
        section(
            "Proportionality and Equality Act review", "review", reviewEntries,
            empty: "No proportionality review has been prepared.")
        // D. The evidence register, with each file's checksum so the copy in court can be checked against it.
        let evidence = try await EvidenceItem.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$obtainedOn)
            .sort(\.$addedAt).all()
        section(
            "Evidence register", "evidence",
            evidence.map { item in
                let file =
                    item.fileName.map { name in
                        "File \(name), \(item.fileSize ?? 0) bytes, SHA-256 \(item.fileSHA256 ?? "not recorded")"
                    } ?? "No file attached"
                return (
                    "\(DisplayDate.civil(item.obtainedOn)): \(item.kind.label): \(item.title)",
                    [item.description, file].compactMap { $0 }.joined(separator: ". ")
                )
            }, empty: "No evidence has been registered.")
        // E. Witness statements and interviews.
        let interviews = try await Interview.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$interviewedOn)
            .all()
        var statements: [(String, String?)] = evidence.filter {
            $0.kind == .witnessStatement || $0.kind == .professionalWitness
        }
        .map { ("\(DisplayDate.civil($0.obtainedOn)): \($0.kind.label): \($0.title)", $0.description) }
        statements += interviews.map { interview in
            (
                "\(DisplayDate.civil(interview.interviewedOn)): \(interview.kind.label) of \(party(interview.$party.id) ?? "a party") (\(interview.method))",
                [interview.answers, interview.notes].compactMap { $0 }.joined(separator: "\n")
            )
        }
        section(
            "Witness statements and interviews", "statements", statements,
            empty: "No witness statement or interview has been recorded.")
        // F. Letters sent.
        let letters = try await Letter.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$sentOn).all()
        section(
            "Letters sent", "letters",
            letters.map {
                (
                    "\(DisplayDate.civil($0.sentOn)): \($0.title), to \($0.recipientName) (\($0.method.label.lowercased()))",
                    $0.body
                )
            },
            empty: "No letter has been sent.")
        try await request.auditCaseView(record, "the court file")
        return try await request.view.render(
            "enforcement/court-file",
            Page(
                layout: request.layout(title: "Court file, case \(record.reference)", section: .cases),
                reference: record.reference, title: record.title, organisation: record.organisation.name,
                officer: record.officer?.displayName ?? "Not allocated", parties: parties.map(Casework.partyLabel),
                status: record.status.label, prepared: DisplayDate.dayAndTime(request.now), sections: sections,
                back: SiteURL.case(.value(caseID), .enforcement).path))
    }
}
