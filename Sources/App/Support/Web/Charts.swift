import Foundation

/// A bar chart drawn on the server as SVG: no JavaScript, and the numbers
/// are always in a table beside it. The SVG is an image with a title and a
/// description (its figures in words); the table is what screen readers and
/// CSV use, so the chart only ever repeats it.
///
/// Every chart has an axis with its scale and unit, and a target line where
/// the measure has one (issue 20, item 9). Labels are wrapped onto more
/// lines, never cut: a category name is read whole or the chart misleads.
struct BarChart: Encodable, Sendable {
    /// What the value axis counts: cases (a scale rounded up from the largest
    /// value) or a percentage (always 0 to 100).
    enum Scale: Sendable {
        case count(unit: String)
        case percent(unit: String)
    }

    /// A line across the plot at a value the measure aims for.
    struct Target: Sendable {
        var value: Int
        var label: String
    }

    var id: String
    var title: String
    var description: String
    var hasBars: Bool
    /// The finished markup, every text escaped; templates print it with `#unsafeHTML`.
    var svg: String = ""

    /// Templates read only the finished markup and its words; the geometry
    /// stays on the Swift side, so no template can print an unescaped label.
    enum CodingKeys: String, CodingKey {
        case id, title, description, svg, hasBars
    }

    /// An average character of the chart's 12px Arial is under 7px wide.
    static let characterWidth = 7
    static let lineHeight = 14

    /// One horizontal bar per item, in the order given, on a labelled value axis.
    static func horizontal(
        id: String, title: String, items: [Count], scale: Scale = .count(unit: "Number of cases"),
        target: Target? = nil
    ) -> BarChart {
        let labelWidth = 240
        let plotWidth = 300
        let top = target == nil ? 8 : 24
        let axis = ChartAxis(scale: scale, largest: max(items.map(\.value).max() ?? 0, target?.value ?? 0))
        let suffix = axis.isPercent ? "%" : ""
        let e = HTMLEscape.text
        var marks: [String] = []
        var y = top
        for item in items {
            let lines = ChartText.wrap(item.label, width: (labelWidth - 12) / characterWidth)
            let rowHeight = max(26, lines.count * lineHeight + 10)
            let barWidth = axis.length(of: item.value, over: plotWidth)
            let middle = y + rowHeight / 2
            marks.append(
                "<rect class=\"chart__bar chart__bar--0\" x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(barWidth, item.value > 0 ? 2 : 0))\" height=\"\(rowHeight - 8)\"></rect>"
            )
            marks.append(
                ChartText.lines(
                    lines, x: labelWidth - 8, firstY: middle - (lines.count - 1) * lineHeight / 2 + 4, anchor: "end"))
            marks.append(
                "<text class=\"chart__text\" x=\"\(labelWidth + barWidth + 6)\" y=\"\(middle + 4)\">\(item.value)\(suffix)</text>"
            )
            y += rowHeight
        }
        let bottom = max(y, top + 26)
        var parts: [String] = []
        for tick in axis.ticks {
            let x = labelWidth + axis.length(of: tick, over: plotWidth)
            parts.append(
                "<line class=\"chart__grid\" x1=\"\(x)\" y1=\"\(top)\" x2=\"\(x)\" y2=\"\(bottom)\"></line>"
                    + "<text class=\"chart__text\" x=\"\(x)\" y=\"\(bottom + 16)\" text-anchor=\"middle\">\(tick)\(suffix)</text>"
            )
        }
        parts += marks
        parts.append(
            "<line class=\"chart__axis\" x1=\"\(labelWidth)\" y1=\"\(top)\" x2=\"\(labelWidth)\" y2=\"\(bottom)\"></line>"
                + "<line class=\"chart__axis\" x1=\"\(labelWidth)\" y1=\"\(bottom)\" x2=\"\(labelWidth + plotWidth)\" y2=\"\(bottom)\"></line>"
        )
        parts.append(
            "<text class=\"chart__text chart__unit\" x=\"\(labelWidth + plotWidth / 2)\" y=\"\(bottom + 34)\" text-anchor=\"middle\">\(e(axis.unit))</text>"
        )
        if let target {
            let x = labelWidth + axis.length(of: target.value, over: plotWidth)
            let anchor = x > labelWidth + plotWidth / 2 ? "end" : "start"
            parts.append(
                "<line class=\"chart__target\" x1=\"\(x)\" y1=\"\(top - 6)\" x2=\"\(x)\" y2=\"\(bottom)\"></line>"
                    + "<text class=\"chart__text\" x=\"\(x)\" y=\"\(top - 10)\" text-anchor=\"\(anchor)\">\(e(target.label))</text>"
            )
        }
        var words = describe(items, suffix: suffix, unit: axis.unit)
        if let target { words += " \(target.label)." }
        return BarChart(id: id, title: title, description: words, hasBars: !items.isEmpty)
            .drawn(width: labelWidth + plotWidth + 60, height: bottom + 44, parts: parts)
    }

