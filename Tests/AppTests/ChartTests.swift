import Foundation
import Testing

@testable import App

/// The server-drawn charts (issue 20, item 9): an axis with a scale and a
/// unit, a target line where the measure has one, and labels that are
/// wrapped, never cut.
@Suite("Charts")
struct ChartTests {
    @Test("a long category name is drawn whole, over more lines, and every label is escaped")
    func labelsAreNeverCut() {
        // Setup: a name longer than the label column, and one with markup in it.
        let long = "Vehicle nuisance, abandoned vehicles and inappropriate vehicle use on estates"
        let items = [Count(label: long, value: 12), Count(label: "<script>x</script> & co", value: 3)]

        // Act
        let chart = BarChart.horizontal(id: "c", title: "By category", items: items)

        // Check: every word of the long name is in the drawing, in order, split over lines.
        let spans = chart.svg.components(separatedBy: "<tspan").dropFirst().map {
            $0.components(separatedBy: ">")[1].components(separatedBy: "</tspan")[0]
        }
        #expect(spans.filter { !$0.contains("script") }.joined(separator: " ") == long)
        #expect(spans.count >= 3)
        #expect(!chart.svg.contains("<script>"))
        #expect(chart.svg.contains("&lt;script&gt;x&lt;/script&gt; &amp; co"))
        #expect(ChartText.wrap("Averyveryverylongword", width: 8) == ["Averyver", "yverylon", "gword"])
    }

    @Test("the value axis has rounded ticks and its unit; a percentage runs 0 to 100")
    func axisAndUnit() {
        // Setup and act
        let counts = ChartAxis(scale: .count(unit: "Number of cases"), largest: 37)
        let percent = ChartAxis(scale: .percent(unit: "%"), largest: 12)
        let empty = ChartAxis(scale: .count(unit: "Cases"), largest: 0)
        let chart = BarChart.horizontal(
            id: "c", title: "Open", items: [Count(label: "Marsh", value: 37)], scale: .count(unit: "Open cases"))

        // Check
        #expect(counts.ticks == [0, 10, 20, 30, 40])
        #expect(percent.ticks == [0, 25, 50, 75, 100])
        #expect(empty.ticks == [0, 1])
        #expect(ChartAxis(scale: .count(unit: ""), largest: 9).ticks == [0, 5, 10])
        #expect(counts.length(of: 20, over: 300) == 150)
        #expect(chart.svg.contains("class=\"chart__axis\""))
        #expect(chart.svg.contains(">40</text>"))
        #expect(chart.svg.contains(">Open cases</text>"))
        #expect(chart.description.hasPrefix("Open cases. Marsh: 37"))
    }

    @Test("the response chart draws its target line and says it in words")
    func targetLine() {
        // Act
        let chart = BarChart.horizontal(
            id: "r", title: "Responded", items: [Count(label: "High", value: 94)],
            scale: .percent(unit: "Responded within the limit (%)"),
            target: .init(value: 100, label: "Target: every case within its limit"))
        let columns = BarChart.columns(
            id: "t", title: "Trend", groups: ["November 2026"], series: [("Opened", [4]), ("Closed", [2])])

        // Check: the line sits at 100% (the plot's right end) and the words name it.
        #expect(chart.svg.contains("class=\"chart__target\" x1=\"540\""))
        #expect(chart.svg.contains(">94%</text>"))
        #expect(chart.description.contains("Target: every case within its limit"))
        #expect(columns.svg.contains("<tspan x=") && columns.svg.contains(">November</tspan>"))
        #expect(columns.svg.contains(">2026</tspan>"))
        #expect(columns.svg.contains("rotate(-90)"))
    }
}
