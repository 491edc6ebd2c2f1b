import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Finding people (likely matches, so duplicates are not created), a
/// person's record with their roles across cases (every view audited), and
/// adding a person to a case.
struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.people, use: search)
        routes.get(.person(.key), use: show)
        routes.post(.person(.key), use: update)
        routes.post(.case(.key, .parties), use: addParty)
    }

    struct ResultRow: Encodable {
        var id: String
        /// The person's page.
        var href: String
        var name: String
        var dateOfBirth: String?
        var address: String?
        var why: String
    }

    struct SearchPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var searched: Bool
        var results: [ResultRow]
        var hasResults: Bool
        /// Where the search form goes.
        var searchAction: String
    }

    @Sendable
    func search(request: Request) async throws -> View {
        let user = try request.authorize(.findPeople)
        var form = FormState()
        let name = TextRules.clean(try? request.query.get(String.self, at: "name"))
        let dobText = TextRules.clean(try? request.query.get(String.self, at: "dob"))
        let postcode = TextRules.clean(try? request.query.get(String.self, at: "postcode"))
        form.values = ["name": name, "dob": dobText, "postcode": postcode]
        let searched = !name.isEmpty || !dobText.isEmpty || !postcode.isEmpty
        var rows: [ResultRow] = []
        if searched {
            if let problem = TextRules.problem(name, label: "a name to search for", max: 120) {
                form.add("name", problem)
            }
            let dob = dobText.isEmpty ? nil : CivilDate(iso: dobText)
            if !dobText.isEmpty && dob == nil { form.add("dob", "Enter a real date of birth, like 1970-03-14") }
            if form.isValid {
                let matches = try await IntakeMatching.people(
                    name: name, dateOfBirth: dob, postcode: postcode.nilIfEmpty, knownTo: user.organisationID,
                    on: request.db, limit: 25)
                rows = matches.map {
                    ResultRow(
                        id: $0.person.id?.uuidString ?? "", href: Self.href($0.person), name: $0.person.fullName,
                        dateOfBirth: $0.person.dateOfBirth?.description, address: $0.person.place?.oneLine,
                        why: $0.match.reasons.joined(separator: ", "))
                }
                try await request.auditView(
                    recordType: .personSearch, recordID: "-",
                    summary: "Searched people (\(rows.count) likely matches shown)")
            }
        }
        return try await request.view.render(
            "people/search",
            SearchPage(
                layout: request.layout(
                    title: form.isValid ? "Find a person" : "Error: Find a person", section: .people),
                form: form, searched: searched && form.isValid, results: rows, hasResults: !rows.isEmpty,
                searchAction: SiteURL.people.path))
    }

    struct RoleRow: Encodable {
        var caseID: String
        /// The case page.
        var href: String
        var reference: String
        var title: String
        var role: String
        var status: String
    }

    struct PersonPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var personID: String
        /// Where the corrected details post.
        var saveAction: String
        var chronologyLink: String
        /// The record's version, carried by the form (optimistic versioning).
        var version: String
        var contactMethods: [Choice]
        var name: String
        var dateOfBirth: String?
        var age: Int?
        var phone: String?
        var email: String?
        var preferredContact: String?
        var language: String?
        var interpreterNeeded: Bool
        var otherNeeds: String?
        var address: String?
        var dateOfBirthValue: String
        var postcodeValue: String
        var roles: [RoleRow]
        var hasRoles: Bool
        /// Safety markers on the person or their home, shown wherever they appear.
        var markers: [String]
        var hasMarkers: Bool
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let user = try request.authorize(.findPeople)
        let (person, roles) = try await find(request, user: user)
        try await request.auditView(
            recordType: .person, recordID: try person.requireID().uuidString, summary: "Viewed person record")
        return try await render(request, person: person, roles: roles, form: FormState())
    }

    /// Corrects a person's details; every change is audited field by field.
    @Sendable
    func update(request: Request) async throws -> Response {
        let user = try request.authorize(.findPeople)
        let (person, roles) = try await find(request, user: user)
        let input = (try? request.content.decode(PartyInput.self)) ?? PartyInput()
        var form = FormState()
        let details = PersonDetails.read(input, today: WorkingCalendar().local(request.now).day, form: &form)
        guard form.isValid else {
            return try await render(request, person: person, roles: roles, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let now = request.now
        // Optimistic versioning: the form carries the version it was made from,
        // and the save goes ahead only if the record still has that version.
        let version = TextRules.clean(try? request.content.get(String.self, at: "version"))
        let personID = try person.requireID()
        do {
            try await saveDetails(request, person: person, details: details, version: version, at: now)
        } catch let conflict as EditConflict {
            let (current, currentRoles) = try await find(request, user: user)
            var form = FormState()
            form.add(
                "full_name",
                "These details were changed by someone else at \(DisplayDate.dayAndTime(conflict.savedAt)) while you were editing. The details below are the current ones: make your change again if it is still needed"
            )
            return try await render(request, person: current, roles: currentRoles, form: form)
                .encodeResponse(status: .conflict, for: request)
        }
        return request.redirect(to: SiteURL.person(.value(personID)).path, flash: .personSaved)
    }

    /// A person's page, for a row that links to it.
    private static func href(_ person: Person) -> String {
        person.id.map { SiteURL.person(.value($0)).path } ?? ""
    }

    struct EditConflict: Error {
        var savedAt: Date
    }

    private func saveDetails(
        _ request: Request, person: Person, details: PersonDetails, version: String, at now: Date
    ) async throws {
        let placeID = person.$place.id
        let personID = try person.requireID()
        try await request.write { work in
            // Read the version inside the transaction, locking the row on PostgreSQL, so two saves
            // through different instances cannot both pass; SQLite's write lock already serialises them.
            let savedAt = try await Self.version(of: personID, on: work.db)
            guard String(AuditContent.millis(savedAt)) == version else { throw EditConflict(savedAt: savedAt) }
            // The postcode lives on the home's row; the person's event names it too, so their record's
            // history shows the change. Read inside the transaction, before the home is changed below.
            let place = try await Place.find(placeID, on: work.db)
            let oldPostcode = place?.postcode
            details.apply(to: person, at: now)
            if let place {
                place.postcode = details.postcode.nilIfEmpty
                place.postcodeKey = details.postcode.isEmpty ? nil : Postcode.key(details.postcode)
                try await work.update(place, "Updated the postcode of a person's home")
            } else if !details.postcode.isEmpty {
                let home = Place(kind: .home, line1: details.postcode, postcode: details.postcode, wardID: nil, at: now)
                try await work.insert(home, "Added a person's home")
                person.$place.id = home.id
            }
            try await work.update(
                person, "Updated person record", before: ["postcode": oldPostcode],
                after: ["postcode": details.postcode.nilIfEmpty])
        }
    }

    /// When the person record was last saved: its version for optimistic locking.
    static func version(of personID: UUID, on db: any Database) async throws -> Date {
        if db.isPostgres, let sql = db as? any SQLDatabase {
            let row = try await sql.raw("SELECT updated_at FROM people WHERE id = \(bind: personID) FOR UPDATE").first()
            guard let savedAt = try row?.decode(column: "updated_at", as: Date.self) else { throw Abort(.notFound) }
            return savedAt
        }
        guard let person = try await Person.find(personID, on: db) else { throw Abort(.notFound) }
        return person.updatedAt
    }

    /// A person, with their roles on this organisation's cases; 404 when they have none.
    private func find(_ request: Request, user: CurrentUser) async throws -> (Person, [CaseParty]) {
        guard let id = request.parameters.get("personID", as: UUID.self),
            let person = try await Person.query(on: request.db).filter(\.$id == id).with(\.$place).first()
        else { throw Abort(.notFound) }
        let scope = AccessPolicy.caseListScope(for: user.actor)
        let parties = try await CaseParty.query(on: request.db).filter(\.$person.$id == id).with(\.$caseRecord)
            .limit(200).all()
        let visible = parties.filter { $0.caseRecord.$organisation.id == scope.ownedBy }
        // A person is reachable only through this organisation's cases; a person outside them is a refusal,
        // recorded like any other.
        guard !visible.isEmpty else { throw AccessRefused(status: .notFound) }
        return (person, visible)
    }

    private func render(_ request: Request, person: Person, roles: [CaseParty], form: FormState) async throws -> View {
        let personID = try person.requireID()
        let markers = try await SafetyMarker.query(on: request.db).filter(\.$removedAt == nil).group(.or) { or in
            or.filter(\.$person.$id == personID)
            if let placeID = person.$place.id { or.filter(\.$place.$id == placeID) }
        }.sort(\.$addedAt).all()
        return try await request.view.render(
            "people/show",
            PersonPage(
                layout: request.layout(
                    title: form.isValid ? person.fullName : "Error: \(person.fullName)", section: .people),
                form: form, personID: personID.uuidString, saveAction: SiteURL.person(.value(personID)).path,
                chronologyLink: SiteURL.personChronology(.value(personID)).path,
                version: String(AuditContent.millis(person.updatedAt)),
                contactMethods: Choice.list(
                    ContactMethod.allCases, value: \.rawValue, label: \.label,
                    selected: [person.preferredContact?.rawValue ?? ""]),
                name: person.fullName,
                dateOfBirth: person.dateOfBirth.map(DisplayDate.civil),
                age: person.age, phone: person.phone, email: person.email,
                preferredContact: person.preferredContact?.label,
                language: person.language, interpreterNeeded: person.interpreterNeeded,
                otherNeeds: person.otherNeeds, address: person.place?.oneLine,
                dateOfBirthValue: person.dateOfBirth?.description ?? "", postcodeValue: person.place?.postcode ?? "",
                roles: roles.map {
                    RoleRow(
                        caseID: $0.$caseRecord.id.uuidString, href: SiteURL.case(.value($0.$caseRecord.id)).path,
                        reference: $0.caseRecord.reference,
                        title: $0.caseRecord.title, role: $0.role.label,
                        status: $0.caseRecord.status.label)
                },
                hasRoles: !roles.isEmpty,
                markers: markers.map { ($0.$place.id != nil ? "Address: " : "") + $0.label },
                hasMarkers: !markers.isEmpty))
    }

    struct PartyInput: Content {
        var role: String?
        var fullName: String?
        var dateOfBirth: String?
        var age: String?
        var phone: String?
        var email: String?
        var preferredContact: String?
        var language: String?
        var interpreterNeeded: String?
        var otherNeeds: String?
        var postcode: String?
        var groupPartyId: String?
        /// "new" to confirm a new person despite likely matches, or a match's id.
        var personChoice: String?

        enum CodingKeys: String, CodingKey {
            case role
            case fullName = "full_name"
            case dateOfBirth = "date_of_birth"
            case age
            case phone
            case email
            case preferredContact = "preferred_contact"
            case language
            case interpreterNeeded = "interpreter_needed"
            case otherNeeds = "other_needs"
            case postcode
            case groupPartyId = "group_party_id"
            case personChoice = "person_choice"
        }
    }

    struct MatchPage: Encodable {
        var layout: LayoutContext
        var caseID: String
        /// The case's pages: the form posts to its parties, "Cancel" goes back to it.
        var links: CaseLinks
        var reference: String
        var fullName: String
        var hidden: [Hidden]
        var matches: [ResultRow]

        struct Hidden: Encodable {
            var name: String
            var value: String
        }
    }

    @Sendable
    func addParty(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        let user = try request.authorize(.workCase(facts))
        let input = (try? request.content.decode(PartyInput.self)) ?? PartyInput()
        var form = FormState()
        let role = input.role.flatMap(PartyRole.init(rawValue:))
        if role == nil { form.add("role", "Select the person's role on this case") }
        let details = PersonDetails.read(input, today: WorkingCalendar().local(request.now).day, form: &form)
        let name = details.name
        let dob = details.dateOfBirth
        let postcode = details.postcode
        var groupID: UUID?
        if let raw = input.groupPartyId, !raw.isEmpty {
            let caseID = try record.requireID()
            if let id = UUID(uuidString: raw),
                try await CaseParty.query(on: request.db).filter(\.$id == id).filter(\.$caseRecord.$id == caseID)
                    .filter(\.$respondentKind == RespondentKind.group).count() == 1
            {
                groupID = id
            } else {
                form.add("group_party_id", "Select a group on this case")
            }
        }
        guard form.isValid, let role else {
            return try await CasePageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let matches = try await IntakeMatching.people(
            name: name, dateOfBirth: dob, postcode: postcode.nilIfEmpty, knownTo: user.organisationID, on: request.db)
        var chosen: UUID?
        if let choice = input.personChoice, choice != "new" {
            chosen = matches.first { $0.person.id?.uuidString == choice }?.person.id
            if chosen == nil {
                return try await CasePageBuilder.render(
                    request, record: record, facts: facts,
                    form: {
                        var f = FormState()
                        f.add("full_name", "Select one of the people listed, or a new person")
                        return f
                    }()
                )
                .encodeResponse(status: .badRequest, for: request)
            }
        } else if input.personChoice == nil && !matches.isEmpty {
            // Likely matches: ask before creating what may be a duplicate.
            let echo: [MatchPage.Hidden] = [
                ("role", role.rawValue), ("full_name", name), ("date_of_birth", input.dateOfBirth ?? ""),
                ("age", input.age ?? ""), ("phone", details.phone), ("email", details.email),
                ("preferred_contact", details.preferredContact?.rawValue ?? ""), ("language", details.language),
                ("interpreter_needed", input.interpreterNeeded ?? ""), ("other_needs", details.otherNeeds),
                ("postcode", postcode), ("group_party_id", groupID?.uuidString ?? ""),
            ].map { MatchPage.Hidden(name: $0.0, value: $0.1) }
            return try await request.view.render(
                "people/matches",
                MatchPage(
                    layout: request.layout(title: "Is this the same person?", section: .cases),
                    caseID: try record.requireID().uuidString, links: CaseLinks(try record.requireID()),
                    reference: record.reference, fullName: name,
                    hidden: echo,
                    matches: matches.map {
                        ResultRow(
                            id: $0.person.id?.uuidString ?? "", href: Self.href($0.person), name: $0.person.fullName,
                            dateOfBirth: $0.person.dateOfBirth?.description, address: $0.person.place?.oneLine,
                            why: $0.match.reasons.joined(separator: ", "))
                    })
            ).encodeResponse(for: request)
        }
        let now = request.now
        let context = TriageService.Context(
            policy: try await request.intakePolicy(), user: user, actor: request.auditActor, now: now,
            linkTo: nil)
        try await request.write { [chosen, groupID, details] work in
            var personID = chosen
            if personID == nil {
                let person = Person(fullName: name, at: now)
                details.apply(to: person, at: now)
                if !postcode.isEmpty {
                    let home = Place(kind: .home, line1: postcode, postcode: postcode, wardID: nil, at: now)
                    try await work.insert(home, "Added a person's home")
                    person.$place.id = home.id
                }
                try await work.insert(person, "Added person record")
                personID = person.id
            }
            try await TriageService.addParty(
                personID: personID, role: role, kind: role == .respondent ? .named : nil, groupPartyID: groupID,
                to: record, context: context, in: work)
            // Lambeth: a respondent under 18 engages the youth offending service.
            if role == .respondent, let personID, let person = try await Person.find(personID, on: work.db),
                RespondentRules.isUnder18(
                    dateOfBirth: person.dateOfBirth, age: person.age,
                    statedUnder18: false, on: context.policy.calendar.local(now).day)
            {
                try await RiskService.engageYouthOffending(
                    caseID: try record.requireID(),
                    context: RiskService.Context(
                        userID: user.id, actor: context.actor, now: now, calendar: context.policy.calendar),
                    in: work)
            }
            try await work.timeline(
                try record.requireID(), kind: .partyAdded, "\(role.label) added: \(name)", actorID: user.id)
        }
        return request.redirect(to: SiteURL.case(.value(try record.requireID())).path, flash: .partyAdded)
    }
}
