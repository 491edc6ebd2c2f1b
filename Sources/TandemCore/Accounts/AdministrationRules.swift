import Foundation

/// Changes an administrator may not make, so that there is always someone
/// left who can administer Tandem.
public enum AdministrationRules {
    public enum Refusal: Equatable, Sendable {
        case removeOwnAdministratorRole
        case deactivateSelf
        case deactivateOwnOrganisation

        public var message: String {
            switch self {
            case .removeOwnAdministratorRole:
                "You cannot remove your own administrator role; ask another administrator"
            case .deactivateSelf:
                "You cannot deactivate your own account"
            case .deactivateOwnOrganisation:
                "You cannot deactivate your own organisation; ask an administrator in another organisation"
            }
        }
    }

    public static func checkRoles(_ roles: Set<Role>, forUser target: UUID, by actor: Actor) -> Refusal? {
        target == actor.userID && !roles.contains(.administrator) ? .removeOwnAdministratorRole : nil
    }

    public static func checkDeactivation(ofUser target: UUID, by actor: Actor) -> Refusal? {
        target == actor.userID ? .deactivateSelf : nil
    }

    /// Deactivating an organisation signs out every user in it.
    public static func checkOrganisation(_ organisation: UUID, active: Bool, by actor: Actor) -> Refusal? {
        !active && organisation == actor.organisationID ? .deactivateOwnOrganisation : nil
    }
}
