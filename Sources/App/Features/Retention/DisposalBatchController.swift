import Fluent
import Foundation
import TandemCore
import Vapor

/// A disposal batch's page: what is in it, whether it can be approved now, and the approval that destroys it or the
/// cancellation that keeps it (issue 23, item 1). A batch of another organisation is answered as not found.
struct DisposalBatchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.disposalBatch(.key)), use: show)
        routes.post(.admin(.approveBatch(.key)), use: approve)
        routes.post(.admin(.cancelBatch(.key)), use: cancel)
    }

    struct ItemRow: Encodable {
        var label: String
        var dueOn: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var batch: RetentionPage.BatchRow
        var kind: String
        var isPrepared: Bool
        var isAuditContent: Bool
        var problems: [String]
        var hasProblems: Bool
        var items: [ItemRow]
        var paging: Paging
        var pagingQuery = ""
        var approveAction: String
        var cancelAction: String
        var back = SiteURL.admin(.retention).path
    }

    private func find(_ request: Request, user: CurrentUser) async throws -> DisposalBatch {
        guard let id = request.parameters.get("batchID", as: UUID.self),
            let batch = try await DisposalBatch.query(on: request.db).filter(\.$id == id)
                .filter(\.$organisation.$id == user.organisationID).with(\.$decidedBy).first()
        else { throw Abort(.notFound) }
        return batch
    }

    private func render(
        _ request: Request, batch: DisposalBatch, form: FormState, problems: [String]? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let id = try batch.requireID()
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 100)
        let items = try await DisposalBatchItem.query(on: request.db).filter(\.$batch.$id == id)
            .sort(\.$label).sort(\.$recordID).offset(paging.offset).limit(paging.perPage + 1).all()
        paging.hasNext = items.count > paging.perPage
        var problems = problems ?? []
        if problems.isEmpty && batch.status == .prepared {
            let all = try await DisposalBatchItem.query(on: request.db).filter(\.$batch.$id == id).all()
            problems = try await RetentionBatches.problems(batch, items: all, now: request.now, on: request.db)
        }
        let title = "Disposal batch: \(batch.record.label)"
        let page = Page(
            layout: request.layout(title: (form.isValid ? "" : "Error: ") + title, section: .retention), form: form,
            batch: try RetentionPage.row(batch), kind: batch.record.label, isPrepared: batch.status == .prepared,
            isAuditContent: batch.record == .auditEvent, problems: problems, hasProblems: !problems.isEmpty,
            items: items.prefix(paging.perPage).map { ItemRow(label: $0.label, dueOn: DisplayDate.civil($0.dueOn)) },
            paging: paging, approveAction: SiteURL.admin(.approveBatch(.value(id))).path,
            cancelAction: SiteURL.admin(.cancelBatch(.value(id))).path)
        return try await request.view.render("admin/disposal-batch", page).encodeResponse(status: status, for: request)
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        let user = try request.authorize(.manageRetention)
        return try await render(request, batch: try await find(request, user: user), form: FormState())
    }

    struct ApproveInput: Content {
        var confirm: String?
    }

    @Sendable
    func approve(request: Request) async throws -> Response {
        let user = try request.authorize(.manageRetention)
        let batch = try await find(request, user: user)
        let input = (try? request.content.decode(ApproveInput.self)) ?? ApproveInput()
        var form = FormState()
        if input.confirm != "yes" {
            form.add("confirm", "Confirm that the records in this batch are to be destroyed")
            return try await render(request, batch: batch, form: form, status: .badRequest)
        }
        guard let approver = try await User.find(user.id, on: request.db) else { throw Abort(.notFound) }
        let approved = try await request.write { work in
            try await RetentionBatches.approve(batch, by: approver, work: work)
        }
        guard let outcome = approved.outcome, let carried = approved.batch else {
            form.add("confirm", "This batch cannot be approved: " + approved.problems.joined(separator: "; "))
            return try await render(request, batch: batch, form: form, problems: approved.problems, status: .badRequest)
        }
        try await RetentionBatches.removeFiles(
            outcome.storageKeys, of: carried, by: request.auditActor, store: request.evidenceStore,
            app: request.application)
        return request.redirect(
            to: SiteURL.admin(.disposalBatch(.value(try batch.requireID()))).path, flash: .batchDisposed)
    }

    struct CancelInput: Content {
        var reason: String?
    }

    @Sendable
    func cancel(request: Request) async throws -> Response {
        let user = try request.authorize(.manageRetention)
        let batch = try await find(request, user: user)
        let input = (try? request.content.decode(CancelInput.self)) ?? CancelInput()
        let reason = TextRules.clean(input.reason)
        var form = FormState()
        form.values["reason"] = String(reason.prefix(2000))
        if batch.status != .prepared {
            form.add("reason", "This batch has already been \(batch.status.label.lowercased())")
        }
        if let problem = TextRules.multilineProblem(
            reason, label: "why the batch is cancelled", required: true, max: 2000)
        {
            form.add("reason", problem)
        }
        guard form.isValid else { return try await render(request, batch: batch, form: form, status: .badRequest) }
        let now = request.now
        let cancelled = try await request.write { work -> Bool in
            // Read again under the trail's lock: a batch approved meanwhile is never marked cancelled.
            try await AuditLog.lockChain(on: work.db)
            guard let fresh = try await DisposalBatch.find(batch.id, on: work.db), fresh.status == .prepared else {
                return false
            }
            fresh.status = .cancelled
            fresh.decidedAt = now
            fresh.$decidedBy.id = user.id
            fresh.cancelReason = reason
            try await work.update(fresh, "Cancelled a disposal batch: \(fresh.ruleText)")
            return true
        }
        guard cancelled else {
            form.add("reason", "This batch has already been decided")
            return try await render(
                request, batch: try await find(request, user: user), form: form, status: .badRequest)
        }
        return request.redirect(to: SiteURL.admin(.retention).path, flash: .batchCancelled)
    }
}
