import Foundation
import Testing
@testable import TextData

/// Where the fetched data lives: SALIENCE_HOME, else the checkout's Data/, else the per-user cache.
@Suite("Data home")
struct DataHomeTests {
    private static let checkout = "/work/checkout"

    private func resolve(_ environment: [String: String], in folder: String) -> DataHome {
        DataHome.resolve(environment: environment, currentDirectory: folder, homeDirectory: "/home/ada",
                         isRepositoryRoot: { $0 == Self.checkout })
    }

    @Test("SALIENCE_HOME wins everywhere, even inside the checkout")
    func environmentWins() {
        let home = resolve(["SALIENCE_HOME": "/data/salience", "XDG_CACHE_HOME": "/cache"], in: Self.checkout)
        #expect(home == DataHome(directory: "/data/salience", origin: .environment))
        #expect(home.miniLMDirectory == "/data/salience/models/all-MiniLM-L6-v2")
        #expect(home.rottenTomatoesPath == "/data/salience/rotten-tomatoes.csv")
    }

    @Test("inside the checkout: Data at its root (relative there, absolute from a subfolder)")
    func repository() {
        #expect(resolve([:], in: Self.checkout) == DataHome(directory: "Data", origin: .repository))
        #expect(resolve(["SALIENCE_HOME": ""], in: Self.checkout + "/Sources/TextData")
            == DataHome(directory: Self.checkout + "/Data", origin: .repository))
        #expect(resolve([:], in: Self.checkout).miniLMDirectory == "Data/models/all-MiniLM-L6-v2")
    }

    @Test("elsewhere: $XDG_CACHE_HOME/salience, else ~/.cache/salience (a relative XDG_CACHE_HOME is ignored)")
    func userCache() {
        #expect(resolve(["XDG_CACHE_HOME": "/cache"], in: "/tmp/somewhere") == DataHome(directory: "/cache/salience", origin: .userCache))
        #expect(resolve([:], in: "/tmp/somewhere") == DataHome(directory: "/home/ada/.cache/salience", origin: .userCache))
        #expect(resolve(["XDG_CACHE_HOME": "relative"], in: "/work") == DataHome(directory: "/home/ada/.cache/salience", origin: .userCache))
    }

    @Test("this package's root is recognised as the checkout; a folder without its manifest is not")
    func recognisesCheckout() {
        #expect(DataHome.isSalienceCheckout(TestSupport.packageRoot))
        #expect(!DataHome.isSalienceCheckout(TestSupport.packageRoot + "/Sources"))
    }

    @Test("the fetch helper ships as a resource of TextData")
    func scriptIsBundled() throws {
        let script = try #require(DataFetcher.scriptURL)
        let text = try String(contentsOf: script, encoding: .utf8)
        #expect(text.hasPrefix("#!/usr/bin/env python3") && text.contains("def rotten_tomatoes()"))
    }
}
