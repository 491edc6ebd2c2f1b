import Foundation

/// A shared case note (issue 19 item 3; 000 section 7, Bromley: joint case notes). The text is checked for
/// length and control characters by the form; these are the rules of the note itself.
public enum CaseNoteRules {
    /// Long enough for a visit or a meeting written up; longer belongs in a document on the evidence tab.
    public static let bodyLimit = 4000

    /// The timeline line: it names the organisation, so officers see whose contribution it is (issue 19).
    public static func timeline(organisation: String) -> String {
        "Case note from \(organisation)"
    }
}

/// An incident a partner agency received about a shared case, such as a call logged by the police, recorded by
/// the agency's practitioner on the case (issue 19 item 3). It counts as a report on the case.
public enum PartnerIncidentRules {
    /// A police log or crime number, or another agency's own reference.
    public static let referenceLimit = 60
    public static let locationLimit = 300
    /// As for a report taken by staff (`ReportValidation.descriptionLimit`).
    public static let descriptionLimit = 5000

    /// The report channel: a police log is a police referral; any other agency's record is a partner referral.
    public static func channel(for kind: OrganisationKind?) -> ReportChannel {
        kind == .police ? .policeReferral : .partnerReferral
    }

    /// When it happened: a real date (`DateBounds`), and not after today, since it has been received already.
    public static func dateProblem(typed: String, parsed: CivilDate?, today: CivilDate) -> CaseworkProblem? {
        guard let parsed else {
            return .init(
                "incident_date",
                typed.isEmpty
                    ? "Enter the date it happened" : "Enter the date it happened as a real date, like 2026-11-20")
        }
        return parsed > today ? .init("incident_date", "The date it happened must be today or in the past") : nil
    }

    /// The owning team records the reports it receives through "Record a report" and triage, where repeats and
    /// deadlines are worked out; this form is for an agency the case is shared with.
    public static func organisationProblem(partner: UUID, owner: UUID) -> CaseworkProblem? {
        partner == owner
            ? .init(
                "incident_reference",
                "Your team records the reports it receives through Record a report, not as a partner incident")
            : nil
    }

    /// The timeline line, naming the agency and its reference (issue 19: "with the organisation named").
    public static func timeline(organisation: String, reference: String) -> String {
        "Incident reported by \(organisation), ref \(reference)"
    }
}
