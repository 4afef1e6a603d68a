import Foundation
import LinearAlgebra
import Models
import Probing
import TextData
import Workspace

/// The classifier that scores the perturbed inputs of a faithfulness evaluation, with the map
/// from the workspace's token ids to its own (imported maps only).
struct FaithfulnessScorer {
    /// The network.
    let classifier: any TextClassifier
    /// Its tokenizer.
    let tokenizer: WordPieceTokenizer
    /// The token a masked piece becomes.
    let maskID: Int32
    /// Model id of each imported vocabulary id (−1 when the checkpoint lacks the token); nil when the ids are the model's.
    let translation: [Int32]?
    /// The imported vocabulary (for naming an untranslatable token).
    var vocabulary: TokenVocabulary? = nil

    /// `ids` in the model's vocabulary; throws naming the example and the token the checkpoint lacks.
    func translate(_ ids: [Int32], exampleID: String) throws(WorkspaceError) -> [Int32] {
        guard let translation else { return ids }
        var result: [Int32] = []
        result.reserveCapacity(ids.count)
        for id in ids {
            let mapped = translation[Int(id)]
            guard mapped >= 0 else {
                let term = vocabulary?.term(Int(id)) ?? "\(id)"
                throw WorkspaceError("The imported example \(exampleID) has the token \(term), which the checkpoint's vocabulary lacks; the maps were computed for another tokenizer, so pass the --checkpoint they were made with.",
                                     nextStep: .chooseValue(parameter: "checkpoint", advice: "the classifier the maps explain"))
            }
            result.append(mapped)
        }
        return result
    }

    /// Frequency bands of whole words in the training split, in the model's ids (`--replace random`).
    /// - Complexity: O(training tokens + |V| log |V|).
    func frequencyBands(session: WorkspaceSession) -> FrequencyBands {
        let training = session.dataset.examples.indices.filter { session.dataset.examples[$0].split == .train }
        let pool = training.isEmpty ? Array(session.dataset.examples.indices) : training
        let sequences = pool.map { position in
            let ids = session.tokenIDs(at: position)
            return translation.map { table in ids.map { table[Int($0)] }.filter { $0 >= 0 } } ?? ids
        }
        let counts = SeedListSelection.documentCounts(tokenIDs: sequences, vocabularySize: tokenizer.vocabularySize)
        let vocabulary = TokenVocabulary(tokenizer: tokenizer)
        return FrequencyBands(counts: counts, eligible: { id in
            !vocabulary.isSpecial(id) && !vocabulary.isPunctuation(id) && !vocabulary.term(Int(id)).hasPrefix("##")
        })
    }

    /// Loads the classifier of `directory`: a model folder of this program (with `salience.json`,
    /// as `export --model` writes for the CNN) through its family, else a checkpoint trained elsewhere through the adopting family.
    /// The mask id is the family's mask token (`ModelFamilyTraits.maskToken`), or `[UNK]` when the vocabulary lacks it, as for the workspace's own model.
    static func loadCheckpoint(directory: String, classes: [String], dataDescription: String) throws(WorkspaceError) -> (classifier: any TextClassifier, tokenizer: WordPieceTokenizer, maskID: Int32) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WorkspaceError("The checkpoint folder \(directory) does not exist; pass the folder of the classifier the imported maps explain.",
                                 nextStep: .chooseValue(parameter: "checkpoint", advice: "an existing folder"))
        }
        let recipePath = (directory as NSString).appendingPathComponent("salience.json")
        if let text = try? String(contentsOfFile: recipePath, encoding: .utf8), let recipe = try? JSON.decode(text) as ModelRecipe {
            guard let family = ModelFamilyRegistry.shared.family(named: recipe.kind) else {
                throw WorkspaceError("The model folder \(directory) has the kind \(recipe.kind), which this program does not know.")
            }
            guard recipe.classes == classes else {
                throw WorkspaceError("The model in \(directory) classifies into \(recipe.classes.joined(separator: ", ")), but the imported maps have the classes \(classes.joined(separator: ", ")); pass the classifier the maps were computed for.",
                                     nextStep: .chooseValue(parameter: "checkpoint", advice: "the classifier the maps explain"))
            }
            do {
                let tokenizer = try WordPieceTokenizer(vocabularyPath: (directory as NSString).appendingPathComponent("vocab.txt"), addedTokens: recipe.addedTokens)
                let classifier = try family.load(directory: directory, classCount: classes.count, vocabularySize: tokenizer.vocabularySize, seed: recipe.seed)
                return (classifier, tokenizer, tokenizer.tokenID(family.traits.maskToken) ?? tokenizer.unknownID)
            } catch let error as DataError {
                throw WorkspaceError("The model folder \(directory) is unreadable: \(error.message)")
            } catch let error as ModelError {
                throw WorkspaceError("The model folder \(directory) cannot be loaded: \(error.message)")
            } catch {
                throw WorkspaceError("The model folder \(directory) cannot be loaded: \(error)")
            }
        }
        guard let family = ModelFamilyRegistry.shared.adoptingFamily(checkpointDirectory: directory) else {
            throw WorkspaceError("No model family of this program reads a checkpoint trained elsewhere, so \(directory) cannot be used.")
        }
        do {
            let adopted = try family.adopt(checkpointDirectory: directory, classes: classes, dataDescription: dataDescription)
            return (adopted.classifier, adopted.tokenizer, adopted.tokenizer.tokenID(family.traits.maskToken) ?? adopted.tokenizer.unknownID)
        } catch {
            throw WorkspaceError(error.message, nextStep: error.nextStep)
        }
    }
}
