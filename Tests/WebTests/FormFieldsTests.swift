// URL-encoded form and query decoding.
import Testing
@testable import Web

@Suite struct FormFieldsTests {
    @Test func decodesPlusPercentAndRepeats() {
        // Given a body with escapes, a plus, an empty value and a repeated name
        let fields = FormFields(urlEncoded: "name=J%C3%BCrg+Smith&empty=&tag=a&tag=b&flag")
        // Then each value is decoded and repeats are kept in order
        #expect(fields["name"] == "Jürg Smith")
        #expect(fields["empty"] == "")
        #expect(fields.all("tag") == ["a", "b"])
        #expect(fields["flag"] == "")
        #expect(fields["missing"] == nil)
    }

    @Test func keepsInvalidEscapesLiterally() {
        let fields = FormFields(urlEncoded: "a=100%&b=%zz&c=%4")
        #expect(fields["a"] == "100%")
        #expect(fields["b"] == "%zz")
        #expect(fields["c"] == "%4")
    }

    @Test func requiredFieldNamesTheMissingField() {
        let fields = FormFields(urlEncoded: "username=+++")
        #expect(throws: HTTPError.badRequest("username is required.", field: "username", code: "missing_field")) {
            try fields.required("username")
        }
    }

    @Test func encodesForQueryStrings() {
        #expect(FormFields.encodeComponent("/a b?c=ü") == "%2Fa%20b%3Fc%3D%C3%BC")
        #expect(FormFields(urlEncoded: "x=" + FormFields.encodeComponent("/a b&c")) ["x"] == "/a b&c")
    }
}
