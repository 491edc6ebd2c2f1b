import Fluent
import Foundation
import TandemCore
import Vapor

/// The Closure tab: where the case stands, the proposal and its decision,
/// the notice, reopening, the satisfaction survey and every past proposal.
enum ClosurePageBuilder {
    struct ReasonChoice: Encodable {
        var value: String
        var label: String
        var explanation: String
        var outcome: String
        var selected: Bool
    }

    struct Proposal: Encodable {
        var id: String
        /// Where the sign-off form and the form for the response to the notice post.
        var decisionAction: String
        var responseAction: String
        var reason: String
        var outcome: String
        var summary: String
        var proposedBy: String
        var proposedAt: String
        var state: String
        var decidedBy: String?
        var decidedAt: String?
        var note: String?
        var closesAt: String?
        var letterHref: String?
        var ended: String?
        var reopenReason: String?
    }

    struct ScoreOption: Encodable {
        var value: Int
        var label: String
        var checked: Bool
    }

    struct QuestionField: Encodable {
        var key: String
        var text: String
        var error: String?
        var options: [ScoreOption]
    }

    struct SurveyRow: Encodable {
        var answeredAt: String
        var method: String
        var audience: String
        var scores: [String]
        var comments: String?
        var whatWorked: String?
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var status: String
        var isOpen: Bool
        var isClosing: Bool
        var isClosed: Bool
        var closesAt: String?
        var closedAt: String?
        var closedReason: String?
        var closedOutcome: String?
        var candidate: String?
        var mayPropose: Bool
        var reasons: [ReasonChoice]
        var summary: String
        var pending: Proposal?
        /// What the record says against the pending closure, for whoever decides it (issue 20).
        var warnings: [WarningRow] = []
        var hasWarnings = false
        var needsOverride = false
        var overrideChecked = false
        /// Why the case is not closing yet although its notice period has run, if so.
        var noticeUndelivered: String?
        /// The decision chosen before an error, checked again.
        var signOffChecked = false
        var returnChecked = false
        var mayDecide: Bool
        var whyNot: String?
        var notice: Proposal?
        var mayRecordResponse: Bool
        var mayReopen: Bool
        var reopenUntil: String?
        var reopenExpired: String?
        var noticeDays: Int
        var surveys: [SurveyRow]
        var hasSurveys: Bool
        var maySurvey: Bool
        var showSurvey: Bool
        var questions: [QuestionField]
        var methods: [Choice]
        var history: [Proposal]
        var hasHistory: Bool
    }

    struct WarningRow: Encodable {
        var text: String
        var contradicts: Bool
    }

