import AdvisorEngine
import Foundation

/// The store's readers of untrusted bytes, for the fuzz harnesses (`Sources/AdvisorFuzz`):
/// visible to this package only.
package enum StoreFuzzing {
    /// A state file's bytes as the store reads them: the state, or nil where the store would
    /// move the file aside.
    package static func readState(_ data: Data) -> SessionState? {
        if case .readable(let state) = StateDirectory.decode(data) { return state }
        return nil
    }

    /// A journal's bytes replayed onto `state` as the store does (a header naming no state
    /// file matches when `state` is nil): the result, or nil where the store would not use it.
    package static func replayJournal(_ data: Data, onto state: SessionState?) -> SessionState? {
        let bases = state == nil ? [SessionJournal.noBase] : [SessionJournal.noBase, "fuzz"]
        guard case .replayed(let replayed, _, _) = SessionJournal.replay(data, bases: bases, onto: state),
              replayed?.outOfRange == nil else { return nil }
        return replayed
    }
}
