import Foundation

/// A reason a piece of casework cannot be saved, keyed by the form field it belongs to.
public struct CaseworkProblem: Error, Equatable, Sendable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}
