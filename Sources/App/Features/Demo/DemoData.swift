import TandemCore

/// The demo borough: Riverside, a fictional London borough. Every name,
/// address and case here is invented.
enum DemoData {
    /// Not a secret: the demo accounts' shared password, shown on the sign-in page
    /// in demo mode only so that anyone trying Tandem can sign in.
    static let password = "riverside-demo-2026"
    /// Where links in the demo's notification emails point (the README's address).
    static let base = "http://localhost:8080"

    struct OrganisationSeed {
        var key: String
        var name: String
        var kind: OrganisationKind
        var letterhead: String? = nil
    }

    struct AccountSeed {
        var email: String
        var name: String
        var organisationKey: String
        var roles: [Role]
        var organisation: String { DemoData.organisations.first { $0.key == organisationKey }?.name ?? "" }
        var roleSummary: String { roles.map(\.label).joined(separator: " and ") }
    }

    /// A report as it came in, and what triage made of it. The seeder runs
    /// each through the same intake, triage and allocation code as the web.
    struct ReportSeed {
        var key: String
        var organisationKey = "council"
        /// Who took it (nil: the public form).
        var recordedBy: String?
        var channel: ReportChannel = .phone
        var reporterKind: ReporterKind = .named
        var reporterName: String?
        var phone: String?
        var email: String?
        var address: String?
        var postcode: String?
        var onBehalf: (name: String, capacity: String)?
        var daysAgo: Int
        var happeningNow = false
        var location: String
        var locationPostcode: String?
        var ward: String?
        var description: String
        var respondentName: String?
        var peopleInvolved: String?
        var effect: String?
        var outcomeWanted: String?
        var categories: [String]
        var hateStrands: [HateStrand] = []
        var triage: TriageSeed?
    }

    struct TriageSeed {
        var outcome: TriageOutcome
        var reason: String
        var by: String
        var risk: RiskLevel?
        var placeKind: PlaceKind = .home
        var respondentKind: RespondentKind = .named
        /// For add-to-case: the key of the report whose case this joins.
        var joins: String?
        var officer: String?
        var acknowledged = false
        var closed = false
    }

    static let wards: [(name: String, estates: [String])] = [
        ("Marsh", ["Marsh House", "Reedbed Estate"]),
        ("Canal", ["Canal Street flats", "Wharf Court"]),
        ("Heron", ["Heron Court", "Kingfisher Estate"]),
        ("Lock", ["Lock Gardens"]),
        ("Willow", ["Willow Road cottages"]),
    ]

