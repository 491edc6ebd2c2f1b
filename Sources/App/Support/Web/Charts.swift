import Foundation

/// A bar chart drawn on the server as SVG: no JavaScript, and the numbers
/// are always in a table beside it. The SVG is an image with a title and a
/// description (its figures in words); the table is what screen readers and
/// CSV use, so the chart only ever repeats it.
struct BarChart: Encodable, Sendable {
    struct Bar: Sendable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var series: Int
        var label: String
        var value: Int
        var labelX: Int
        var labelY: Int
        var valueX: Int
        var valueY: Int
        var showLabel: Bool
    }

    struct Legend: Sendable {
        var series: Int
        var label: String
        var x: Int
    }

    var id: String
    var title: String
    var description: String
    var width: Int
    var height: Int
    var bars: [Bar]
    var legend: [Legend]
    var hasLegend: Bool
    var hasBars: Bool
    /// The finished markup, every text escaped; templates print it with `#unsafeHTML`.
    var svg: String = ""

    /// Templates read only the finished markup and its words; the geometry
    /// stays on the Swift side, so no template can print an unescaped label.
    enum CodingKeys: String, CodingKey {
        case id, title, description, svg, hasBars
    }

    /// One horizontal bar per item, longest first as given.
    static func horizontal(id: String, title: String, items: [Count], unit: String = "cases") -> BarChart {
        let rowHeight = 26
        let labelWidth = 240
        let barSpace = 300
        let maxValue = max(items.map(\.value).max() ?? 0, 1)
        let bars = items.enumerated().map { index, item in
            let width = item.value * barSpace / maxValue
            let y = index * rowHeight + 4
            return Bar(
                x: labelWidth, y: y, width: max(width, item.value > 0 ? 2 : 0), height: rowHeight - 8, series: 0,
                label: String(item.label.prefix(34)), value: item.value, labelX: labelWidth - 8, labelY: y + 13,
                valueX: labelWidth + width + 6, valueY: y + 13, showLabel: true)
        }
        return BarChart(
            id: id, title: title, description: describe(items, unit: unit), width: labelWidth + barSpace + 60,
            height: max(items.count * rowHeight + 8, 30), bars: bars, legend: [], hasLegend: false,
            hasBars: !items.isEmpty
        ).rendered()
    }

    /// Columns in groups: one group per category along the bottom, one
    /// column per series in each (for example opened and closed by month).
    static func columns(id: String, title: String, groups: [String], series: [(String, [Int])]) -> BarChart {
        let plotHeight = 160
        let top = 24
        let columnWidth = 14
        let groupWidth = columnWidth * series.count + 12
        let maxValue = max(series.flatMap(\.1).max() ?? 0, 1)
        var bars: [Bar] = []
        for (groupIndex, group) in groups.enumerated() {
            for (seriesIndex, (_, values)) in series.enumerated() {
                let value = groupIndex < values.count ? values[groupIndex] : 0
                let height = value * plotHeight / maxValue
                let x = 10 + groupIndex * groupWidth + seriesIndex * columnWidth
                bars.append(
                    Bar(
                        x: x, y: top + plotHeight - height, width: columnWidth - 2,
                        height: max(height, value > 0 ? 1 : 0),
                        series: seriesIndex, label: String(group.prefix(3)), value: value, labelX: x + columnWidth - 1,
                        labelY: top + plotHeight + 14, valueX: x + (columnWidth - 2) / 2,
                        valueY: top + plotHeight - height - 3,
                        showLabel: seriesIndex == 0))
            }
        }
        let legend = series.enumerated().map { Legend(series: $0.offset, label: $0.element.0, x: 10 + $0.offset * 120) }
        var words: [String] = []
        for (index, group) in groups.enumerated() {
            words.append(
                group + ": "
                    + series.map { "\($0.0.lowercased()) \(index < $0.1.count ? $0.1[index] : 0)" }.joined(
                        separator: ", "))
        }
        return BarChart(
            id: id, title: title, description: words.joined(separator: "; ") + ".",
            width: max(20 + groups.count * groupWidth, 260), height: top + plotHeight + 22, bars: bars, legend: legend,
            hasLegend: true, hasBars: !groups.isEmpty
        ).rendered()
    }

    func rendered() -> BarChart {
        var copy = self
        let e = HTMLEscape.text
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" class=\"chart__svg\">",
            "<title id=\"\(id)-title\">\(e(title))</title>", "<desc id=\"\(id)-desc\">\(e(description))</desc>",
        ]
        for bar in bars {
            parts.append(
                "<rect class=\"chart__bar chart__bar--\(bar.series)\" x=\"\(bar.x)\" y=\"\(bar.y)\" width=\"\(bar.width)\" height=\"\(bar.height)\"></rect>"
            )
            if hasLegend {
                if bar.showLabel {
                    parts.append(
                        "<text class=\"chart__text\" x=\"\(bar.labelX)\" y=\"\(bar.labelY)\" text-anchor=\"middle\">\(e(bar.label))</text>"
                    )
                }
            } else {
                parts.append(
                    "<text class=\"chart__text\" x=\"\(bar.labelX)\" y=\"\(bar.labelY)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(e(bar.label))</text>"
                )
                parts.append(
                    "<text class=\"chart__text\" x=\"\(bar.valueX)\" y=\"\(bar.valueY)\" dominant-baseline=\"middle\">\(bar.value)</text>"
                )
            }
        }
        for item in legend {
            parts.append(
                "<rect class=\"chart__bar chart__bar--\(item.series)\" x=\"\(item.x)\" y=\"4\" width=\"12\" height=\"12\"></rect><text class=\"chart__text\" x=\"\(item.x + 16)\" y=\"14\">\(e(item.label))</text>"
            )
        }
        parts.append("</svg>")
        copy.svg = parts.joined(separator: "\n")
        return copy
    }

    static func describe(_ items: [Count], unit: String) -> String {
        guard !items.isEmpty else { return "No \(unit) in this period." }
        return items.map { "\($0.label): \($0.value)" }.joined(separator: "; ") + "."
    }
}
