/// One option of a select, radio group or checkbox list, with its state
/// worked out in Swift (Leaf has no reliable equality on missing values).
struct Choice: Encodable, Sendable {
    var value: String
    var label: String
    var selected: Bool
    var hint: String?

    init(value: String, label: String, selected: Bool, hint: String? = nil) {
        self.value = value
        self.label = label
        self.selected = selected
        self.hint = hint
    }

    /// Choices from a list, marking those whose value is in `selected`.
    static func list<T>(
        _ items: [T], value: (T) -> String, label: (T) -> String, selected: Set<String>
    ) -> [Choice] {
        items.map { Choice(value: value($0), label: label($0), selected: selected.contains(value($0))) }
    }
}