    static let organisations: [OrganisationSeed] = [
        .init(
            key: "council", name: "Riverside Council ASB Team", kind: .councilASB,
            letterhead: "Riverside Town Hall\n1 Market Square\nRiverside RV1 1AA\n0300 000 0000\nasb@riverside.example"),

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
            email: "inspector@riverside.example", name: "Inspector Ruth Cole", organisationKey: "police",
            roles: [.seniorOfficer]),
        .init(
            email: "governance@riverside.example", name: "Helen Achebe", organisationKey: "council",
            roles: [.informationGovernanceLead]),
        .init(
            email: "admin@riverside.example", name: "Alex Morgan", organisationKey: "council", roles: [.administrator]),
        .init(email: "auditor@riverside.example", name: "Chris Lee", organisationKey: "council", roles: [.auditor]),
    ]

    static let reports: [ReportSeed] = [
        .init(
            key: "lock", recordedBy: "officer@riverside.example", reporterName: "Sunil Gupta", phone: "07700 900101",
            address: "3 Lock Gardens", postcode: "RV4 1LG", daysAgo: 120, location: "Lock Gardens parking bays",
            locationPostcode: "RV4 1LG", ward: "Lock",
            description:
                "Dispute over parking escalated: the neighbour at number 5 shouted threats and blocked my car in twice this week.",
            respondentName: "Mark Taylor", effect: "Anxious about leaving the house.",
            outcomeWanted: "For the threats to stop.",
            categories: ["Verbal abuse, harassment, intimidation or threatening behaviour"],
            triage: .init(
                outcome: .openCase, reason: "Threats between neighbours; both households named.",
                by: "officer@riverside.example", risk: .low, officer: "officer@riverside.example",
                acknowledged: true, closed: true)),
        .init(
            key: "marsh", recordedBy: "calls@riverside.example", reporterName: "Maria Lopez", phone: "07700 900202",
            email: "maria.lopez@example.org", address: "Flat 12, Marsh House", postcode: "RV1 4AA", daysAgo: 21,
            location: "Flat 14, Marsh House", locationPostcode: "RV1 4AA", ward: "Marsh",
            description:
                "Music and shouting from flat 14 most nights after midnight for six weeks. It goes on until 3am.",
            respondentName: "Kevin Doyle", effect: "I work early shifts and I am exhausted.",
            outcomeWanted: "To be able to sleep.", categories: ["Noise"],
            triage: .init(
                outcome: .openCase, reason: "Persistent night-time noise affecting a named resident.",
                by: "calls@riverside.example", risk: .medium, officer: "officer@riverside.example",
                acknowledged: true)),
        .init(
            key: "willow", organisationKey: "homes", recordedBy: "housing@riverside.example",
            reporterName: "Jenny Clarke", phone: "07700 900303", address: "2 Willow Road", postcode: "RV5 2WR",
            daysAgo: 14, location: "4 Willow Road shared garden", locationPostcode: "RV5 2WR", ward: "Willow",
            description: "The dog at number 4 barks for hours while the owner is out and fouls the shared garden.",
            respondentName: "Paul Mason", categories: ["Pets and animal nuisance"],
            triage: .init(
                outcome: .openCase, reason: "Tenancy breach: animal nuisance in shared garden.",
                by: "housing@riverside.example", risk: .low, officer: "housing@riverside.example")),
        .init(
            key: "canal", recordedBy: "calls@riverside.example", reporterName: "Arthur Finch",
            phone: "020 7946 0404", address: "8 Canal Street", postcode: "RV2 3CS",
            onBehalf: ("Cllr Hannah Price", "Ward councillor"), daysAgo: 9, location: "8 Canal Street",
            locationPostcode: "RV2 3CS", ward: "Canal",
            description:
                "Mr Finch, who lives alone, is called names by a neighbour and has had things thrown at his window. The neighbour may be unwell.",
            respondentName: "Dean Walsh", effect: "He is frightened to leave the flat.",
            outcomeWanted: "To feel safe at home.",
            categories: ["Verbal abuse, harassment, intimidation or threatening behaviour"],
            triage: .init(
                outcome: .openCase, reason: "Vulnerable older victim; possible mental health need on both sides.",
                by: "calls@riverside.example", risk: .high, officer: "officer@riverside.example",
                acknowledged: true)),
        .init(
            key: "heron", channel: .online, reporterName: "Fatima Ahmed", email: "f.ahmed@example.org",
            address: "Flat 3, Block B, Heron Court", postcode: "RV3 7HC", daysAgo: 5,
            location: "Stairwell, Block B, Heron Court", locationPostcode: "RV3 7HC",
            description:
                "Young people gather in the stairwell every evening, smoke cannabis and leave litter. My children are scared to use the stairs.",
            peopleInvolved: "A group of five or six young people, aged about 15 to 18",
            categories: [
                "Drugs and substance misuse and dealing", "Misuse of communal areas", "Litter, rubbish and fly-tipping",
            ],
            triage: .init(
                outcome: .openCase, reason: "Communal area misuse by a group; youth outreach likely.",
                by: "manager@riverside.example", risk: .low, placeKind: .block, respondentKind: .group,
                officer: "manager@riverside.example")),
        .init(
            key: "marsh-again", recordedBy: "calls@riverside.example", reporterName: "Maria Lopez",
            phone: "07700 900202", address: "Flat 12, Marsh House", postcode: "RV1 4AA", daysAgo: 3,
            location: "Flat 14, Marsh House", locationPostcode: "RV1 4AA", ward: "Marsh",
            description: "The music started again on Saturday at 1am and went on until 4am.",
            respondentName: "Kevin Doyle", categories: ["Noise"],
            triage: .init(
                outcome: .addToCase, reason: "Same parties as the open case: a new incident on it.",
                by: "calls@riverside.example", joins: "marsh")),
        .init(
            key: "bins", recordedBy: "calls@riverside.example", reporterName: "Olu Bello", phone: "07700 900505",
            address: "6 Reedbed Walk", postcode: "RV1 5RW", daysAgo: 2, location: "Reedbed Walk shared path",
            ward: "Marsh", description: "My neighbour leaves their bins on the shared path so I cannot get past.",
            respondentName: "Neighbour at number 8", categories: ["Misuse of communal areas"],
            triage: .init(
                outcome: .housingLowLevel, reason: "Minor neighbour matter: passed to the estate housing officer.",
                by: "calls@riverside.example")),
        .init(
            key: "footsteps", recordedBy: "calls@riverside.example", channel: .email, reporterName: "Ben Carter",
            email: "ben.carter@example.org", address: "Flat 2, Wharf Court", postcode: "RV2 8WC", daysAgo: 2,
            location: "Flat 4, Wharf Court", ward: "Canal",
            description: "I can hear footsteps and talking from the flat above during the day.",
            categories: ["Noise"],
            triage: .init(
                outcome: .notASB,
                reason:
                    "Everyday household noise at reasonable hours: not ASB. Advised on talking to the neighbour and on mediation.",
                by: "calls@riverside.example")),
        .init(
            key: "car", recordedBy: "calls@riverside.example", channel: .phone, reporterKind: .anonymous,
            daysAgo: 1, location: "Heron Road car park", ward: "Heron",
            description: "A car was broken into overnight and the window smashed.",
            categories: ["Criminal behaviour"],
            triage: .init(
                outcome: .referPolice, reason: "Crime alleged (vehicle crime): referred to the police.",
                by: "calls@riverside.example")),
        .init(
            key: "fan", recordedBy: "calls@riverside.example", channel: .email, reporterName: "Lena Novak",
            email: "lena.novak@example.org", address: "21 Kingfisher Road", postcode: "RV3 9KR", daysAgo: 1,
            location: "Takeaway, 19 Kingfisher Road", ward: "Heron",
            description: "The extractor fan at the takeaway runs all night and hums through my wall.",
            categories: ["Noise"],
            triage: .init(
                outcome: .referNoiseTeam, reason: "Commercial noise: statutory nuisance for the noise team.",
                by: "calls@riverside.example")),
        .init(
            key: "graffiti", recordedBy: "calls@riverside.example", channel: .inPerson, reporterName: "Grace Okoye",
            phone: "07700 900606", address: "15 Canal Street", postcode: "RV2 3CS", daysAgo: 1,
            location: "15 Canal Street front door", locationPostcode: "RV2 3CS", ward: "Canal",
            description: "Someone painted racist words on my front door overnight.",
            effect: "My family and I feel targeted and unsafe.", outcomeWanted: "Find who did it and stop it.",
            categories: ["Hate-related incidents", "Vandalism and damage to property"], hateStrands: [.race],
            triage: .init(
                outcome: .openCase, reason: "Racist hate incident: high risk; also referred to the police.",
                by: "calls@riverside.example", risk: .high, respondentKind: .unknown)),
        .init(
            key: "car-park", channel: .online, reporterKind: .anonymous, daysAgo: 0,
            location: "Car park behind Lock Gardens", locationPostcode: "RV4 1LG",
            description: "People are dealing drugs from a car in the car park most evenings around 8pm.",
            categories: ["Drugs and substance misuse and dealing"]),
        .init(
            key: "park", channel: .online, reporterName: "Tom Harris", phone: "07700 900707",
            address: "40 Willow Road", postcode: "RV5 2WR", daysAgo: 0, happeningNow: true,
            location: "Willow Road playground",
            description: "Teenagers on motorbikes are riding through the playground where children are playing.",
            effect: "Children could be hurt.", categories: ["Vehicle nuisance"]),
    ]
}
