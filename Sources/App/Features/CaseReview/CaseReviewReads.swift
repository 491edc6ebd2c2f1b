import Fluent
import Foundation
import TandemCore
import Vapor

/// The local arrangements as loaded: the record, its relevant bodies and the CT-MARAC that reviews.
struct LoadedArrangements: Sendable {
    var record: CaseReviewArrangementsRecord
    var bodies: [CaseReviewBody]
    var panel: Panel?

    var organisationID: UUID { record.$organisation.id }
    var rules: CaseReviewArrangements { record.rules }
    /// The single point of contact's organisation and every relevant body.
    var relevantBodyIDs: Set<UUID> { Set(bodies.map(\.$organisation.id)).union([organisationID]) }

    func facts(_ review: CaseReview) -> CaseReviewFacts {
        CaseReviewFacts(
            spocOrganisationID: organisationID, relevantBodyIDs: relevantBodyIDs, chairID: panel?.$chair.id,
            appealOfficerID: review.$appealOfficer.id)
    }

    /// The register's own facts, for the actions about every application.
    var registerFacts: CaseReviewFacts {
        CaseReviewFacts(spocOrganisationID: organisationID, relevantBodyIDs: relevantBodyIDs)
    }
}

/// Reading Case Review records for the pages (issue 22).
enum CaseReviewReads {
    /// The arrangements in force. A deployment has one single point of contact for its area (Lambeth 3.6.1).
    static func arrangements(on db: any Database) async throws -> LoadedArrangements? {
        guard
            let record = try await CaseReviewArrangementsRecord.query(on: db).with(\.$organisation)
                .with(\.$contact).sort(\.$updatedAt).first()
        else { return nil }
        let bodies = try await CaseReviewBody.query(on: db).filter(\.$arrangements.$id == record.requireID())
            .with(\.$organisation).with(\.$designatedOfficer).all()
            .sorted { $0.organisation.name < $1.organisation.name }
        var panel: Panel?
        if let panelID = record.$panel.id {
            panel = try await Panel.query(on: db).filter(\.$id == panelID).with(\.$chair).first()
        }
        return LoadedArrangements(record: record, bodies: bodies, panel: panel)
    }

    static func requireArrangements(_ request: Request) async throws -> LoadedArrangements {
        guard let loaded = try await arrangements(on: request.db) else {
            throw Abort(.notFound, reason: "The ASB Case Review arrangements have not been set up yet")
        }
        return loaded
    }

    /// One application by the id in the path, with the arrangements; 404 when there is none or it is hidden.
    static func find(_ request: Request) async throws -> (CaseReview, LoadedArrangements, CaseReviewFacts) {
        _ = try request.requireUser()
        guard let id = request.parameters.get("reviewID", as: UUID.self) else { throw Abort(.notFound) }
        return try await find(id, request)
    }

    static func find(_ id: UUID, _ request: Request) async throws -> (CaseReview, LoadedArrangements, CaseReviewFacts) {
        guard
            let review = try await CaseReview.query(on: request.db).filter(\.$id == id).with(\.$caseRecord)
                .with(\.$meeting).with(\.$leadOrganisation).with(\.$leadOfficer).with(\.$appealOfficer)
                .with(\.$decidedBy).with(\.$resolutionSignedBy).first(),
            let arrangements = try await arrangements(on: request.db),
            arrangements.organisationID == review.$organisation.id
        else { throw Abort(.notFound) }
        return (review, arrangements, arrangements.facts(review))
    }

    /// The working calendar deadlines are counted on: office hours, bank holidays and closures.
    static func calendar(_ request: Request) async throws -> WorkingCalendar {
        try await request.intakePolicy().calendar
    }

    /// The complaints behind the application found in Tandem: every report on the case it is about, and every
    /// report by the same reporting person on any case, to the single point of contact's organisation or a relevant
    /// body (a partner's incident counts for the partner that recorded it). Reports triage marked as repeats of
    /// another are left out: they are the same report.
    static func recordedComplaints(
        _ review: CaseReview, _ arrangements: LoadedArrangements, on db: any Database
    ) async throws -> [(report: Report, complaint: RecordedComplaint)] {
        guard let caseID = review.$caseRecord.id else { return [] }
        let onCase = try await Report.query(on: db).filter(\.$caseRecord.$id == caseID).all()
        let people = Set(
            try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$role == .reportingPerson).all().compactMap(\.$person.id))
        var reports = onCase
        if !people.isEmpty {
            let known = Set(onCase.compactMap(\.id))
            reports += try await Report.query(on: db).filter(\.$reporterPerson.$id ~~ Array(people)).all()
                .filter { !known.contains($0.id ?? UUID()) }
        }
        let bodies = arrangements.relevantBodyIDs
        let calendar = WorkingCalendar()
        return
            reports
            .filter { $0.$duplicateOf.id == nil }
            .compactMap { report in
                let body = report.$partnerOrganisation.id ?? report.$organisation.id
                guard bodies.contains(body), let id = report.id else { return nil }
                return (
                    report,
                    RecordedComplaint(
                        id: id, bodyID: body, reportedOn: calendar.local(report.receivedAt).day,
                        behaviourOn: report.behaviourDate)
                )
            }
    }

    /// Where the application is routed as well as the review, from the case (Lambeth 3.6.2 stage 2).
    static func routes(_ review: CaseReview, _ arrangements: LoadedArrangements, today: CivilDate, on db: any Database)
        async throws -> [CaseReviewRoute]
    {
        guard let record = review.caseRecord else { return [] }
        let caseID = try record.requireID()
        let respondents = try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$role == .respondent).with(\.$person).all()
        let assessedUnder18 =
            try await RespondentAssessmentRecord.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$under18 == true).first() != nil
        let under18 =
            assessedUnder18
            || respondents.contains {
                RespondentRules.isUnder18(
                    dateOfBirth: $0.person?.dateOfBirth, age: nil, statedUnder18: false, on: today)
            }
        var anotherLandlord = false
        if let placeID = record.$place.id, let place = try await Place.find(placeID, on: db),
            let landlord = place.$landlord.id
        {
            anotherLandlord = landlord != arrangements.organisationID
        }
        return CaseReviewEligibility.routes(
            vulnerability: record.vulnerabilityBand, hateIncident: record.hateIncident == true,
            respondentUnder18: under18, anotherLandlord: anotherLandlord)
    }

    /// The case the applicant most likely means: the case reference they gave, or the latest case on which a report
    /// came from their email or phone.
    static func matchCase(
        reference: String?, email: String?, phone: String?, bodies: Set<UUID>, on db: any Database
    ) async throws -> UUID? {
        if let reference, !reference.isEmpty,
            let record = try await CaseRecord.query(on: db).filter(\.$reference == reference.uppercased())
                .filter(\.$organisation.$id ~~ Array(bodies)).first()
        {
            return record.id
        }
        for (field, value) in [(\Report.$reporterEmail, email), (\Report.$reporterPhone, phone)] {
            guard let value, !value.isEmpty else { continue }
            if let report = try await Report.query(on: db).filter(field == value).filter(\.$caseRecord.$id != nil)
                .filter(\.$organisation.$id ~~ Array(bodies)).sort(\.$receivedAt, .descending).first()
            {
                return report.$caseRecord.id
            }
        }
        return nil
    }
}
