// Tight elementwise loops, eight lanes at a time where the compiler would not vectorise on its own.

enum Elementwise {
    typealias Lanes = SIMD8<Float>

    /// y = max(x, 0)
    static func relu(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = load(x + i)
            store(v.replacing(with: 0, where: v .< 0), at: y + i)
            i += 8
        }
        while i < count { y[i] = max(x[i], 0); i += 1 }
    }

    /// dx = dy where y > 0, else 0
    static func reluGradient(_ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store(load(dy + i).replacing(with: 0, where: load(y + i) .<= 0), at: dx + i)
            i += 8
        }
        while i < count { dx[i] = y[i] > 0 ? dy[i] : 0; i += 1 }
    }

    /// sums[j] += Σ_rows m[row, j] for a row-major (rows, width) matrix — bias gradients.
    static func addColumnSums(_ m: UnsafePointer<Float>, rows: Int, width: Int, into sums: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            add(m + row * width, into: sums, count: width)
        }
    }

    /// y += x
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store(load(y + i) + load(x + i), at: y + i)
            i += 8
        }
        while i < count { y[i] += x[i]; i += 1 }
    }

    /// y = x for short runs (a few pixels of a patch), where a memmove call costs more than the copy.
    @inline(__always) static func copy(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store(load(x + i), at: y + i)
            i += 8
        }
        while i < count { y[i] = x[i]; i += 1 }
    }

    /// For each lane, the larger of `best` and `candidate`; `position` records which candidate won.
    @inline(__always) static func keepLarger(_ candidate: Lanes, at index: Float, best: inout Lanes, position: inout Lanes) {
        let larger = candidate .> best
        best.replace(with: candidate, where: larger)
        position.replace(with: index, where: larger)
    }

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    @inline(__always) static func store(_ v: Lanes, at p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }
}
