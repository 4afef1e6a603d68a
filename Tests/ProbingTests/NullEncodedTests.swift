import Foundation
import Testing
@testable import Probing

/// `@NullEncoded` writes a missing value as `null` (every report row has the same keys) and reads it back.
@Suite struct NullEncodedTests {
    @Test func missingValuesAreWrittenAsNullAndReadBack() throws {
        let term = TermSensitivity(term: "rare", change: nil, count: 0, examples: 0, pieces: [["rare"]], multiPiece: false)
        let list = ListSensitivity(name: "salience", origin: "test", terms: [term])
        let data = try JSONEncoder().encode(list)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["mean"] is NSNull)
        #expect(object["std"] is NSNull)
        let row = try #require((object["terms"] as? [[String: Any]])?.first)
        #expect(row["change"] is NSNull)
        #expect(try JSONDecoder().decode(ListSensitivity.self, from: data) == list)
    }

    @Test func presentValuesRoundTripAndMissingKeysReadAsNil() throws {
        let term = TermSensitivity(term: "3/10", change: 0.25, count: 4, examples: 3, pieces: [["3", "/", "10"]], multiPiece: true)
        let data = try JSONEncoder().encode(term)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["change"] as? Double == 0.25)
        #expect(try JSONDecoder().decode(TermSensitivity.self, from: data) == term)
        let withoutChange = #"{"term":"x","count":0,"examples":0,"pieces":[["x"]],"multiPiece":false}"#
        #expect(try JSONDecoder().decode(TermSensitivity.self, from: Data(withoutChange.utf8)).change == nil)
    }
}
