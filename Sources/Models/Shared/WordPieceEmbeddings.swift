import Foundation
import LinearAlgebra

/// The word-piece embedding table of a BERT-style checkpoint, `[vocabularySize, hiddenSize]`
/// (`[30522, 384]` for all-MiniLM-L6-v2): the tensor `embeddings.word_embeddings.weight`, with
/// or without a `bert.` prefix, of `model.safetensors` in `checkpointDirectory`.
public func loadWordPieceEmbeddingTable(checkpointDirectory: String) throws(ModelError) -> Matrix {
    let path = (checkpointDirectory as NSString).appendingPathComponent("model.safetensors")
    let header = try SafeTensors.readHeader(path: path)
    let candidates = ["embeddings.word_embeddings.weight", "bert.embeddings.word_embeddings.weight"]
    guard let name = candidates.first(where: { header.entries[$0] != nil }) else {
        throw ModelError("\(path) has no word-piece embedding tensor (looked for \(candidates.joined(separator: " and ")))."
            + " Use a BERT-style checkpoint such as all-MiniLM-L6-v2.")
    }
    let tensor = try SafeTensors.read(path: path, names: [name])[name]!
    guard tensor.shape.count == 2 else {
        throw ModelError("\(path): tensor '\(name)' has shape \(tensor.shape), expected [vocabularySize, hiddenSize].")
    }
    return Matrix(rowCount: tensor.shape[0], columnCount: tensor.shape[1], values: tensor.values)
}
