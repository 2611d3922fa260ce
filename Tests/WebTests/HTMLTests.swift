// HTML escaping of every character that could break out of text or an attribute.
import Testing
@testable import Web

@Suite struct HTMLTests {
    @Test func escapesMarkupAndQuotes() {
        #expect(HTML.escape(#"<script>alert("x" & 'y')</script>"#)
                == "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;")
        #expect(HTML.escape("Zoë 🐱") == "Zoë 🐱")
    }
}