    /// The proposal waiting for a decision or in its notice period, if any.
    static func active(_ caseID: UUID, on db: any Database) async throws -> CaseClosure? {
        try await CaseClosure.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$state ~~ [ClosureRules.ProposalState.proposed, .noticeGiven])
            .sort(\.$proposedAt, .descending).first()
    }

    static func proposal(_ closure: CaseClosure, links: CaseLinks) -> Proposal {
        Proposal(
            id: closure.id?.uuidString ?? "",
            decisionAction: closure.id.map { links.to(.closureDecision(.value($0))) } ?? "",
            responseAction: closure.id.map { links.to(.closureResponse(.value($0))) } ?? "",
            reason: closure.reason.label, outcome: closure.outcome.label, summary: closure.summary,
            proposedBy: closure.proposedBy.displayName, proposedAt: DisplayDate.dayAndTime(closure.proposedAt),
            state: closure.state.label, decidedBy: closure.decidedBy?.displayName,
            decidedAt: closure.decidedAt.map(DisplayDate.dayAndTime), note: closure.decisionNote,
            closesAt: closure.closesAt.map(DisplayDate.dayAndTime),
            letterHref: closure.$letter.id.map { links.to(.letter(.value($0))) },
            ended: closure.endedAt.map { DisplayDate.dayAndTime($0) + (closure.endedNote.map { ": \($0)" } ?? "") },
            reopenReason: closure.reopenReason)
    }

    static func questionFields(form: FormState, landlord: String) -> [QuestionField] {
        SurveyQuestion.allCases.map { question in
            let key = "q_\(question.rawValue)"
            return QuestionField(
                key: key, text: question.text(landlord: landlord), error: form.errors[key],
                options: SatisfactionScore.allCases.reversed().map {
                    ScoreOption(value: $0.rawValue, label: $0.label, checked: form.values[key] == String($0.rawValue))
                })
        }
    }

    static func render(_ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState) async throws
        -> View
    {
        let db = request.db
        let caseID = try record.requireID()
        let links = CaseLinks(caseID)
        let now = request.now
        let status = record.status
        let header = try Casework.header(request, record, facts: facts, current: .closure)
        let policy = try await ClosureSettingsRecord.load(on: db)
        let closures = try await CaseClosure.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$proposedBy).with(\.$decidedBy).sort(\.$proposedAt, .descending).all()
        let active = closures.first { $0.state == .proposed || $0.state == .noticeGiven }
        let pending = active.flatMap { $0.state == .proposed ? $0 : nil }
        let notice = active.flatMap { $0.state == .noticeGiven ? $0 : nil }
        let mayWork = request.may(.workCase(facts))

        var candidate: String?
        if status == .open && mayWork && active == nil {
            candidate = try await ClosureCandidatesQuery.reason(for: record, now: now, on: db)
        }
        var mayDecide = false
        var whyNot: String?
        var warnings: [ClosureWarnings.Warning] = []
        if let pending, mayWork {
            warnings = try await ClosureWarningsQuery.warnings(for: pending, now: now, on: db)
        }
        if let pending {
            mayDecide = request.may(.decideClosure(facts, proposedByID: pending.$proposedBy.id))
            if !mayDecide && mayWork {
                whyNot =
                    pending.$proposedBy.id == request.currentUser?.id
                    ? "You proposed this closure, so a senior officer other than you signs it off"
                    : "A senior officer or team manager signs off the closure of a case (Lambeth 3.4)"
            }
        }
        var reopenUntil: String?
        var reopenExpired: String?
        var mayReopen = false
        if status == .closed, let closedAt = record.closedAt, request.may(.reopenCase(facts)) {
            switch ClosureRules.reopen(closedAt: closedAt, now: now, policy: policy) {
            case .reopen:
                mayReopen = true
                reopenUntil = DisplayDate.dayAndTime(
                    closedAt.addingTimeInterval(TimeInterval(policy.reopenDays) * 86_400))
            case .newLinkedCase:
                reopenExpired =
                    "The \(policy.reopenDays)-day reopening period has passed. A new report about the same people opens a new case linked to this one."
            }
        }
        // An emailed notice not yet delivered holds the case open (ClosureRules.noticeEnds): say so, and why.
        var noticeUndelivered: String?
        if let notice, let email = try await ClosureService.noticeEmail(notice, on: db), email.status != .sent {
            noticeUndelivered =
                email.status == .failed
                ? "The closure notice email could not be delivered (\(email.lastError ?? "the mail server refused it")). The case will not close until the reporting person has their notice: an administrator can retry it from the email outbox."
                : "The closure notice email has not been delivered yet. The case will not close until it is; the \(policy.noticeDays) days' notice then run from delivery."
        }
        let surveys = try await SurveyResponse.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$answeredAt, .descending).all()
        let landlord = record.organisation.name
        let page = Page(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Closure, case \(record.reference)", section: .cases),
            form: form, header: header, status: status.label,
            isOpen: status == .open, isClosing: status == .closurePending, isClosed: status == .closed,
            closesAt: record.closesAt.map(DisplayDate.dayAndTime),
            closedAt: record.closedAt.map(DisplayDate.dayAndTime),
            closedReason: record.closureReason?.label,
            closedOutcome: record.closureOutcome?.label,
            candidate: candidate,
            mayPropose: mayWork && status == .open && active == nil,
            reasons: ClosureReason.allCases.map {
                ReasonChoice(
                    value: $0.rawValue, label: $0.label, explanation: $0.explanation, outcome: $0.outcome.label,
                    selected: form.values["reason"] == $0.rawValue)
            },
            summary: form.values["summary"] ?? "",
            pending: pending.map { proposal($0, links: links) },
            warnings: warnings.map { WarningRow(text: $0.text, contradicts: $0.contradictsReason) },
            hasWarnings: !warnings.isEmpty, needsOverride: warnings.contains(where: \.contradictsReason),
            overrideChecked: form.values["override"] == "yes", noticeUndelivered: noticeUndelivered,
            signOffChecked: form.values["decision"] == "sign_off", returnChecked: form.values["decision"] == "return",
            mayDecide: mayDecide, whyNot: whyNot,
            notice: notice.map { proposal($0, links: links) },
            mayRecordResponse: mayWork && notice != nil,
            mayReopen: mayReopen, reopenUntil: reopenUntil, reopenExpired: reopenExpired,
            noticeDays: policy.noticeDays,
            surveys: surveys.map { survey in
                SurveyRow(
                    answeredAt: DisplayDate.dayAndTime(survey.answeredAt),
                    method: survey.method.label,
                    audience: survey.audience == .respondent ? "Respondent" : "Reporting person",
                    scores: SurveyQuestion.allCases.compactMap { question in
                        survey.score(question).flatMap(SatisfactionScore.init(rawValue:)).map {
                            "\(question.shortLabel): \($0.label.lowercased())"
                        }
                    },
                    comments: survey.comments, whatWorked: survey.whatWorked)
            },
            hasSurveys: !surveys.isEmpty,
            maySurvey: mayWork && (status == .closurePending || status == .closed),
            showSurvey: status == .closurePending || status == .closed,
            questions: questionFields(form: form, landlord: landlord),
            methods: [SurveyMethod.phone, .paper].map {
                Choice(value: $0.rawValue, label: $0.label, selected: form.values["method"] == $0.rawValue)
            },
            history: closures.filter { $0.id != active?.id }.map { proposal($0, links: links) },
            hasHistory: closures.contains { $0.id != active?.id })
        return try await request.view.render("closure/case", page)
    }
}
