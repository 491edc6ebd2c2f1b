import Fluent
import TandemCore
import Vapor

/// A meeting's page: its agenda (new cases, cases still on the list, standing items, carried-forward actions),
/// each member's research, attendance, what was decided for each case and its actions, and the minutes. Each
/// case's detail is built only for a viewer whose organisation is cleared for it; anyone else gets "Restricted"
/// and nothing else (issue 21, item 3).
enum MeetingPage {
    /// One input on a form repeated per item: its id (the error summary's anchor), name, value and error.
    struct Field: Encodable {
        var id: String
        var name: String
        var value: String
        var error: String?

        init(_ prefix: String, _ name: String, form: FormState, stored: String? = nil) {
            id = "\(prefix)-\(name)"
            self.name = name
            value = form.values[id] ?? stored ?? ""
            error = form.errors[id]
        }
    }

    struct AttendanceRow: Encodable {
        var organisation: String
        var status: Field
        var attendees: Field
        var choices: [Choice]
        var recorded: String
    }

    struct ResearchStatus: Encodable {
        var organisation: String
        var state: String
        var done: Bool
    }

    struct ResearchRow: Encodable {
        var organisation: String
        var facts: String
        var opinion: String
        var nothingHeld: Bool
        var withheld: Bool
        var recordedAt: String
    }

    struct ActionRow: Encodable {
        var description: String
        var owner: String
        var due: String
        var status: String
    }

    struct Item: Encodable {
        var anchor: String
        var label: PanelPages.CaseLabel
        var isNew: Bool
        var reason: String
        var questions: String
        var statuses: [ResearchStatus]
        var research: [ResearchRow]
        var hasResearch: Bool
        var mayResearch: Bool
        var researchAction: String
        var facts: Field
        var opinion: Field
        var nothingHeld: Bool
        var specialCategory: Bool
        var recorded: Bool
        var discussion: Field
        var riskSummary: Field
        var decisions: Field
        var lead: Field
        var manager: Field
        var outcome: Field
        var leadChoices: [Choice]
        var managerChoices: [Choice]
        var outcomeChoices: [Choice]
        var leadLabel: String
        var managerLabel: String
        var outcomeLabel: String
        var recordAction: String
        var actions: [ActionRow]
        var hasActions: Bool
        var actionAction: String
        var actionDescription: Field
        var actionOwner: Field
        var actionPerson: Field
        var actionDue: Field
        var ownerChoices: [Choice]
        var personChoices: [Choice]
        /// A form sent back with errors stays open, with what was typed.
        var researchOpen: Bool
        var recordOpen: Bool
        var actionOpen: Bool
    }

    struct Carried: Encodable {
        var label: PanelPages.CaseLabel
        var description: String
        var owner: String
        var due: String
        var agreedOn: String
        var reason: String
        var overdue: Bool
    }

    struct ListedReview: Encodable {
        var reference: String
        var href: String?
        var progress: String = ""
    }

    struct MinutesRow: Encodable {
        var href: String
        var version: Int
        var status: String
        var issued: Bool
        var approveAction: String?
    }

    struct Standing: Encodable {
        var victims: Int
        var respondents: Int
        var names: Bool
        var victimNames: [RepeatQueries.Repeat]
        var respondentNames: [RepeatQueries.Repeat]
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var panelName: String
        var panelHost: String
        var panelHref: String
        var date: String
        var time: String
        var place: String
        var held: Bool
        var mayRun: Bool
        var mayRecord: Bool
        var attendance: [AttendanceRow]
        var attendanceAction: String
        var items: [Item]
        var hasItems: Bool
        var standing: Standing
        var carried: [Carried]
        var hasCarried: Bool
        var minutes: [MinutesRow]
        var hasMinutes: Bool
        var draftAction: String
        /// ASB Case Reviews listed for this meeting (issue 22): the reference for everyone at the table, the link for
        /// those the application is passed to.
        var caseReviews: [ListedReview] = []
        var hasCaseReviews = false
        /// At a CT-MARAC: the reviews held earlier and still open, with their next stage, so the board keeps every
        /// open Case Review under review (Lambeth 3.6.2 stages 3 and 6: progress at the next meeting).
        var reviewProgress: [ListedReview] = []
        var hasReviewProgress = false
    }