    /// Columns in groups: one group per category along the bottom, one
    /// column per series in each (for example opened and closed by month),
    /// on a labelled vertical axis.
    static func columns(
        id: String, title: String, groups: [String], series: [(String, [Int])], unit: String = "Number of cases"
    ) -> BarChart {
        let plotHeight = 160
        let top = 30
        let left = 62
        let columnWidth = 14
        let labels = groups.map { ChartText.wrap($0, width: 10) }
        let longest = labels.flatMap { $0 }.map(\.count).max() ?? 0
        let groupWidth = max(columnWidth * series.count + 12, longest * characterWidth + 8)
        let axis = ChartAxis(scale: .count(unit: unit), largest: series.flatMap(\.1).max() ?? 0)
        let bottom = top + plotHeight
        let width = max(left + groups.count * groupWidth + 10, 20 + series.count * 140)
        let e = HTMLEscape.text
        var parts: [String] = []
        for tick in axis.ticks {
            let y = bottom - axis.length(of: tick, over: plotHeight)
            parts.append(
                "<line class=\"chart__grid\" x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - 10)\" y2=\"\(y)\"></line>"
                    + "<text class=\"chart__text\" x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">\(tick)</text>")
        }
        for (groupIndex, lines) in labels.enumerated() {
            let groupX = left + 6 + groupIndex * groupWidth
            for (seriesIndex, (_, values)) in series.enumerated() {
                let value = groupIndex < values.count ? values[groupIndex] : 0
                let height = axis.length(of: value, over: plotHeight)
                let x = groupX + seriesIndex * columnWidth
                parts.append(
                    "<rect class=\"chart__bar chart__bar--\(seriesIndex)\" x=\"\(x)\" y=\"\(bottom - height)\" width=\"\(columnWidth - 2)\" height=\"\(max(height, value > 0 ? 1 : 0))\"></rect>"
                )
            }
            let centre = groupX + (columnWidth * series.count - 2) / 2
            parts.append(ChartText.lines(lines, x: centre, firstY: bottom + 16, anchor: "middle"))
        }
        parts.append(
            "<line class=\"chart__axis\" x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(bottom)\"></line>"
                + "<line class=\"chart__axis\" x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - 10)\" y2=\"\(bottom)\"></line>"
        )
        // The unit reads up the vertical axis, as on a printed chart.
        parts.append(
            "<text class=\"chart__text chart__unit\" transform=\"translate(14 \(top + plotHeight / 2)) rotate(-90)\" text-anchor=\"middle\">\(e(axis.unit))</text>"
        )
        for (index, item) in series.enumerated() {
            let x = 10 + index * 140
            parts.append(
                "<rect class=\"chart__bar chart__bar--\(index)\" x=\"\(x)\" y=\"4\" width=\"12\" height=\"12\"></rect><text class=\"chart__text\" x=\"\(x + 16)\" y=\"14\">\(e(item.0))</text>"
            )
        }
        var words: [String] = []
        for (index, group) in groups.enumerated() {
            words.append(
                group + ": "
                    + series.map { "\($0.0.lowercased()) \(index < $0.1.count ? $0.1[index] : 0)" }.joined(
                        separator: ", "))
        }
        let lineCount = labels.map(\.count).max() ?? 1
        return BarChart(
            id: id, title: title, description: words.joined(separator: "; ") + ".", hasBars: !groups.isEmpty
        ).drawn(width: width, height: bottom + 10 + lineCount * lineHeight, parts: parts)
    }

    private func drawn(width: Int, height: Int, parts: [String]) -> BarChart {
        var copy = self
        let e = HTMLEscape.text
        let open =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" class=\"chart__svg\">"
        copy.svg =
            ([
                open, "<title id=\"\(id)-title\">\(e(title))</title>",
                "<desc id=\"\(id)-desc\">\(e(description))</desc>",
            ]
            + parts + ["</svg>"]).joined(separator: "\n")
        return copy
    }

    static func describe(_ items: [Count], suffix: String, unit: String) -> String {
        guard !items.isEmpty else { return "Nothing to show in this period." }
        return unit + ". " + items.map { "\($0.label): \($0.value)\(suffix)" }.joined(separator: "; ") + "."
    }
}

/// A value axis: where it ends, its ticks and its unit.
struct ChartAxis: Equatable, Sendable {
    var maximum: Int
    var step: Int
    var unit: String
    var isPercent: Bool

    init(scale: BarChart.Scale, largest: Int) {
        switch scale {
        case .percent(let unit):
            (maximum, step, self.unit, isPercent) = (100, 25, unit, true)
        case .count(let unit):
            // A step of 1, 2 or 5 times a power of ten, about four to the axis.
            var step = 1
            while step * 4 < largest {
                step = [2, 5].map { step * $0 }.first { $0 * 4 >= largest } ?? step * 10
            }
            let maximum = max(1, (largest + step - 1) / step) * step
            (self.maximum, self.step, self.unit, isPercent) = (maximum, step, unit, false)
        }
    }

    var ticks: [Int] { Array(stride(from: 0, through: maximum, by: step)) }

    /// The length in pixels of a value on an axis `pixels` long.
    func length(of value: Int, over pixels: Int) -> Int {
        min(max(value, 0), maximum) * pixels / maximum
    }
}

/// Chart labels: wrapped at spaces to lines of at most `width` characters,
/// and a word longer than a line is broken, never dropped.
enum ChartText {
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            while word.count > width {
                if !line.isEmpty {
                    lines.append(line)
                    line = ""
                }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// One `<text>` with a `<tspan>` per line, every line escaped.
    static func lines(_ lines: [String], x: Int, firstY: Int, anchor: String) -> String {
        let spans = lines.enumerated().map { index, line in
            "<tspan x=\"\(x)\" y=\"\(firstY + index * BarChart.lineHeight)\">\(HTMLEscape.text(line))</tspan>"
        }
        return "<text class=\"chart__text\" text-anchor=\"\(anchor)\">" + spans.joined() + "</text>"
    }
}
