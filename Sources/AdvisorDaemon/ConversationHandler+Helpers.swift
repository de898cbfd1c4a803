import AdvisorEngine
import AdvisorRuntime
import AdvisorStore
import Foundation
import Logging
import NIOCore

/// What a failure means on the wire, and how figures are written in the log and in refusals.
extension ConversationHandler {
    // MARK: - Helpers

    static func daemonError(_ error: any Error) -> DaemonError {
        switch error {
        case let error as SessionStoreError:
            DaemonError(.storeFailed, error.message)
        case is TurnRunnerStopped:
            DaemonError(.shuttingDown, "The advisor is shutting down; your message was not taken. Try again in a moment.")
        default:
            DaemonError(.internalError, "The advisor could not answer: \(error)")
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }

    static func format(_ rate: Double) -> String {
        rate == rate.rounded() ? "\(Int(rate)) requests" : String(format: "%.1f requests", rate)
    }
}
