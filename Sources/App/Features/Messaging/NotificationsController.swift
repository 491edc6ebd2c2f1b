import Fluent
import TandemCore
import Vapor

/// Each signed-in user's notifications: newest first, unread marked, all marked read at once, and the
/// kinds that also come by email (issue 20, item 2).
struct NotificationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.notifications, use: index)
        routes.post(.notificationsRead, use: markRead)
        routes.post(.notificationSettings, use: saveSettings)
    }

    struct Row: Encodable {
        var href: String
        var summary: String
        var kind: String
        var when: String
        var unread: Bool
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var rows: [Row]
        var hasRows: Bool
        var unread: Int
        var paging: Paging
        var pagingQuery = ""
        var readAction = SiteURL.notificationsRead.path
        var settingsAction = SiteURL.notificationSettings.path
        var kinds: [Choice]
        var email: String
    }

    struct SettingsInput: Content {
        var kinds: [String]?
    }

    @Sendable
    func index(request: Request) async throws -> View {
        let user = try request.authorize(.viewHome)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 50)
        let records = try await UserNotification.query(on: request.db).filter(\.$user.$id == user.id)
            .sort(\.$createdAt, .descending).sort(\.$id).offset(paging.offset).limit(paging.perPage + 1).all()
        paging.hasNext = records.count > paging.perPage
        let account = try await User.find(user.id, on: request.db)
        let chosen = NotificationKind.parse(account?.emailNotifications)
        let page = Page(
            layout: request.layout(title: "Notifications", section: .notifications),
            rows: records.prefix(paging.perPage).map {
                Row(
                    href: $0.href, summary: $0.summary, kind: $0.kind.label,
                    when: DisplayDate.dayAndTime($0.createdAt), unread: $0.readAt == nil)
            },
            hasRows: !records.isEmpty, unread: user.unreadNotifications, paging: paging,
            kinds: NotificationKind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: chosen.contains($0))
            },
            email: user.email)
        return try await request.view.render("notifications/index", page)
    }

    @Sendable
    func markRead(request: Request) async throws -> Response {
        let user = try request.authorize(.viewHome)
        let unread = try await UserNotification.query(on: request.db).filter(\.$user.$id == user.id)
            .filter(\.$readAt == nil).limit(1000).all()
        if !unread.isEmpty {
            try await request.write { work in
                for notification in unread {
                    notification.readAt = work.now
                    try await work.update(notification, "Read a notification")
                }
            }
        }
        return request.redirect(to: SiteURL.notifications.path, flash: .notificationsRead)
    }

    @Sendable
    func saveSettings(request: Request) async throws -> Response {
        let user = try request.authorize(.viewHome)
        let input = (try? request.content.decode(SettingsInput.self)) ?? SettingsInput()
        // Unknown kinds are ignored: the form offers only the known ones.
        let kinds = Set((input.kinds ?? []).prefix(50).compactMap(NotificationKind.init(rawValue:)))
        guard let account = try await User.find(user.id, on: request.db) else { throw Abort(.notFound) }
        let text = NotificationKind.text(kinds)
        account.emailNotifications = text.isEmpty ? nil : text
        try await request.write { work in
            try await work.update(account, "Chose which notifications come by email")
        }
        return request.redirect(to: SiteURL.notifications.path, flash: .notificationSettingsSaved)
    }
}
