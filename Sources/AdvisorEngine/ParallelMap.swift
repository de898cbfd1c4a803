import Dispatch
import Glibc

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores, in order; for the knowledge base build, where
    /// thousands of phrases are folded and stemmed independently.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let chunks = Swift.min(count, 4 * Swift.max(1, ProcessInfoCores.count))
        guard count > 64, chunks > 1 else { return map(transform) }
        let results = ResultSlots<[Result]>(count: chunks)
        let size = (count + chunks - 1) / chunks
        self.withUnsafeBufferPointer { buffer in
            let elements = UnsafeSendableBuffer(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * size
                let end = Swift.min(start + size, elements.buffer.count)
                guard start < end else { return }
                results.set(chunk, elements.buffer[start..<end].map(transform))
            }
        }
        return results.values.flatMap { $0 }
    }
}

/// Runs two independent pieces of work at once, and returns both results.
func concurrently<First: Sendable, Second: Sendable>(
    _ first: @Sendable () -> First, and second: @Sendable () -> Second
) -> (First, Second) {
    let firstResult = ResultSlots<First>(count: 1)
    let secondResult = ResultSlots<Second>(count: 1)
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 { firstResult.set(0, first()) } else { secondResult.set(0, second()) }
    }
    // concurrentPerform returns only when both have run, so both slots are set.
    return (firstResult.values[0], secondResult.values[0])
}

/// The number of cores to spread work over.
enum ProcessInfoCores {
    static let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}

/// The input of a parallel map, read (never written) by every task while the caller waits
/// for them all: a raw buffer pointer is not `Sendable`, so the compiler cannot see that.
private struct UnsafeSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>
}

/// Slots written once each from concurrent tasks, read after they all finish.
private final class ResultSlots<Value> {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Each index is written by exactly one task, and read only after all have finished.
    func set(_ index: Int, _ value: Value) {
        slots[index] = value
    }

    var values: [Value] { slots.compactMap { $0 } }
}

/// Sendable only for Sendable values: each slot is written by one task, read after all (the
/// compiler cannot see that no two tasks write the same slot, hence unchecked).
extension ResultSlots: @unchecked Sendable where Value: Sendable {}
