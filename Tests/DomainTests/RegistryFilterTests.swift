// MLflow-style search filters, including the clause the mlflow client adds to every search.
import Domain
import Testing

@Suite struct RegistryFilterTests {
    let birds = RegistryFilter.Subject(name: "Birds", tags: ["team": "vision", "mlflow.prompt.is_prompt": "false"])

    @Test func theClientsOwnClauseAndNameMatches() throws {
        let filter = try RegistryFilter(parsing: "name = 'Birds' AND tag.`mlflow.prompt.is_prompt` != 'true'")
        #expect(filter.matches(birds))
        #expect(try RegistryFilter(parsing: "tags.`mlflow.prompt.is_prompt` != 'true'").matches(RegistryFilter.Subject(name: "x", tags: [:])))
        #expect(!(try RegistryFilter(parsing: "name = 'Fish'").matches(birds)))
    }

    @Test func likeAndIlike() throws {
        #expect(try RegistryFilter(parsing: "name LIKE 'Bi%'").matches(birds))
        #expect(!(try RegistryFilter(parsing: "name LIKE 'bi%'").matches(birds)))
        #expect(try RegistryFilter(parsing: "name ILIKE '%IRD_'").matches(birds))
        #expect(try RegistryFilter(parsing: "tags.team = \"vision\"").matches(birds))
    }

    @Test func emptyFiltersMatchEverything() throws {
        #expect(try RegistryFilter(parsing: nil).matches(birds))
        #expect(try RegistryFilter(parsing: "  ").matches(birds))
    }

    @Test func badFiltersSayWhy() {
        for text in ["name", "name = ", "name = 'open", "colour = 'red'", "name > 'a'", "name = 'a' OR name = 'b'"] {
            #expect(throws: RegistryFilter.ParseError.self, "\(text)") { try RegistryFilter(parsing: text) }
        }
    }
}
