import Foundation
import Testing

@testable import App

/// Dates on pages are UK dates and times, across the clock changes, and a
/// date typed into a filter means the start of that UK day.
@Suite("Display dates")
struct DisplayDateTests {
    private func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    @Test("summer instants show in British Summer Time, winter ones in GMT")
    func ukTime() {
        // 23:30 UTC on 31 August is 00:30 on 1 September in BST.
        #expect(DisplayDate.dayAndTime(utc("2026-08-31T23:30:00Z")) == "1 Sep 2026, 00:30")
        #expect(DisplayDate.day(utc("2026-08-31T23:30:00Z")) == "1 Sep 2026")
        // After the clocks go back (25 October 2026) UTC and UK time agree.
        #expect(DisplayDate.dayAndTime(utc("2026-11-23T09:05:00Z")) == "23 Nov 2026, 09:05")
        #expect(DisplayDate.dayAndTime(utc("2027-01-01T00:00:59Z")) == "1 Jan 2027, 00:00")
    }

    @Test("a typed date is the start of the UK day; anything else is refused")
    func parsing() {
        #expect(DisplayDate.parseDay("2026-07-01") == utc("2026-06-30T23:00:00Z"))
        #expect(DisplayDate.parseDay("2026-12-01") == utc("2026-12-01T00:00:00Z"))
        for bad in ["", "2026-02-30", "2026-7-01", "01/07/2026", "2026-07-01<script>", "२०२६-०७-०१"] {
            #expect(DisplayDate.parseDay(bad) == nil, "\(bad)")
        }
    }
}

/// Token and audit hashes are stored as lower-case hexadecimal; the hand-written
/// encoder must give the standard digest text.
@Suite("Hexadecimal digests")
struct HexDigestTests {
    @Test("SHA-256 of 'abc' and of nothing read as the published test vectors")
    func vectors() {
        #expect(Tokens.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Tokens.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Tokens.hex([0x00, 0x0f, 0xf0, 0xff]) == "000ff0ff")
        #expect(Tokens.hex([UInt8]()) == "")
    }
}

@Suite("Option lists")
struct OptionListTests {
    @Test("every value and label is escaped; only the chosen option is selected")
    func escaped() {
        // Setup: a hostile display name, a quote in a value, and unicode.
        let choices = [
            Choice(value: "a\"b", label: "<script>alert(1)</script>", selected: false),
            Choice(value: "2", label: "Siân O'Brien & Co", selected: true),
        ]
        // Act
        let html = OptionList.html(choices)
        // Check
        #expect(
            html
                == "<option value=\"a&quot;b\">&lt;script&gt;alert(1)&lt;/script&gt;</option>"
                + "<option value=\"2\" selected>Siân O&#39;Brien &amp; Co</option>")
        #expect(OptionList.html([]) == "")
        #expect(HTMLEscape.text("Plain text, nothing to escape") == "Plain text, nothing to escape")
        #expect(HTMLEscape.text("<a href='x'>\"&\"</a> 🏠") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt; 🏠")
    }
}
