import Vapor

/// Every feature's routes. The route-by-role test walks `app.routes.all`, so a
/// new route here must also get a row in that table.
func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: SignInController())
    try app.register(collection: PasswordController())
    try app.register(collection: HomeController())
    try app.register(collection: CasesController())
    try app.register(collection: CaseActionsController())
    try app.register(collection: CasePlaceController())
    try app.register(collection: ReportsController())
    try app.register(collection: TriageController())
    try app.register(collection: PeopleController())
    try app.register(collection: RiskController())
    try app.register(collection: VulnerabilityController())
    try app.register(collection: RespondentAssessmentController())
    try app.register(collection: MentalHealthController())
    try app.register(collection: SafetyController())
    try app.register(collection: PlanController())
    try app.register(collection: ContactsController())
    try app.register(collection: EvidenceController())
    try app.register(collection: SupportController())
    try app.register(collection: LettersController())
    try app.register(collection: ResidentController())
    try app.register(collection: LetterTemplatesController())
    try app.register(collection: RiskMatrixController())
    try app.register(collection: ReferenceDataController())
    try app.register(collection: ResponsePolicyController())
    try app.register(collection: OrganisationsController())
    try app.register(collection: UsersController())
    try app.register(collection: AuditController())
}
