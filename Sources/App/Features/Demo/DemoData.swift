import TandemCore

/// The demo borough: Riverside, a fictional London borough. Every name,
/// address and case here is invented.
enum DemoData {
    /// Not a secret: the demo accounts' shared password, shown on the sign-in page
    /// in demo mode only so that anyone trying Tandem can sign in.
    static let password = "riverside-demo-2026"

    struct OrganisationSeed {
        var key: String
        var name: String
        var kind: OrganisationKind
    }

    struct AccountSeed {
        var email: String
        var name: String
        var organisationKey: String
        var roles: [Role]
        var organisation: String { DemoData.organisations.first { $0.key == organisationKey }?.name ?? "" }
        var roleSummary: String { roles.map(\.label).joined(separator: " and ") }
    }

    struct CaseSeed {
        var reference: String
        var title: String
        var summary: String
        var status: String
        var risk: String
        var organisationKey: String
        var officerEmail: String
        var sharedWith: [String]
        var daysAgo: Int
    }

    static let organisations: [OrganisationSeed] = [
        .init(key: "council", name: "Riverside Council ASB Team", kind: .councilASB),
        .init(key: "homes", name: "Riverside Homes", kind: .housingProvider),
        .init(key: "police", name: "Riverside Safer Neighbourhoods Police", kind: .police),
        .init(key: "cmht", name: "Riverside Community Mental Health Team", kind: .communityMentalHealth),
        .init(key: "asc", name: "Riverside Adult Social Care", kind: .adultSocialCare),
        .init(key: "yos", name: "Riverside Youth Offending Service", kind: .youthOffending),
        .init(key: "victims", name: "Riverside Victim Support", kind: .victimSupport),
    ]

    static let accounts: [AccountSeed] = [
        .init(
            email: "officer@riverside.example", name: "Sam Okafor", organisationKey: "council", roles: [.caseOfficer]),
        .init(
            email: "manager@riverside.example", name: "Priya Shah", organisationKey: "council",
            roles: [.teamManager, .seniorOfficer]),
        .init(email: "calls@riverside.example", name: "Jo Bennett", organisationKey: "council", roles: [.callHandler]),
        .init(
            email: "panel@riverside.example", name: "Morgan Ellis", organisationKey: "council",
            roles: [.panelCoordinator, .caseReviewContact]),
        .init(email: "housing@riverside.example", name: "Dev Patel", organisationKey: "homes", roles: [.caseOfficer]),
        .init(
            email: "police@riverside.example", name: "PC Dan Hughes", organisationKey: "police",
            roles: [.partnerPractitioner]),
        .init(
            email: "cmht@riverside.example", name: "Aisha Rahman", organisationKey: "cmht",
            roles: [.partnerPractitioner]),
        .init(
            email: "asc@riverside.example", name: "Tom Wright", organisationKey: "asc", roles: [.partnerPractitioner]),
        .init(
            email: "yos@riverside.example", name: "Grace Mensah", organisationKey: "yos", roles: [.partnerPractitioner]),
        .init(
            email: "victims@riverside.example", name: "Lucy Brennan", organisationKey: "victims",
            roles: [.partnerPractitioner]),
        .init(
            email: "admin@riverside.example", name: "Alex Morgan", organisationKey: "council", roles: [.administrator]),
        .init(email: "auditor@riverside.example", name: "Chris Lee", organisationKey: "council", roles: [.auditor]),
    ]

    static let cases: [CaseSeed] = [
        .init(
            reference: "ASB-2026-0001", title: "Loud music and shouting at night, Marsh House",
            summary:
                "Resident of flat 12 reports music and shouting from flat 14 most nights after midnight for six weeks. Reporting person works early shifts and says she is exhausted.",
            status: "open", risk: "medium", organisationKey: "council", officerEmail: "officer@riverside.example",
            sharedWith: ["police"], daysAgo: 21),
        .init(
            reference: "ASB-2026-0002", title: "Verbal abuse of an older resident, Canal Street",
            summary:
                "Older man living alone reports repeated name-calling and items thrown at his window by a neighbour. He is frightened to leave the flat. Neighbour may be in mental health crisis.",
            status: "open", risk: "high", organisationKey: "council", officerEmail: "officer@riverside.example",
            sharedWith: ["police", "cmht", "asc"], daysAgo: 9),
        .init(
            reference: "ASB-2026-0003", title: "Group gathering in stairwell, Heron Court",
            summary:
                "Several residents report young people gathering in the stairwell of block B in the evenings, smoking cannabis and leaving litter. Respondents not yet identified.",
            status: "open", risk: "low", organisationKey: "council", officerEmail: "manager@riverside.example",
            sharedWith: ["yos"], daysAgo: 5),
        .init(
            reference: "ASB-2026-0004", title: "Dog fouling and barking, Willow Road",
            summary:
                "Tenant reports a neighbour's dog barking for hours while the owner is out and fouling the shared garden.",
            status: "open", risk: "low", organisationKey: "homes", officerEmail: "housing@riverside.example",
            sharedWith: [], daysAgo: 14),
        .init(
            reference: "ASB-2025-0187", title: "Harassment between neighbours, Lock Gardens",
            summary:
                "Dispute over parking escalated to threats. Mediation agreed by both households; no further incidents in eight weeks.",
            status: "closed", risk: "low", organisationKey: "council", officerEmail: "officer@riverside.example",
            sharedWith: ["victims"], daysAgo: 120),
    ]
}
