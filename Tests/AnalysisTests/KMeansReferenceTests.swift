import Analysis
import LinearAlgebra
import Testing

/// Compares the Swift k-means with scikit-learn 1.7 on the fixtures written by
/// scripts/kmeans_reference.py.
@Suite("k-means against scikit-learn")
struct KMeansReferenceTests {
    @Test("sparse: best of 10 restarts is within 1% of scikit-learn's inertia for every k")
    func sparseBestOfTen() throws {
        let reference = try KMeansReference.load()
        let data = try NumpyFixture.sparse(columnCount: reference.sparse.columns)
        #expect(data.rowCount == reference.sparse.rows)
        for (key, theirs) in reference.sparse.bestOfTenInertia.sorted(by: { $0.key < $1.key }) {
            var generator = SplitMix64(seed: 2024)
            let ours = KMeans(clusterCount: Int(key)!).fit(data, generator: &generator)
            #expect(ours.inertia <= theirs * 1.01, "k = \(key): ours \(ours.inertia), scikit-learn \(theirs)")
        }
    }

    @Test("dense: best of 10 restarts is within 1% of scikit-learn's inertia for every k")
    func denseBestOfTen() throws {
        let reference = try KMeansReference.load()
        let data = try NumpyFixture.dense()
        #expect(data.rowCount == reference.dense.rows && data.columnCount == reference.dense.columns)
        for (key, theirs) in reference.dense.bestOfTenInertia.sorted(by: { $0.key < $1.key }) {
            var generator = SplitMix64(seed: 2024)
            let ours = KMeans(clusterCount: Int(key)!).fit(data, generator: &generator)
            #expect(ours.inertia <= theirs * 1.01, "k = \(key): ours \(ours.inertia), scikit-learn \(theirs)")
        }
    }

    @Test("sparse: a run from fixed block-mean centres reproduces scikit-learn's labels, inertia and iteration count")
    func sparseFromFixedStart() throws {
        let reference = try KMeansReference.load().sparse
        let data = try NumpyFixture.sparse(columnCount: reference.columns)
        let single = reference.fixedStart
        // Means of k equal consecutive blocks of rows, as scripts/kmeans_reference.py makes them.
        let dense = data.densified()
        var initial = Matrix(rowCount: single.k, columnCount: data.columnCount)
        for block in 0..<single.k {
            let rows = (block * data.rowCount / single.k)..<((block + 1) * data.rowCount / single.k)
            for column in 0..<data.columnCount {
                var sum = 0.0
                for row in rows { sum += Double(dense[row, column]) }
                initial[block, column] = Float(sum / Double(rows.count))
            }
        }
        let ours = KMeans(clusterCount: single.k, initializationCount: 1).fit(data, initialCentroids: initial)
        #expect(ours.assignments == single.labels)
        #expect(abs(ours.inertia - single.inertia) <= 1e-4 * single.inertia)
        #expect(ours.iterationCount == single.iterationCount)
    }

    @Test("dense: a run from the first k rows reproduces scikit-learn's labels, inertia and iteration count")
    func denseFromFirstRows() throws {
        let reference = try KMeansReference.load().dense
        let data = try NumpyFixture.dense()
        let single = reference.fixedStart
        let initial = data.rows(Array(0..<single.k))
        let ours = KMeans(clusterCount: single.k, initializationCount: 1).fit(data, initialCentroids: initial)
        #expect(ours.assignments == single.labels)
        #expect(abs(ours.inertia - single.inertia) <= 1e-4 * single.inertia)
        #expect(ours.iterationCount == single.iterationCount)
    }
}
