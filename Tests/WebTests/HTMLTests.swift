// HTML that escapes by default: every character that could break out of text or an attribute, in
// every way a value can reach a page.
import Testing
@testable import Web

@Suite struct HTMLTests {
    let hostile = #"<script>alert("x" & 'y')</script>"#
    let escaped = "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"

    @Test func escapesMarkupAndQuotes() {
        #expect(HTML.escape(hostile) == escaped)
        #expect(HTML.escape("Zoë 🐱") == "Zoë 🐱")
    }

    @Test func interpolatedValuesAreEscapedAndLiteralsAreMarkup() {
        // Given a hostile name as a String, an optional, a Substring and inside a description
        let name: String = hostile
        let maybe: String? = hostile
        struct Labelled: CustomStringConvertible { let description: String }
        let page: HTML = """
            <p title="\(name)">\(maybe ?? "")</p><b>\(name.prefix(7))</b><i>\(Labelled(description: name))</i>
            """
        // Then every value is escaped and the page's own tags stay markup
        #expect(page.text == #"<p title="\#(escaped)">\#(escaped)</p><b>&lt;script</b><i>\#(escaped)</i>"#)
    }

    @Test func fragmentsNestWithoutBeingEscapedTwice() {
        // Given rows built as fragments, a conditional literal attribute, and a raw constant
        let rows = ["a&b", "<c>"].map { cell -> HTML in "<td>\(cell)</td>" }
        let checked = true
        let page: HTML = "<tr\(if: checked, " class=\"on\"")>\(rows)</tr>\(HTML.raw("&nbsp;"))"
        // Then each fragment appears once as markup, its text escaped once
        #expect(page.text == #"<tr class="on"><td>a&amp;b</td><td>&lt;c&gt;</td></tr>&nbsp;"#)
        #expect(rows.joined(separator: "<br>").text == "<td>a&amp;b</td><br><td>&lt;c&gt;</td>")
        // And a ternary of two literals is text, escaped: markup never slips in by inference
        let inferred: HTML = "<tr\(checked ? " class=\"on\"" : "")>"
        #expect(inferred.text == "<tr class=&quot;on&quot;>")
    }

    @Test func thePageShellEscapesItsTitle() {
        let page = HTML.page(title: hostile, scripts: ["/js/x.js"], body: "<main></main>")
        #expect(page.text.contains("<title>\(escaped) · Loupe</title>"))
        #expect(page.text.contains(#"<script type="module" src="/js/x.js"></script>"#))
    }
}