    static func render(
        _ request: Request, _ loaded: PanelReads.Loaded, _ meeting: PanelMeeting, form: FormState
    ) async throws -> View {
        let db = request.db
        let user = try request.requireUser()
        let panelID = try loaded.panel.requireID()
        let meetingID = try meeting.requireID()
        let today = request.today()
        let mayRun = request.may(.runPanel(loaded.facts))
        let mayRecord = mayRun && meeting.heldOn <= today
        let items = try await PanelItem.query(on: db).filter(\.$meeting.$id == meetingID).with(\.$caseRecord)
            .with(\.$referral).with(\.$leadOrganisation).with(\.$caseManager).sort(\.$position).all()
        let itemIDs = items.compactMap(\.id)
        let research =
            itemIDs.isEmpty
            ? [] : try await PanelResearch.query(on: db).filter(\.$item.$id ~~ itemIDs).with(\.$organisation).all()
        let actions =
            itemIDs.isEmpty
            ? []
            : try await PlanAction.query(on: db).filter(\.$panelItem.$id ~~ itemIDs).with(\.$ownerOrganisation)
                .with(\.$ownerUser).sort(\.$dueOn).all()
        let carried = try await PanelReads.openActions(panelID: panelID, before: meeting.heldOn, on: db)
        let clearance = try await PanelReads.clearance(
            items.map(\.$caseRecord.id) + carried.map(\.action.$caseRecord.id), today: today, on: db)
        let attendance = try await PanelAttendance.query(on: db).filter(\.$meeting.$id == meetingID).all()
        let organisations = loaded.organisations
        let memberIDs = organisations.map(\.id)
        let people = try await User.query(on: db).filter(\.$organisation.$id ~~ memberIDs).filter(\.$active == true)
            .with(\.$organisation).sort(\.$displayName).all()
        // Case managers and action owners are people who work cases or partner on them, not administrators.
        let workRoles = Role.allCases.filter { $0.isCasework || $0 == .partnerPractitioner }
        let workers = Set(
            try await UserRole.query(on: db).filter(\.$user.$id ~~ people.compactMap(\.id)).filter(\.$role ~~ workRoles)
                .all().map(\.$user.id))
        let names = Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })

        let itemRows = try items.map { item -> Item in
            let itemID = try item.requireID()
            let prefix = "item-\(itemID.uuidString)"
            let facts = clearance[item.$caseRecord.id]
            let label = PanelPages.CaseLabel(item.caseRecord, facts: facts, request: request)
            let cleared = !label.restricted
            let clearedOrgs = organisations.filter { org in
                facts.map { PanelRules.seesItem($0, organisationID: org.id) } ?? false
            }
            let mine = research.first { $0.$item.id == itemID && $0.$organisation.id == user.organisationID }
            let seesSpecial = facts.map { request.may(.viewSection($0, .specialCategory)) } ?? false
            let itemActions = actions.filter { $0.$panelItem.id == itemID }
            let chosenLead = form.values["\(prefix)-lead"] ?? item.$leadOrganisation.id?.uuidString ?? ""
            let chosenManager = form.values["\(prefix)-manager"] ?? item.$caseManager.id?.uuidString ?? ""
            let chosenOutcome = form.values["\(prefix)-outcome"] ?? item.outcome?.rawValue ?? ""
            let chosenOwner = form.values["\(prefix)-action_owner"] ?? ""
            let chosenPerson = form.values["\(prefix)-action_person"] ?? ""
            let sentBack = { (names: [String]) in names.contains { form.errors["\(prefix)-\($0)"] != nil } }
            // An action's owner must be able to see it and report on it: a share that opens casework.
            let owningOrgs = clearedOrgs.filter { org in
                facts.map { PanelRules.mayOwnAction($0, organisationID: org.id) } ?? false
            }
            let clearedPeople = people.filter { person in
                clearedOrgs.contains { $0.id == person.$organisation.id } && person.id.map(workers.contains) == true
            }
            let owningPeople = clearedPeople.filter { person in owningOrgs.contains { $0.id == person.$organisation.id }
            }
            let seesRisk = facts.map { request.may(.viewSection($0, .risk)) } ?? false
            return Item(
                anchor: prefix, label: label, isNew: item.isNew,
                reason: cleared ? item.referral.reason : "", questions: cleared ? item.referral.questions : "",
                statuses: mayRun && cleared
                    ? organisations.map { org in
                        let seen = facts.map { PanelRules.seesItem($0, organisationID: org.id) } ?? false
                        let done = research.contains { $0.$item.id == itemID && $0.$organisation.id == org.id }
                        return ResearchStatus(
                            organisation: org.name,
                            state: done
                                ? "Recorded"
                                : seen ? "Not recorded yet" : "Not cleared: the case is not shared with it",
                            done: done)
                    } : [],
                research: cleared
                    ? research.filter { $0.$item.id == itemID }.sorted { $0.organisation.name < $1.organisation.name }
                        .map { entry in
                            let withheld = entry.specialCategory && !seesSpecial
                            return ResearchRow(
                                organisation: entry.organisation.name, facts: withheld ? "" : entry.facts,
                                opinion: withheld ? "" : entry.opinion, nothingHeld: entry.nothingHeld,
                                withheld: withheld, recordedAt: DisplayDate.dayAndTime(entry.recordedAt))
                        } : [],
                hasResearch: cleared && research.contains { $0.$item.id == itemID },
                mayResearch: facts.map { request.may(.viewPanelItem(loaded.facts, $0)) } ?? false,
                researchAction: SiteURL.panel(.value(panelID), .research(.value(meetingID), .value(itemID))).path,
                facts: Field(prefix, "facts", form: form, stored: mine?.facts),
                opinion: Field(prefix, "opinion", form: form, stored: mine?.opinion),
                nothingHeld: form.values["\(prefix)-nothing_held"].map { $0 == "true" } ?? mine?.nothingHeld ?? false,
                specialCategory: form.values["\(prefix)-special_category"].map { $0 == "true" }
                    ?? mine?.specialCategory ?? false,
                recorded: item.recordedAt != nil && cleared,
                discussion: Field(prefix, "discussion", form: form, stored: cleared ? item.discussion : nil),
                riskSummary: Field(
                    prefix, "risk_summary", form: form,
                    stored: cleared
                        ? (seesRisk
                            ? item.riskSummary
                            : "Not shown: the case's share with your organisation does not open risk")
                        : nil),
                decisions: Field(prefix, "decisions", form: form, stored: cleared ? item.decisions : nil),
                lead: Field(prefix, "lead", form: form), manager: Field(prefix, "manager", form: form),
                outcome: Field(prefix, "outcome", form: form),
                leadChoices: clearedOrgs.map {
                    Choice(value: $0.id.uuidString, label: $0.name, selected: chosenLead == $0.id.uuidString)
                },
                managerChoices: clearedPeople.compactMap { person in
                    person.id.map {
                        Choice(
                            value: $0.uuidString, label: "\(person.displayName), \(person.organisation.name)",
                            selected: chosenManager == $0.uuidString)
                    }
                },
                outcomeChoices: PanelOutcome.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: chosenOutcome == $0.rawValue)
                },
                leadLabel: cleared ? item.leadOrganisation?.name ?? "Not appointed" : "",
                managerLabel: cleared ? item.caseManager?.displayName ?? "Not appointed" : "",
                outcomeLabel: cleared ? item.outcome?.label ?? "" : "",
                recordAction: SiteURL.panel(.value(panelID), .item(.value(meetingID), .value(itemID))).path,
                actions: cleared
                    ? itemActions.map {
                        ActionRow(
                            description: $0.description, owner: $0.ownerLabel, due: DisplayDate.civil($0.dueOn),
                            status: $0.status == .open ? ($0.progress?.label ?? "Open") : $0.status.label)
                    } : [],
                hasActions: cleared && !itemActions.isEmpty,
                actionAction: SiteURL.panel(.value(panelID), .itemActions(.value(meetingID), .value(itemID))).path,
                actionDescription: Field(prefix, "action_description", form: form),
                actionOwner: Field(prefix, "action_owner", form: form),
                actionPerson: Field(prefix, "action_person", form: form),
                actionDue: Field(prefix, "action_due_on", form: form),
                ownerChoices: owningOrgs.map {
                    Choice(value: $0.id.uuidString, label: $0.name, selected: chosenOwner == $0.id.uuidString)
                },
                personChoices: owningPeople.compactMap { person in
                    person.id.map {
                        Choice(
                            value: $0.uuidString, label: "\(person.displayName), \(person.organisation.name)",
                            selected: chosenPerson == $0.uuidString)
                    }
                },
                researchOpen: sentBack(["facts", "opinion"]),
                recordOpen: sentBack(["discussion", "risk_summary", "decisions", "lead", "manager", "outcome"]),
                actionOpen: sentBack(["action_description", "action_owner", "action_person", "action_due_on"]))
        }

        let carriedForward = PanelRules.carryForward(
            carried.compactMap { entry in
                entry.action.id.map {
                    PanelActionFacts(
                        id: $0, meetingDate: entry.meeting.heldOn, dueOn: entry.action.dueOn, isOpen: true,
                        progress: entry.action.progress, progressNote: entry.action.progressNote)
                }
            }, before: meeting.heldOn)
        let carriedRows = carriedForward.compactMap { forward -> Carried? in
            guard let entry = carried.first(where: { $0.action.id == forward.id }) else { return nil }
            let label = PanelPages.CaseLabel(
                entry.action.caseRecord, facts: clearance[entry.action.$caseRecord.id], request: request)
            return Carried(
                label: label, description: label.restricted ? "" : entry.action.description,
                owner: label.restricted ? "" : entry.action.ownerLabel, due: DisplayDate.civil(entry.action.dueOn),
                agreedOn: DisplayDate.civil(entry.meeting.heldOn), reason: label.restricted ? "" : forward.reason,
                overdue: forward.overdue)
        }

        let standing = try await standingItems(request, loaded: loaded, user: user)
        let minutes = try await PanelMinutes.query(on: db).filter(\.$meeting.$id == meetingID)
            .sort(\.$version, .descending).all()
        let mayApprove = request.may(.approveMinutes(loaded.facts))
        let title = "\(loaded.panel.name): \(DisplayDate.civil(meeting.heldOn))"
        let reviews = try await CaseReview.query(on: db).filter(\.$meeting.$id == meetingID).sort(\.$reference).all()
        let earlier =
            loaded.panel.kind == .ctMarac
            ? try await CaseReview.query(on: db).filter(\.$reviewedAt != nil).filter(\.$meeting.$id != meetingID)
                .filter(\.$withdrawnAt == nil).filter(\.$escalationOutcomeAt == nil).sort(\.$reference).limit(200)
                .all().filter { CaseReviewStages.state($0.progress) == .open } : []
        let arrangements =
            reviews.isEmpty && earlier.isEmpty ? nil : try await CaseReviewReads.arrangements(on: db)
        var page = Page(
            layout: request.layout(title: form.isValid ? title : "Error: \(title)", section: .panels),
            form: form, panelName: loaded.panel.name, panelHost: loaded.panel.organisation.name,
            panelHref: SiteURL.panel(.value(panelID)).path,
            date: DisplayDate.civil(meeting.heldOn), time: meeting.startsAt, place: meeting.place,
            held: meeting.heldAt != nil, mayRun: mayRun, mayRecord: mayRecord,
            attendance: organisations.map { org in
                let prefix = "attendance-\(org.id.uuidString)"
                let stored = attendance.first { $0.$organisation.id == org.id }
                let chosen = form.values["\(prefix)-status"] ?? stored?.status.rawValue ?? ""
                return AttendanceRow(
                    organisation: names[org.id] ?? org.name,
                    status: Field(prefix, "status", form: form, stored: stored?.status.rawValue),
                    attendees: Field(prefix, "attendees", form: form, stored: stored?.attendees),
                    choices: Attendance.allCases.map {
                        Choice(value: $0.rawValue, label: $0.label, selected: chosen == $0.rawValue)
                    },
                    recorded: stored.map { "\($0.status.label)\($0.attendees.isEmpty ? "" : ": \($0.attendees)")" }
                        ?? "Not recorded")
            },
            attendanceAction: SiteURL.panel(.value(panelID), .attendance(.value(meetingID))).path,
            items: itemRows, hasItems: !itemRows.isEmpty, standing: standing, carried: carriedRows,
            hasCarried: !carriedRows.isEmpty,
            minutes: minutes.filter { $0.isIssued || mayRun || mayApprove }.compactMap { version in
                version.id.map {
                    MinutesRow(
                        href: SiteURL.panel(.value(panelID), .minutesVersion(.value(meetingID), .value($0))).path,
                        version: version.version,
                        status: version.isIssued
                            ? "Approved and issued \(DisplayDate.dayAndTime(version.approvedAt ?? version.draftedAt))"
                            : "Draft for the chair", issued: version.isIssued,
                        approveAction: !version.isIssued && mayApprove
                            ? SiteURL.panel(.value(panelID), .approveMinutes(.value(meetingID), .value($0))).path
                            : nil)
                }
            },
            hasMinutes: minutes.contains { $0.isIssued || mayRun || mayApprove },
            draftAction: SiteURL.panel(.value(panelID), .minutes(.value(meetingID))).path)
        page.caseReviews = reviews.map { review in
            let visible = arrangements.map { request.may(.viewCaseReview($0.facts(review))) } ?? false
            return ListedReview(
                reference: review.reference,
                href: visible ? review.id.map { SiteURL.caseReview(.value($0)).path } : nil)
        }
        page.hasCaseReviews = !reviews.isEmpty
        page.reviewProgress = earlier.map { review in
            let visible = arrangements.map { request.may(.viewCaseReview($0.facts(review))) } ?? false
            return ListedReview(
                reference: review.reference,
                href: visible ? review.id.map { SiteURL.caseReview(.value($0)).path } : nil,
                progress: CaseReviewStages.next(review.progress).map { "Next: \($0.label.lowercased())" } ?? "")
        }
        page.hasReviewProgress = !earlier.isEmpty
        return try await request.view.render("panels/meeting", page)
    }

    /// Hammersmith and Fulham's standing items: repeat victims and repeat respondents over the last year, from the
    /// repeat-caller figures. Their names go only to the host's own people; other members see the numbers.
    static func standingItems(_ request: Request, loaded: PanelReads.Loaded, user: CurrentUser) async throws
        -> Standing
    {
        let host = loaded.panel.$organisation.id
        let calendar = try await request.intakePolicy().calendar
        let since = calendar.instant(calendar.local(request.now).day.adding(days: -365), minute: 0)
        let victims = try await RepeatQueries.people(
            role: .reportingPerson, organisationID: host, since: since, on: request.db)
        let respondents = try await RepeatQueries.people(
            role: .respondent, organisationID: host, since: since, on: request.db)
        let names = user.organisationID == host && request.may(.findPeople)
        return Standing(
            victims: victims.count, respondents: respondents.count, names: names,
            victimNames: names ? Array(victims.prefix(20)) : [],
            respondentNames: names ? Array(respondents.prefix(20)) : [])
    }
}
