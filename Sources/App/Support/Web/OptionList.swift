/// The `<option>` elements of a select that can run long, such as a
/// partnership's officers, written here with every value and label escaped.
/// Leaf spent about 50 µs on each option it rendered from a list of choices
/// (encoding the choice, then interpreting the loop), which made an officer
/// filter of thousands the largest cost of the measures page; templates get
/// only this escaped markup, as they do a chart's.
enum OptionList {
    static func html(_ choices: [Choice]) -> String {
        var html = ""
        html.reserveCapacity(choices.count * 80)
        for choice in choices {
            html += "<option value=\""
            html += HTMLEscape.text(choice.value)
            html += choice.selected ? "\" selected>" : "\">"
            html += HTMLEscape.text(choice.label)
            html += "</option>"
        }
        return html
    }
}
